import type { DrizzleAdapter } from '@payloadcms/drizzle'
import type { FlattenedField, Payload, SanitizedCollectionConfig } from 'payload'

import type { Writable } from 'node:stream'

import { upsertRow } from '@payloadcms/drizzle'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { buildVersionCollectionFields } from 'payload'
import { from as copyFrom } from 'pg-copy-streams'

import type { CopyValue } from '../lib/database/copyText'
import { copyTextOf, isCopyValue } from '../lib/database/copyText'
import type { Id } from '../lib/types'

type Row = Record<string, unknown>

type Column = {
  default?: unknown
  defaultFn?: () => unknown
  /** Whether the column has a default of its own (a value, a function, a sequence). */
  hasDefault?: boolean
  mapToDriverValue: (value: unknown) => unknown
  name: string
  onUpdateFn?: () => unknown
  shouldDisableInsert?: () => boolean
}
/** The transaction's drizzle database, of either dialect. */
type Db = DrizzleAdapter['drizzle']

/** drizzle's SQL fragments (an SQL default, a `sql` value) cannot be bound as plain values. */
const isSqlFragment = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && 'queryChunks' in value

const COLUMNS = Symbol.for('drizzle:Columns')
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`
/** A value left to the column's SQL default (PostgreSQL's VALUES takes the keyword, as drizzle writes it). */
const DEFAULT = Symbol('default')

/**
 * What differs between SQLite and PostgreSQL for the writer, all of it: how statements reach the
 * transaction's connection, how they number their parameters, how many a statement takes, and
 * where ids come from.
 */
type Dialect = {
  /**
   * Streams rows into a table (`COPY … FROM STDIN`, text format) on the transaction's
   * connection; PostgreSQL only.
   */
  copy?: (statement: string, text: string) => Promise<void>
  /** Ids for new rows of a table with integer ids, in ascending order. */
  ids: (tableName: string, count: number) => Promise<number[]>
  /** Values bound per statement. */
  maxValues: number
  placeholder: (index: number) => string
  query: (sql: string, args: unknown[]) => Promise<Row[]>
  /** Whether rows that need no id now (locale, relationship rows) get it from the table's default. */
  serialIds: boolean
}

const sqliteDialect = (db: Db): Dialect => {
  type Client = {
    execute: (statement: { args: unknown[]; sql: string }) => Promise<{ rows: Row[] }>
  }
  const session = (db as unknown as { session: { client: Client; tx?: Client } }).session
  const client = session.tx ?? session.client
  const query = async (sql: string, args: unknown[]) => (await client.execute({ args, sql })).rows
  const next = new Map<string, number>()
  return {
    // One past the largest, as SQLite assigns them: the batch's write transaction keeps others out.
    ids: async (tableName, count) => {
      let first = next.get(tableName)
      if (first === undefined) {
        const [found] = await query(`select max("id") as max from ${quote(tableName)}`, [])
        first = Number(found?.max ?? 0) + 1
      }
      next.set(tableName, first + count)
      return Array.from({ length: count }, (_, index) => first + index)
    },
    // Far below SQLite's limit, and statements small enough to keep.
    maxValues: 2_000,
    placeholder: () => '?',
    query,
    serialIds: false,
  }
}

const postgresDialect = (db: Db): Dialect => {
  type Client = {
    query: ((text: string, values: unknown[]) => Promise<{ rows: Row[] }>) &
      ((submittable: ReturnType<typeof copyFrom>) => Writable)
  }
  // drizzle's node-postgres transaction holds the pool connection it runs on as its session's client.
  const client = (db as unknown as { session: { client: Client } }).session.client
  const query = async (sql: string, args: unknown[]) => (await client.query(sql, args)).rows
  return {
    // A COPY that fails aborts the transaction, as a failed INSERT does: the batch is not kept.
    copy: async (statement, text) =>
      pipeline(Readable.from([Buffer.from(text, 'utf8')]), client.query(copyFrom(statement))),
    // From the table's sequence, as a save takes them: other writers may insert meanwhile, and
    // nextval never hands an id out twice. Exactly as many as asked, so no id is skipped.
    ids: async (tableName, count) =>
      (
        await query(
          `select nextval(pg_get_serial_sequence($1, 'id'))::int as id from generate_series(1, $2)`,
          [quote(tableName), count],
        )
      )
        .map((row) => Number(row.id))
        .sort((a, b) => a - b),
    // Below PostgreSQL's 65,535 parameters per statement.
    maxValues: 30_000,
    placeholder: (index) => `$${index}`,
    query,
    serialIds: true,
  }
}

/**
 * Rows for many records, written together: the rows Payload's own storage layer (upsertRow of
 * @payloadcms/drizzle) makes for each record, main table, locales, relationships, arrays and
 * selects alike, then inserted table by table: on PostgreSQL streamed by one COPY per table
 * where its values allow, else (and on SQLite) in multi-row statements. Payload inserts each
 * record's rows one statement at a time and reads the record back; a batch of hundreds of records
 * is a few dozen statements here. On SQLite ids are assigned as SQLite would (one past the
 * largest), so the writer must run inside a write transaction that nobody else writes during; on
 * PostgreSQL they come from the tables' sequences, so saves running alongside are safe.
 */
export class BulkWriter {
  private readonly adapter: DrizzleAdapter
  /** Tables in the order their rows were first collected. */
  private readonly rows = new Map<string, Row[]>()
  /** Ids taken ahead (reserve) and not yet given out, by table. */
  private readonly reserved = new Map<string, number[]>()
  private readonly db: Db
  private readonly dialect: Dialect
  private readonly versionFields = new Map<string, FlattenedField[]>()

  constructor(payload: Payload, db: Db) {
    this.adapter = payload.db as unknown as DrizzleAdapter
    this.db = db
    this.dialect = payload.db.name === 'postgres' ? postgresDialect(db) : sqliteDialect(db)
  }

  /** Takes `count` ids of a table ahead in one query, for rows the batch will surely write. */
  async reserve(tableName: string, count: number): Promise<void> {
    if (count > 0) {
      const kept = this.reserved.get(tableName) ?? []
      this.reserved.set(tableName, [...kept, ...(await this.dialect.ids(tableName, count))])
    }
  }

  /** The id the next row of a table with integer ids gets. */
  async nextId(tableName: string): Promise<number> {
    const kept = this.reserved.get(tableName)
    if (kept && kept.length > 0) {
      return kept.shift()!
    }
    return (await this.dialect.ids(tableName, 1))[0]!
  }

  private config(collection: string): SanitizedCollectionConfig {
    return (
      this.adapter.payload.collections as Record<string, { config: SanitizedCollectionConfig }>
    )[collection]!.config
  }

  /** The table of a collection's records, or of their versions. */
  tableName(collection: string, versions = false): string {
    const base = this.config(collection).slug.replace(/-/g, '_')
    const name = this.adapter.tableNameMap.get(
      versions ? `_${base}${this.adapter.versionsSuffix}` : base,
    )
    if (!name) {
      throw new Error(`No table for ${collection}${versions ? ' versions' : ''}`)
    }
    return name
  }

  /** Payload's adapter, except that inserts are collected (with ids assigned) instead of run. */
  private collecting(): DrizzleAdapter {
    const collect = async ({ tableName, values }: { tableName: string; values: Row | Row[] }) => {
      const list = Array.isArray(values) ? values : [values]
      const table = this.adapter.tables[tableName]!
      const idType = (table.id as { columnType?: string } | undefined)?.columnType
      // Rows of other tables point at a record's or version's id, so those get theirs now; on
      // PostgreSQL the rest (locale, relationship rows) take theirs from the sequence as inserted.
      const needsId =
        idType === 'SQLiteInteger' || (idType === 'PgSerial' && this.isRecordTable(tableName))
      const kept = this.rows.get(tableName) ?? []
      this.rows.set(tableName, kept)
      const inserted: Row[] = []
      for (const value of list) {
        const row = { ...value }
        if ((row.id === undefined || row.id === null) && needsId) {
          row.id = await this.nextId(tableName)
        }
        kept.push(row)
        inserted.push(row)
      }
      return inserted
    }
    return Object.create(this.adapter, { insert: { value: collect } }) as DrizzleAdapter
  }

  /** A new record of `collection` with the id given (from nextId), stored as Payload stores it. */
  async addRecord(collection: string, id: Id, data: Row): Promise<void> {
    const config = this.config(collection)
    await upsertRow({
      adapter: this.collecting(),
      collectionSlug: collection,
      customID: id,
      // Payload's storage layer moves array rows' ids around in what it is given.
      data: structuredClone(data),
      db: this.db,
      fields: config.flattenedFields,
      ignoreResult: 'idOnly',
      operation: 'create',
      tableName: this.tableName(collection),
    } as unknown as Parameters<typeof upsertRow>[0])
  }

  /** A record's version, as saveVersion stores the version of a new record. */
  async addVersion(collection: string, parent: Id, version: Row, at: string): Promise<void> {
    const config = this.config(collection)
    let fields = this.versionFields.get(collection)
    if (!fields) {
      fields = buildVersionCollectionFields(this.adapter.payload.config, config, true)
      this.versionFields.set(collection, fields)
    }
    const { id: _id, ...rest } = structuredClone(version)
    // As saveVersion is handed the document: a localized field with no value in any locale holds
    // every locale (each row of them stored empty), and dates are full ISO times.
    const locales = this.adapter.payload.config.localization
      ? this.adapter.payload.config.localization.localeCodes
      : []
    for (const field of config.flattenedFields) {
      const value = rest[field.name]
      if ('localized' in field && field.localized && value && typeof value === 'object') {
        if (Object.keys(value).length === 0) {
          rest[field.name] = Object.fromEntries(locales.map((locale) => [locale, undefined]))
        }
      }
    }
    isoDates(config.flattenedFields, rest)
    await upsertRow({
      adapter: this.collecting(),
      collectionSlug: collection,
      data: { autosave: false, createdAt: at, latest: true, parent, updatedAt: at, version: rest },
      db: this.db,
      fields,
      ignoreResult: 'idOnly',
      operation: 'create',
      tableName: this.tableName(collection, true),
    } as unknown as Parameters<typeof upsertRow>[0])
  }

  /** Main tables first, parents before the records that point at them; then their other tables. */
  private order(): string[] {
    const collected = [...this.rows.keys()]
    const records = collected.filter((name) => this.isRecordTable(name))
    // Versions after all records; among records, those pointed at first.
    const rank = (name: string) => {
      const index = MAIN_ORDER.findIndex((base) => name === base || name === `_${base}_v`)
      return (name.startsWith('_') ? 100 : 0) + (index === -1 ? 50 : index)
    }
    records.sort((a, b) => rank(a) - rank(b))
    return [...records, ...collected.filter((name) => !records.includes(name))]
  }

  private recordTables?: Set<string>

  private isRecordTable(name: string): boolean {
    if (!this.recordTables) {
      this.recordTables = new Set()
      for (const collection of Object.values(this.adapter.payload.collections)) {
        const base = collection.config.slug.replace(/-/g, '_')
        for (const key of [base, `_${base}${this.adapter.versionsSuffix}`]) {
          const table = this.adapter.tableNameMap.get(key)
          if (table) {
            this.recordTables.add(table)
          }
        }
      }
    }
    return this.recordTables.has(name)
  }

  /**
   * One table's rows as bound values, as drizzle's insert binds them (its column encoders and
   * defaults), DEFAULT where drizzle writes the keyword, or null when a value is an SQL fragment
   * only drizzle can write.
   */
  private bind(table: object, rows: Row[]): { columns: Column[]; values: unknown[] } | null {
    const columns = Object.entries(
      (table as Record<symbol, Record<string, Column>>)[COLUMNS]!,
    ).filter(([, column]) => !column.shouldDisableInsert?.())
    const values: unknown[] = []
    for (const row of rows) {
      for (const [key, column] of columns) {
        let value = row[key]
        if (value === undefined) {
          value = column.defaultFn
            ? column.defaultFn()
            : this.dialect.serialIds
              ? // As drizzle's PostgreSQL insert: the keyword, unless only an update value is set.
                !column.default && column.onUpdateFn
                ? column.onUpdateFn()
                : DEFAULT
              : column.default !== undefined && column.default !== null
                ? column.default
                : column.onUpdateFn
                  ? column.onUpdateFn()
                  : null
        }
        if (isSqlFragment(value)) {
          return null
        }
        values.push(
          value === null || value === undefined || value === DEFAULT
            ? (value ?? null)
            : column.mapToDriverValue(value),
        )
      }
    }
    return { columns: columns.map(([, column]) => column), values }
  }

  /**
   * A table's rows in one COPY, when every value is one a text COPY writes as the client would
   * bind it and each column with a default of its own is either given in every row or left to
   * that default in every row (COPY cannot write the DEFAULT keyword in some rows only; for a
   * column without one, the keyword is NULL); false, and nothing sent, otherwise.
   */
  private async copy(
    tableName: string,
    bound: { columns: Column[]; values: unknown[] },
    rows: number,
  ): Promise<boolean> {
    if (!this.dialect.copy) {
      return false
    }
    const width = bound.columns.length
    const kept: number[] = []
    for (let column = 0; column < width; column += 1) {
      const ownDefault = bound.columns[column]!.hasDefault !== false
      let defaults = 0
      for (let at = column; at < bound.values.length; at += width) {
        const value = bound.values[at]
        if (value === DEFAULT && !ownDefault) {
          bound.values[at] = null
        } else if (value === DEFAULT) {
          defaults += 1
        } else if (!isCopyValue(value)) {
          return false
        }
      }
      if (defaults === 0) {
        kept.push(column)
      } else if (defaults !== rows) {
        return false
      }
    }
    if (kept.length === 0) {
      return false
    }
    const lines: CopyValue[][] = []
    for (let at = 0; at < bound.values.length; at += width) {
      lines.push(kept.map((column) => bound.values[at + column] as CopyValue))
    }
    const columns = kept.map((column) => quote(bound.columns[column]!.name)).join(', ')
    await this.dialect.copy!(`copy ${quote(tableName)} (${columns}) from stdin`, copyTextOf(lines))
    return true
  }

  /** Writes every collected row; returns how many rows each table got. */
  async flush(): Promise<Record<string, number>> {
    const written: Record<string, number> = {}
    for (const tableName of this.order()) {
      const rows = this.rows.get(tableName)!
      const table = this.adapter.tables[tableName]!
      written[tableName] = rows.length
      // Bound once: the COPY and, where it cannot take the rows, the INSERTs share the values
      // (a column's defaultFn runs once per row).
      const bound = this.bind(table, rows)
      if (bound && (await this.copy(tableName, bound, rows.length))) {
        count(bulkWrites.copied, tableName, rows.length)
        continue
      }
      count(bulkWrites.inserted, tableName, rows.length)
      const width =
        bound?.columns.length ||
        Object.keys((table as Record<symbol, object>)[COLUMNS]!).length ||
        1
      const perStatement = Math.max(1, Math.floor(this.dialect.maxValues / width))
      for (let start = 0; start < rows.length; start += perStatement) {
        if (!bound) {
          await (
            this.db as unknown as {
              insert: (table: object) => { values: (rows: Row[]) => Promise<unknown> }
            }
          )
            .insert(table)
            .values(rows.slice(start, start + perStatement))
          continue
        }
        // drizzle builds a statement of hundreds of rows value by value; this binds them as it would.
        const end = Math.min(rows.length, start + perStatement) * width
        const args: unknown[] = []
        const tuples: string[] = []
        for (let at = start * width; at < end; at += width) {
          const tuple = bound.values.slice(at, at + width).map((value) => {
            if (value === DEFAULT) {
              return 'default'
            }
            args.push(value)
            return this.dialect.placeholder(args.length)
          })
          tuples.push(`(${tuple.join(', ')})`)
        }
        await this.dialect.query(
          `insert into ${quote(tableName)} (${bound.columns.map((column) => quote(column.name)).join(', ')}) values ${tuples.join(', ')}`,
          args,
        )
      }
    }
    this.rows.clear()
    return written
  }
}

/** Tables this process's writers wrote by COPY, and by INSERT, with their row counts (tests read them). */
export const bulkWrites = { copied: new Map<string, number>(), inserted: new Map<string, number>() }

const count = (into: Map<string, number>, tableName: string, rows: number) =>
  into.set(tableName, (into.get(tableName) ?? 0) + rows)

/** Records point at organizations, then people and plans, then articles. */
const MAIN_ORDER = ['users', 'media', 'organizations', 'topics', 'people', 'plans', 'articles']

/** Date fields (at the top and in array rows) as full ISO times. */
const isoDates = (fields: FlattenedField[], data: Row): void => {
  for (const field of fields) {
    const value = data[field.name]
    if (field.type === 'date' && typeof value === 'string') {
      data[field.name] = new Date(value).toISOString()
    } else if (field.type === 'array' && Array.isArray(value)) {
      for (const row of value) {
        isoDates(field.flattenedFields, row as Row)
      }
    }
  }
}
