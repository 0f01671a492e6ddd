import type { Payload, PayloadRequest } from 'payload'

import { sql as pgSql } from '@payloadcms/db-postgres/drizzle'
import { sql as sqliteSql } from '@payloadcms/db-sqlite/drizzle'
import { to as copyTo } from 'pg-copy-streams'

import { parseCopyBinary } from './lib/database/copyBinary'

/**
 * Raw SQL on the relational adapters (SQLite, PostgreSQL) for the read models kept beside
 * Payload's collections (src/plugins/listings, src/plugins/renderings): on a write's transaction
 * when there is one, else on the adapter's connection. Null on MongoDB.
 */
export type SqlTag = typeof sqliteSql
export type Row = Record<string, unknown>
export type Runner = { all: (query: ReturnType<SqlTag>) => Promise<Row[]>; sql: SqlTag }

type DrizzleDb = {
  all?: (query: unknown) => Promise<Row[]>
  execute?: (query: unknown) => Promise<{ rows: Row[] }>
}
export type SqlAdapter = {
  client?: { execute: (statement: { args: unknown[]; sql: string }) => Promise<{ rows: Row[] }> }
  drizzle: DrizzleDb
  name: string
  pool?: {
    connect: () => Promise<PoolClient>
    query: (config: { name?: string; text: string; values: unknown[] }) => Promise<{ rows: Row[] }>
  }
  sessions?: Record<string, { db: DrizzleDb }>
}

type PoolClient = {
  query: (submittable: ReturnType<typeof copyTo>) => ReturnType<typeof copyTo>
  release: (destroy?: boolean) => void
}

export const adapterOf = (payload: Payload): null | SqlAdapter => {
  const db = payload.db as unknown as SqlAdapter
  return db.name === 'sqlite' || db.name === 'postgres' ? db : null
}

/** Runs SQL on the write's transaction when `req` has one, else on the adapter's connection. */
export const runnerOf = async (
  payload: Payload,
  req?: Partial<PayloadRequest>,
): Promise<null | Runner> => {
  const db = adapterOf(payload)
  if (!db) {
    return null
  }
  const id = req?.transactionID ? String(await req.transactionID) : undefined
  const drizzle = (id && db.sessions?.[id]?.db) || db.drizzle
  if (db.name === 'sqlite') {
    return { all: (query) => drizzle.all!(query), sql: sqliteSql }
  }
  return {
    all: async (query) => (await drizzle.execute!(query)).rows,
    sql: pgSql as unknown as SqlTag,
  }
}

/** Whether the tables `names` exist (the migrations made them): false on MongoDB. */
export const tablesExist = async (payload: Payload, names: string[]): Promise<boolean> => {
  const run = await runnerOf(payload)
  if (!run) {
    return false
  }
  const { sql } = run
  const list = sql.join(
    names.map((name) => sql`${name}`),
    sql`, `,
  )
  const rows = await run.all(
    payload.db.name === 'sqlite'
      ? sql`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN (${list})`
      : sql`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN (${list})`,
  )
  return Number(rows[0]?.n) === names.length
}

/** `?` placeholders numbered as PostgreSQL takes them ($1, $2, …). */
export const numbered = (text: string): string => {
  let n = 0
  return text.replace(/\?/g, () => `$${++n}`)
}

/**
 * The rows of a query on PostgreSQL read through a binary COPY, on a connection of the adapter's
 * pool (never a write's transaction): each row's fields as their bytes (src/lib/database/
 * copyBinary.ts), which spares Node the decoding of every field into a string that the ordinary
 * result path does (for a page of stored renderings, some 160 KB, most of a read's cost). COPY
 * takes no parameters: `query` must hold its values as literals (withLiterals there).
 */
export const copyRows = async (payload: Payload, query: string): Promise<(Buffer | null)[][]> => {
  const db = adapterOf(payload)
  if (db?.name !== 'postgres' || !db.pool) {
    throw new Error('copyRows: PostgreSQL only')
  }
  const client = await db.pool.connect()
  let broken = false
  try {
    const chunks: Buffer[] = []
    for await (const chunk of client.query(copyTo(`COPY (${query}) TO STDOUT (FORMAT binary)`))) {
      chunks.push(chunk as Buffer)
    }
    return parseCopyBinary(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))
  } catch (error) {
    // A connection whose COPY failed half-way is not handed to the next query.
    broken = true
    throw error
  } finally {
    client.release(broken)
  }
}
