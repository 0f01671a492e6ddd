import type { Plugin } from 'payload'

import type { PortalServer } from '../../src/server'
import { startPortalServer } from '../../src/server'
import { throwawayDatabaseUri } from './initPayloadInt'
import { buildPortalConfig } from '../../src/config'
import fs from 'node:fs'

export type TestServer = PortalServer & { cleanup: () => Promise<void>; databaseUri: string }

type StartServerArgs = { jsonLimit?: string; plugins?: Plugin[] }

/** The real Express server (REST + GraphQL, no admin build needed) on an ephemeral port. */
export const startServer = async ({ jsonLimit, plugins }: StartServerArgs = {}): Promise<TestServer> => {
  const databaseUri = throwawayDatabaseUri()
  const portal = await startPortalServer({
    config: buildPortalConfig({ databaseUri, plugins }),
    jsonLimit,
    logLevel: 'silent',
    port: 0,
  })
  const cleanup = async () => {
    await portal.close()
    if (databaseUri.startsWith('file:')) {
      const file = databaseUri.slice('file:'.length)
      for (const suffix of ['', '-wal', '-shm']) {
        fs.rmSync(`${file}${suffix}`, { force: true })
      }
    }
  }
  return { ...portal, cleanup, databaseUri }
}
