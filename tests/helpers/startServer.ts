import type { Plugin } from 'payload'

import type { PortalServer, PortalServerOptions } from '../../src/server'
import { startPortalServer } from '../../src/server'
import { throwawayDatabaseUri } from './initPayloadInt'
import { buildPortalConfig } from '../../src/config'
import fs from 'node:fs'

import { forgetPayload } from './forgetPayload'

export type TestServer = PortalServer & { cleanup: () => Promise<void>; databaseUri: string }

type StartServerArgs = Pick<PortalServerOptions, 'introspection' | 'rateLimits'> & {
  /** Run the job queue on its timers; off by default, so tests run jobs when they choose. */
  jobs?: boolean
  jsonLimit?: string
  plugins?: Plugin[]
}

/** The real Express server (REST + GraphQL, no admin build needed) on an ephemeral port. */
export const startServer = async ({
  introspection,
  jobs = false,
  jsonLimit,
  plugins,
  rateLimits,
}: StartServerArgs = {}): Promise<TestServer> => {
  const databaseUri = throwawayDatabaseUri()
  const portal = await startPortalServer({
    config: buildPortalConfig({ databaseUri, plugins }),
    introspection,
    jobs,
    jsonLimit,
    logLevel: 'silent',
    port: 0,
    rateLimits,
  })
  const cleanup = async () => {
    await portal.close()
    forgetPayload()
    if (databaseUri.startsWith('file:')) {
      const file = databaseUri.slice('file:'.length)
      for (const suffix of ['', '-wal', '-shm']) {
        fs.rmSync(`${file}${suffix}`, { force: true })
      }
    }
  }
  return { ...portal, cleanup, databaseUri }
}
