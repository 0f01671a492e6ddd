import type { Payload, Plugin } from 'payload'

import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { getPayload } from 'payload'
import pg from 'pg'

import { buildPortalConfig } from '../../src/config'
import { runMigrations } from '../../src/database'
import { forgetPayload } from './forgetPayload'

/** The database tests run on: SQLite files, or the server TEST_DATABASE names (npm test sets it). */
export const testDatabase = (): 'mongodb' | 'postgres' | 'sqlite' =>
  process.env.TEST_DATABASE === 'postgres' && process.env.POSTGRES_URI
    ? 'postgres'
    : process.env.TEST_DATABASE === 'mongodb' && process.env.MONGODB_URI
      ? 'mongodb'
      : 'sqlite'

/** A pg client on the POSTGRES_URI server's own database, for creating and dropping others. */
const postgresServer = async (): Promise<pg.Client> => {
  const client = new pg.Client({ connectionString: process.env.POSTGRES_URI })
  await client.connect()
  return client
}

/**
 * A throwaway database for one test file: a fresh SQLite file, or, when TEST_DATABASE=postgres,
 * a database created for it on the POSTGRES_URI server, or, when TEST_DATABASE=mongodb, a fresh
 * database on the MONGODB_URI server. Drop it with dropThrowawayDatabase.
 */
export const throwawayDatabaseUri = async (): Promise<string> => {
  const name = `cms-test-${crypto.randomUUID()}`
  const kind = testDatabase()
  if (kind === 'postgres') {
    const database = name.replace(/-/g, '_')
    const client = await postgresServer()
    try {
      await client.query(`CREATE DATABASE "${database}"`)
    } finally {
      await client.end()
    }
    const url = new URL(process.env.POSTGRES_URI!)
    url.pathname = `/${database}`
    return url.toString()
  }
  if (kind === 'mongodb') {
    const url = new URL(process.env.MONGODB_URI!)
    url.pathname = `/${name}`
    return url.toString()
  }
  return `file:${path.join(os.tmpdir(), `${name}.db`)}`
}

/** Removes a throwaway database: the SQLite file with its WAL, or the PostgreSQL database. */
export const dropThrowawayDatabase = async (databaseUri: string): Promise<void> => {
  if (databaseUri.startsWith('file:')) {
    const file = databaseUri.slice('file:'.length)
    for (const suffix of ['', '-wal', '-shm']) {
      fs.rmSync(`${file}${suffix}`, { force: true })
    }
  } else if (/^postgres(ql)?:/.test(databaseUri)) {
    const database = new URL(databaseUri).pathname.slice(1)
    const client = await postgresServer()
    try {
      // FORCE: a test's child process killed mid-way may leave a session behind.
      await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
    } finally {
      await client.end()
    }
  }
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
  const databaseUri = await throwawayDatabaseUri()
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
    await dropThrowawayDatabase(databaseUri)
  }
  return { cleanup, config, databaseUri, payload }
}
