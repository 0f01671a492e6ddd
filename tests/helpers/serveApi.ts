/**
 * The real server as its own process, API only (no admin, so no Next build): tests send it
 * signals and read its logs. Env: DATABASE_URI, PORT (0 for any), LOG_LEVEL (default silent).
 */
import { buildPortalConfig } from '../../src/config'
import { startPortalServer } from '../../src/server'

const main = async () => {
  const portal = await startPortalServer({
    config: buildPortalConfig({ databaseUri: process.env.DATABASE_URI }),
    logLevel: process.env.LOG_LEVEL ?? 'silent',
    port: Number(process.env.PORT ?? 0),
  })
  let stopping = false
  process.on('SIGTERM', () => {
    if (stopping) {
      return
    }
    stopping = true
    // The parent waits for this line to know the signal arrived before asserting on refusals.
    process.stderr.write('SIGTERM: closing\n')
    portal.close().then(
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
