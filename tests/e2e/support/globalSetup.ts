import { spawn, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

import type { ServerState } from './paths'
import { ARTIFACTS, STATE_FILE } from './paths'

const ROOT = process.cwd()
const BUILD_ID = path.join(ROOT, '.next', 'BUILD_ID')
/** What the admin build is made from: a change to any of them makes the build stale. */
const SOURCES = ['src', 'collections', 'payload.config.ts', 'next.config.mjs', 'package.json']

const newestSource = (entry: string): number => {
  const stat = fs.statSync(entry, { throwIfNoEntry: false })
  if (!stat) {
    return 0
  }
  if (!stat.isDirectory()) {
    return stat.mtimeMs
  }
  return fs
    .readdirSync(entry)
    .filter((name) => name !== 'migrations' && !name.startsWith('.'))
    .reduce((newest, name) => Math.max(newest, newestSource(path.join(entry, name))), stat.mtimeMs)
}

/** Testing an old build would test old code: build when there is none or the sources changed. */
const ensureBuild = () => {
  const built = fs.statSync(BUILD_ID, { throwIfNoEntry: false })?.mtimeMs ?? 0
  const changed = Math.max(...SOURCES.map((entry) => newestSource(path.join(ROOT, entry))))
  if (built > changed) {
    return
  }
  process.stdout.write(
    built
      ? '\ne2e: sources changed since the last build; rebuilding the admin…\n'
      : '\ne2e: building the admin…\n',
  )
  const started = Date.now()
  const build = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NEXT_TELEMETRY_DISABLED: '1',
        NODE_ENV: 'production',
        NODE_OPTIONS: '--no-deprecation',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  )
  if (build.status !== 0) {
    throw new Error('e2e: the admin build failed; see the output above.')
  }
  process.stdout.write(`e2e: built in ${Math.round((Date.now() - started) / 1000)} s\n`)
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })

const waitForHealth = async (baseUrl: string, exited: () => null | string, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const exit = exited()
    if (exit) {
      throw new Error(
        `e2e: the server stopped before answering (${exit}); see ${path.join(ARTIFACTS, 'server.log')}`,
      )
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`)
      if (response.ok) {
        return
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`e2e: no answer from ${baseUrl}/api/health within ${timeoutMs / 1000} s`)
}

/** Builds if needed, then starts the real server (`npm start`'s entry) on a throwaway database. */
export default async function globalSetup() {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  for (const name of fs.readdirSync(ARTIFACTS)) {
    if (name.endsWith('.png')) {
      fs.rmSync(path.join(ARTIFACTS, name))
    }
  }
  ensureBuild()

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-e2e-'))
  const port = await freePort()
  const password = `e2e-${crypto.randomBytes(6).toString('hex')}`
  const log = fs.openSync(path.join(ARTIFACTS, 'server.log'), 'w')
  const started = Date.now()
  const child = spawn(
    process.execPath,
    [path.join(ROOT, 'scripts/launch.mjs'), 'src/bin/start.ts'],
    {
      cwd: ROOT,
      detached: true,
      env: {
        ...process.env,
        DATABASE_URI: `file:${path.join(dir, 'e2e.db')}`,
        DEMO_PASSWORD: password,
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        NODE_OPTIONS: '--no-deprecation',
        PORT: String(port),
        SEED_DEMO: '1',
      },
      stdio: ['ignore', log, log],
    },
  )
  let exit: null | string = null
  child.once('exit', (code, signal) => {
    exit = `exit code ${code ?? signal}`
  })
  const baseUrl = `http://127.0.0.1:${port}`
  await waitForHealth(baseUrl, () => exit, 5 * 60 * 1000)
  process.stdout.write(
    `e2e: server up at ${baseUrl} in ${Math.round((Date.now() - started) / 1000)} s\n`,
  )

  const state: ServerState = {
    baseUrl,
    dir,
    password,
    pid: child.pid!,
    uploadPrefix: `e2e-${crypto.randomBytes(4).toString('hex')}`,
  }
  fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2))
  child.unref()
}
