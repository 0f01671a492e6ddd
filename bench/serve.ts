import { buildPortalConfig } from '../src/config'
import { startPortalServer } from '../src/server'

/** The real portal server on the bench database, API only, no rate limits; a child of bench/run.ts. */
const main = async () => {
  const portal = await startPortalServer({
    admin: false,
    config: buildPortalConfig({ databaseUri: process.env.DATABASE_URI }),
    logLevel: 'silent',
    port: Number(process.env.PORT ?? 0),
    rateLimits: false,
  })
  process.stdout.write(`READY ${portal.port} ${process.pid}\n`)
  process.on('SIGTERM', () => {
    portal.close().finally(() => process.exit(0))
  })
}

main().then(
  () => undefined,
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
