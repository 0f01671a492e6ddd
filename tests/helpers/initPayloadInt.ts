import type { Payload, Plugin } from 'payload'

import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { getPayload } from 'payload'

import { buildPortalConfig } from '../../src/config'
import { runMigrations } from '../../src/database'
import { forgetPayload } from './forgetPayload'

/**
 * A throwaway database for one test file: a fresh SQLite file, or, when TEST_DATABASE=mongodb,
 * a fresh database on the MONGODB_URI server.
 */
export const throwawayDatabaseUri = (): string => {
  const name = `cms-test-${crypto.randomUUID()}`
  if (process.env.TEST_DATABASE === 'mongodb' && process.env.MONGODB_URI) {
    const url = new URL(process.env.MONGODB_URI)
    url.pathname = `/${name}`
    return url.toString()
  }
  return `file:${path.join(os.tmpdir(), `${name}.db`)}`
}

export type IntContext = {
  cleanup: () => Promise<void>
  config: ReturnType<typeof buildPortalConfig>
  databaseUri: string
  payload: Payload
}

type InitArgs = {
  /** Cache key, for a second Payload with another config in the same test file. */
  key?: string
  /** Content plugins other than the product's: the schema is pushed, not migrated. */
  plugins?: Plugin[]
}

export const initPayloadInt = async ({ key, plugins }: InitArgs = {}): Promise<IntContext> => {
  const databaseUri = throwawayDatabaseUri()
  const config = buildPortalConfig({ databaseUri, plugins, push: Boolean(plugins) })
  const payload = await getPayload({ config, key })
  if (!plugins) {
    await runMigrations(payload)
  }
  const cleanup = async () => {
    if (databaseUri.startsWith('mongodb')) {
      await payload.db.dropDatabase?.({ adapter: payload.db as never })
    }
    await payload.db.destroy?.()
    forgetPayload(key)
    if (databaseUri.startsWith('file:')) {
      const file = databaseUri.slice('file:'.length)
      for (const suffix of ['', '-wal', '-shm']) {
        fs.rmSync(`${file}${suffix}`, { force: true })
      }
    }
  }
  return { cleanup, config, databaseUri, payload }
}
