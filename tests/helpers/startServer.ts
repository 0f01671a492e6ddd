import type { Plugin } from 'payload'

import type { PortalServer, PortalServerOptions } from '../../src/server'
import { startPortalServer } from '../../src/server'
import { dropThrowawayDatabase, throwawayDatabaseUri } from './initPayloadInt'
import { buildPortalConfig } from '../../src/config'

import { forgetPayload } from './forgetPayload'

export type TestServer = PortalServer & { cleanup: () => Promise<void>; databaseUri: string }

type StartServerArgs = Pick<PortalServerOptions, 'introspection' | 'rateLimits'> & {
  jsonLimit?: string
  plugins?: Plugin[]
}

/** The real Express server (REST + GraphQL, no admin build needed) on an ephemeral port. */
export const startServer = async ({
  introspection,
  jsonLimit,
  plugins,
  rateLimits,
}: StartServerArgs = {}): Promise<TestServer> => {
  const databaseUri = await throwawayDatabaseUri()
  const portal = await startPortalServer({
    config: buildPortalConfig({ databaseUri, plugins }),
    introspection,
    jsonLimit,
    logLevel: 'silent',
    port: 0,
    rateLimits,
  })
  const cleanup = async () => {
    await portal.close()
    forgetPayload()
    await dropThrowawayDatabase(databaseUri)
  }
  return { ...portal, cleanup, databaseUri }
}
