/**
 * A PostgreSQL cluster of the test's own (initdb into a temporary folder, trust auth, a free
 * loopback port), stopped and started by the test: never the machine's shared server.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { freePort } from './apiProcess'

export type ThrowawayPostgres = {
  /** Removes the cluster (stopping it first); safe to call twice. */
  destroy: () => Promise<void>
  port: number
  /** Whether the test last started it (and has not stopped it since). */
  running: () => boolean
  start: () => Promise<void>
  /** pg_ctl stop: `fast` rolls back open transactions, `immediate` aborts without a shutdown. */
  stop: (mode: 'fast' | 'immediate') => Promise<void>
  /** postgres://… of the cluster's `postgres` database. */
  url: string
}

const binDirs = (): string[] => {
  const dirs: string[] = []
  const configured = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' })
  if (configured.status === 0 && configured.stdout.trim()) {
    dirs.push(configured.stdout.trim())
  }
  const root = '/usr/lib/postgresql'
  if (fs.existsSync(root)) {
    const versions = fs
      .readdirSync(root)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a))
    dirs.push(...versions.map((version) => path.join(root, version, 'bin')))
  }
  return dirs
}

const findBinDir = (): null | string =>
  binDirs().find((dir) =>
    ['initdb', 'pg_ctl'].every((bin) => fs.existsSync(path.join(dir, bin))),
  ) ?? null

const isRoot = () => process.getuid?.() === 0

/**
 * Why a throwaway cluster cannot be made here, or null when it can: initdb and pg_ctl are needed,
 * and as root (which initdb refuses) also `runuser` and a `postgres` account to run them as.
 */
export const throwawayPostgresUnavailable = (): null | string => {
  if (!findBinDir()) {
    return 'no PostgreSQL server binaries (initdb, pg_ctl) found'
  }
  if (isRoot()) {
    if (spawnSync('runuser', ['--help'], { stdio: 'ignore' }).error) {
      return 'running as root without runuser'
    }
    if (spawnSync('id', ['-u', 'postgres'], { stdio: 'ignore' }).status !== 0) {
      return 'running as root without a postgres user'
    }
  }
  return null
}

export const throwawayPostgres = async (): Promise<ThrowawayPostgres> => {
  const bin = findBinDir()
  const unavailable = throwawayPostgresUnavailable()
  if (!bin || unavailable) {
    throw new Error(`throwaway PostgreSQL: ${unavailable}`)
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-pg-'))
  const dataDir = path.join(root, 'data')
  const socketDir = path.join(root, 'socket')
  fs.mkdirSync(socketDir)
  const port = await freePort()
  const run = (command: string, args: string[]) => {
    const [file, fullArgs] = isRoot()
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]]
      : [path.join(bin, command), args]
    const result = spawnSync(file, fullArgs, { encoding: 'utf8', timeout: 120_000 })
    if (result.status !== 0) {
      throw new Error(
        `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`,
      )
    }
  }
  if (isRoot()) {
    // The cluster belongs to the postgres user, who must reach it through the temp folder.
    fs.chmodSync(root, 0o755)
    spawnSync('chown', ['-R', 'postgres:', root])
  }
  run('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'])
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off`
  let running = false
  const start = async () => {
    run('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(root, 'log'), '-w', 'start'])
    running = true
  }
  const stop = async (mode: 'fast' | 'immediate') => {
    run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop'])
    running = false
  }
  const destroy = async () => {
    if (running) {
      await stop('immediate').catch(() => undefined)
    }
    fs.rmSync(root, { force: true, recursive: true })
  }
  await start()
  return {
    destroy,
    port,
    running: () => running,
    start,
    stop,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
  }
}
