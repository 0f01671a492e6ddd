/**
 * The real server as its own process, API only (no admin, so no Next build): tests send it
 * signals and read its logs. Env: DATABASE_URI, PORT (0 for any), LOG_LEVEL (default silent);
 * SEED_DATA_DIR: seed the demo content as `npm start` does (password DEMO_PASSWORD), keeping the
 * credentials file in that folder. START_BARRIER: once loaded, wait until that file exists, so that
 * several processes begin their start-up (connect, migrate, seed) at the same moment.
 */
import fs from 'node:fs'

import { buildPortalConfig } from '../../src/config'
import { seedDemo } from '../../src/seed/demo'
import { startPortalServer } from '../../src/server'

const main = async () => {
  const barrier = process.env.START_BARRIER
  if (barrier) {
    process.stderr.write('at the start barrier\n')
    while (!fs.existsSync(barrier)) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
  const portal = await startPortalServer({
    config: buildPortalConfig({ databaseUri: process.env.DATABASE_URI }),
    logLevel: process.env.LOG_LEVEL ?? 'silent',
    onReady: async (payload) => {
      const dataDir = process.env.SEED_DATA_DIR
      if (dataDir) {
        const seeded = await seedDemo({
          dataDir,
          password: process.env.DEMO_PASSWORD ?? null,
          payload,
        })
        process.stderr.write(seeded ? 'seeded the demo content\n' : 'demo seed: not empty\n')
      }
    },
    port: Number(process.env.PORT ?? 0),
  })
  let stopping = false
  process.on('SIGTERM', () => {
    if (stopping) {
      return
    }
    stopping = true
    // close() stops listening before its first await; only then does this line tell the parent,
    // which asserts at once that new connections are refused (written first, a loaded machine
    // let the parent connect before the listener closed).
    const closed = portal.close()
    process.stderr.write('SIGTERM: closing\n')
    closed.then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`close failed: ${String(error)}\n`)
        process.exit(1)
      },
    )
  })
  process.stderr.write(`listening on ${portal.url}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(`serveApi failed: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
