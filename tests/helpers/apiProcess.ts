import { spawn } from 'node:child_process'

export type ApiProcess = { stop: () => Promise<void>; url: string }

const BOOT_DEADLINE_MS = 60_000

/**
 * `tests/helpers/serveApi.ts` as a process of its own on `databaseUri`: another instance, with its
 * own Payload and connection pool. Resolves once it listens; `stop` ends it with SIGTERM.
 */
export const startApiProcess = (databaseUri: string): Promise<ApiProcess> =>
  new Promise((resolve, reject) => {
    // The launcher forwards signals to the server and retries Node 20's rare exit 13 at load time.
    const child = spawn(process.execPath, ['scripts/launch.mjs', 'tests/helpers/serveApi.ts'], {
      cwd: process.cwd(),
      env: { ...process.env, DATABASE_URI: databaseUri, NODE_OPTIONS: '', PORT: '0' },
    })
    let output = ''
    const exited = new Promise<void>((done) => child.on('exit', () => done()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`serveApi did not listen within ${BOOT_DEADLINE_MS} ms:\n${output}`))
    }, BOOT_DEADLINE_MS)
    const collect = (chunk: Buffer) => {
      output += chunk
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({
          stop: async () => {
            child.kill('SIGTERM')
            await exited
          },
          url: match[1]!,
        })
      }
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`serveApi exited before listening:\n${output}`))
    })
  })
