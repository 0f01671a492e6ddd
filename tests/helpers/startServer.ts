import type { Plugin } from 'payload'

import type { PortalServer, PortalServerOptions } from '../../src/server'
import { startPortalServer } from '../../src/server'
import { dropThrowawayDatabase, throwawayDatabaseUri } from './initPayloadInt'
import type { PortalConfigOptions } from '../../src/config'
import { buildPortalConfig } from '../../src/config'

import { forgetPayload } from './forgetPayload'

export type TestServer = PortalServer & { cleanup: () => Promise<void>; databaseUri: string }

type StartServerArgs = Pick<PortalServerOptions, 'corsOrigins' | 'rateLimits'> &
  Pick<PortalConfigOptions, 'introspection'> & {
    /**
     * Serve another server's database: a second instance in front of the same data. Payload keeps
     * one instance per process, so both share it; cleanup stops only this server's HTTP side.
     */
    databaseUri?: string
    /** The feed and sitemap's options (a lowered sitemap page size). */
    feeds?: PortalConfigOptions['feeds']
    /** Run the job queue on its timers; off by default, so tests run jobs when they choose. */
    jobs?: boolean
    jsonLimit?: string
    plugins?: Plugin[]
  }

/** The real Express server (REST + GraphQL, no admin build needed) on an ephemeral port. */
export const startServer = async ({
  corsOrigins,
  databaseUri: shared,
  feeds,
  introspection,
  jobs = false,
  jsonLimit,
  plugins,
  rateLimits,
}: StartServerArgs = {}): Promise<TestServer> => {
  const databaseUri = shared ?? (await throwawayDatabaseUri())
  const portal = await startPortalServer({
    config: buildPortalConfig({ databaseUri, feeds, introspection, plugins }),
    corsOrigins,
    jobs,
    jsonLimit,
    logLevel: 'silent',
    port: 0,
    rateLimits,
  })
  const cleanup = async () => {
    if (shared) {
      await new Promise<void>((resolve) => {
        portal.server.close(() => resolve())
        portal.server.closeAllConnections()
      })
      return
    }
    await portal.close()
    forgetPayload()
    await dropThrowawayDatabase(databaseUri)
  }
  return { ...portal, cleanup, databaseUri }
}
