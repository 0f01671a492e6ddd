/**
 * Real servers as processes of their own (tests/helpers/serveApi.ts, API only), and a throwaway
 * Redis server: for tests of several instances, signals and faults.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process'

import { spawn, spawnSync } from 'node:child_process'
import net from 'node:net'

export type ApiProcess = {
  child: ChildProcessWithoutNullStreams
  exited: Promise<null | number>
  output: () => string
  url: string
}

const BOOT_DEADLINE_MS = 90_000

const killGroup = (child: ChildProcessWithoutNullStreams) => {
  try {
    process.kill(-child.pid!, 'SIGKILL')
  } catch {
    child.kill('SIGKILL')
  }
}

const spawnApi = (env: Record<string, string>) =>
  new Promise<ApiProcess>((resolve, reject) => {
    // The launcher forwards signals to the server and gives it the project's Node flags.
    const child = spawn(process.execPath, ['scripts/launch.mjs', 'tests/helpers/serveApi.ts'], {
      cwd: process.cwd(),
      // Its own process group: stopApi ends the launcher and the server it started together.
      detached: true,
      env: { ...process.env, NODE_OPTIONS: '', PORT: '0', ...env },
    })
    let output = ''
    const exited = new Promise<null | number>((done) => child.on('exit', (code) => done(code)))
    const timer = setTimeout(() => {
      killGroup(child)
      reject(new Error(`serveApi did not listen within ${BOOT_DEADLINE_MS} ms:\n${output}`))
    }, BOOT_DEADLINE_MS)
    const collect = (chunk: Buffer) => {
      output += chunk
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({ child, exited, output: () => output, url: match[1]! })
      }
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`serveApi exited with ${code} before listening:\n${output}`))
    })
  })

/** Starts serveApi with `env` (DATABASE_URI, REDIS_URL, …): another instance, its own Payload and pool. */
export const serveApi = spawnApi

/** Stops the process and the server it launched, if they still run. */
export const stopApi = async (api: ApiProcess | undefined): Promise<void> => {
  if (api && api.child.exitCode === null && api.child.signalCode === null) {
    killGroup(api.child)
    await api.exited
  }
}

/** A TCP port nothing listens on now. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })

/** Whether `redis-server` can be run here (every machine of this project has it; a bare one may not). */
export const hasRedisServer = (): boolean =>
  spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0

export type ThrowawayRedis = {
  port: number
  /** Starts it again on the same port, empty (nothing is saved). */
  start: () => Promise<void>
  /** Stops it (SIGTERM) and waits for the exit. */
  stop: () => Promise<void>
  url: string
}

/**
 * A Redis server of the test's own on a free loopback port, saving nothing: stopped and started
 * by the test, never the machine's shared one.
 */
export const throwawayRedis = async (): Promise<ThrowawayRedis> => {
  const port = await freePort()
  let child: ChildProcessWithoutNullStreams | null = null
  let exited: Promise<unknown> = Promise.resolve()
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const server = spawn('redis-server', [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
      ])
      child = server
      exited = new Promise((done) => server.once('exit', done))
      let output = ''
      const timer = setTimeout(
        () => reject(new Error(`redis-server did not start:\n${output}`)),
        10_000,
      )
      server.stdout.on('data', (chunk: Buffer) => {
        output += chunk
        if (/Ready to accept connections/.test(output)) {
          clearTimeout(timer)
          resolve()
        }
      })
      server.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`redis-server exited with ${code}:\n${output}`))
      })
    })
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await exited
    }
    child = null
  }
  await start()
  return { port, start, stop, url: `redis://127.0.0.1:${port}` }
}
