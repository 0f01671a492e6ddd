/**
 * Several real server processes on one database, as several machines of a portal run them: each
 * is `tests/helpers/serveApi.ts` (Express + Payload, no admin, so no build) in a child process,
 * on an ephemeral port. The database is a fresh SQLite file (several processes share its WAL), or,
 * with TEST_DATABASE=postgres and POSTGRES_URI, a fresh PostgreSQL database on that server.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import type { Payload } from 'payload'

import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { getPayload } from 'payload'

import { buildPortalConfig } from '../../src/config'
import { runMigrations } from '../../src/database'
import { forgetPayload } from './forgetPayload'

const root = process.cwd()
const BOOT_DEADLINE_MS = 90_000

export type Instance = {
  /** Resolves with the exit code (null after a signal) once the process is gone. */
  exited: Promise<null | number>
  /** SIGKILL: the machine is gone, nothing is closed. */
  kill: () => Promise<void>
  name: string
  /** Everything it wrote to stdout and stderr. */
  output: () => string
  pid: number
  /** SIGTERM, then SIGKILL if it has not exited after 15 s. */
  stop: () => Promise<void>
  url: string
}

export type SharedDatabase = {
  drop: () => Promise<void>
  kind: 'postgres' | 'sqlite'
  uri: string
}

export const onPostgres = (): boolean =>
  process.env.TEST_DATABASE === 'postgres' && Boolean(process.env.POSTGRES_URI)

/** A fresh database for one test file's instances: a SQLite file, or a PostgreSQL database. */
export const sharedDatabase = async (): Promise<SharedDatabase> => {
  const name = `cms_instances_${crypto.randomBytes(6).toString('hex')}`
  if (onPostgres()) {
    const server = process.env.POSTGRES_URI!
    const admin = new pg.Client({ connectionString: server })
    await admin.connect()
    try {
      await admin.query(`CREATE DATABASE "${name}"`)
    } finally {
      await admin.end()
    }
    const url = new URL(server)
    url.pathname = `/${name}`
    return {
      drop: async () => {
        const client = new pg.Client({ connectionString: server })
        await client.connect()
        try {
          await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
        } finally {
          await client.end()
        }
      },
      kind: 'postgres',
      uri: url.toString(),
    }
  }
  const file = path.join(os.tmpdir(), `${name}.db`)
  return {
    drop: async () => {
      for (const suffix of ['', '-wal', '-shm']) {
        fs.rmSync(`${file}${suffix}`, { force: true })
      }
    },
    kind: 'sqlite',
    uri: `file:${file}`,
  }
}

/**
 * Migrates the shared database and lets `setup` write the test's fixtures through the Local API,
 * then closes this process's connection, before any instance starts (the instances' own race to
 * migrate an empty database is another test's subject).
 */
export const prepareDatabase = async <T>(
  uri: string,
  setup: (payload: Payload) => Promise<T>,
): Promise<T> => {
  const key = `prepare-${crypto.randomUUID()}`
  const payload = await getPayload({ config: buildPortalConfig({ databaseUri: uri }), key })
  try {
    await runMigrations(payload)
    return await setup(payload)
  } finally {
    await payload.db.destroy?.()
    forgetPayload(key)
  }
}

const spawnInstance = (name: string, env: Record<string, string>) =>
  new Promise<Instance>((resolve, reject) => {
    // The launcher retries Node 20's rare exit 13 while loading Payload's module graph.
    const child: ChildProcessWithoutNullStreams = spawn(
      process.execPath,
      ['scripts/launch.mjs', 'tests/helpers/serveApi.ts'],
      // Its own process group, so a kill reaches the launcher's child (the server) too.
      { cwd: root, detached: true, env: { ...process.env, NODE_OPTIONS: '', PORT: '0', ...env } },
    )
    let output = ''
    let done = false
    const exited = new Promise<null | number>((settle) => child.on('exit', (code) => settle(code)))
    const signal = (name: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, name)
      } catch {
        // Already gone.
      }
    }
    const timer = setTimeout(() => {
      signal('SIGKILL')
      reject(new Error(`instance ${name} did not listen within ${BOOT_DEADLINE_MS} ms:\n${output}`))
    }, BOOT_DEADLINE_MS)
    const gone = () => child.exitCode !== null || child.signalCode !== null
    const kill = async () => {
      if (!gone()) {
        signal('SIGKILL')
      }
      await exited
    }
    const stop = async () => {
      if (gone()) {
        return
      }
      signal('SIGTERM')
      const late = setTimeout(() => signal('SIGKILL'), 15_000)
      await exited
      clearTimeout(late)
    }
    const collect = (chunk: Buffer) => {
      output += chunk
      const match = !done && /listening on (http:\/\/\S+)/.exec(output)
      if (match) {
        done = true
        clearTimeout(timer)
        resolve({
          exited,
          kill,
          name,
          output: () => output,
          pid: child.pid!,
          stop,
          url: match[1]!,
        })
      }
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    void exited.then((code) => {
      clearTimeout(timer)
      if (!done) {
        reject(new Error(`instance ${name} exited with ${code} before listening:\n${output}`))
      }
    })
  })

const waitForHealth = async (instance: Instance, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const status = await fetch(`${instance.url}/api/health`).then(
      (res) => res.status,
      () => 0,
    )
    if (status === 200) {
      return
    }
    if (Date.now() > deadline) {
      throw new Error(`instance ${instance.name} is not healthy (${status}):\n${instance.output()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * Starts one instance and waits until `/api/health` answers 200. A start that never gets going
 * (tsx on a loaded machine now and then idles before loading anything) is tried again, twice.
 */
export const startInstance = async (
  name: string,
  env: Record<string, string>,
): Promise<Instance> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const instance = await spawnInstance(name, env)
      await waitForHealth(instance)
      return instance
    } catch (error) {
      if (attempt === 3) {
        throw error
      }
      process.stderr.write(
        `instance ${name} start ${attempt} failed, retrying: ${String(error).split('\n')[0]}\n`,
      )
    }
  }
}

/** Kills whatever is still running (after a failed assertion, say). */
export const killAll = async (instances: (Instance | undefined)[]): Promise<void> => {
  await Promise.all(instances.map((instance) => instance?.kill()))
}
