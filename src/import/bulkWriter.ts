import type { SQLiteAdapter } from '@payloadcms/db-sqlite'
import type { FlattenedField, Payload, SanitizedCollectionConfig } from 'payload'

import { sql } from '@payloadcms/db-sqlite'
import { upsertRow } from '@payloadcms/drizzle'
import { buildVersionCollectionFields } from 'payload'

type Row = Record<string, unknown>
type Id = number | string

/** Values bound per statement: far below SQLite's limit, and statements small enough to keep. */
const MAX_VALUES_PER_STATEMENT = 2_000

type Column = {
  default?: unknown
  defaultFn?: () => unknown
  mapToDriverValue: (value: unknown) => unknown
  name: string
  onUpdateFn?: () => unknown
}
type RawClient = { execute: (statement: { args: unknown[]; sql: string }) => Promise<unknown> }

/** drizzle's SQL fragments (an SQL default, a `sql` value) cannot be bound as plain values. */
const isSqlFragment = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && 'queryChunks' in value

const COLUMNS = Symbol.for('drizzle:Columns')
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`

/**
 * Rows for many records, written together: the rows Payload's own storage layer (upsertRow of
 * @payloadcms/drizzle) makes for each record, main table, locales, relationships, arrays and
 * selects alike, then inserted table by table in multi-row statements. Payload inserts each
 * record's rows one statement at a time and reads the record back; a batch of hundreds of records
 * is a few dozen statements here. Ids are assigned as SQLite would (one past the largest), so
 * the writer must run inside a write transaction that nobody else writes during.
 */
export class BulkWriter {
  private readonly adapter: SQLiteAdapter
  /** Tables in the order their rows were first collected. */
  private readonly rows = new Map<string, Row[]>()
  private readonly nextIds = new Map<string, number>()
  private readonly db: SQLiteAdapter['drizzle']
  private readonly versionFields = new Map<string, FlattenedField[]>()

  constructor(payload: Payload, db: SQLiteAdapter['drizzle']) {
    this.adapter = payload.db as unknown as SQLiteAdapter
    this.db = db
  }

  /** The id the next row of a table with integer ids gets. */
  async nextId(tableName: string): Promise<number> {
    let next = this.nextIds.get(tableName)
    if (next === undefined) {
      const table = this.adapter.tables[tableName]!
      const [found] = await this.db
        .select({ max: sql<null | number>`max(${table.id})` })
        .from(table)
      next = Number(found?.max ?? 0) + 1
    }
    this.nextIds.set(tableName, next + 1)
    return next
  }

  private config(collection: string): SanitizedCollectionConfig {
    return (
      this.adapter.payload.collections as Record<string, { config: SanitizedCollectionConfig }>
    )[collection]!.config
  }

  private tableName(collection: string, versions = false): string {
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
  private collecting(): SQLiteAdapter {
    const collect = async ({ tableName, values }: { tableName: string; values: Row | Row[] }) => {
      const list = Array.isArray(values) ? values : [values]
      const table = this.adapter.tables[tableName]!
      const integerIds =
        (table.id as { columnType?: string } | undefined)?.columnType === 'SQLiteInteger'
      const kept = this.rows.get(tableName) ?? []
      this.rows.set(tableName, kept)
      const inserted: Row[] = []
      for (const value of list) {
        const row = { ...value }
        if ((row.id === undefined || row.id === null) && integerIds) {
          row.id = await this.nextId(tableName)
        }
        kept.push(row)
        inserted.push(row)
      }
      return inserted
    }
    return Object.create(this.adapter, { insert: { value: collect } }) as SQLiteAdapter
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

  private isRecordTable(name: string): boolean {
    for (const collection of Object.values(this.adapter.payload.collections)) {
      const base = collection.config.slug.replace(/-/g, '_')
      if (
        this.adapter.tableNameMap.get(base) === name ||
        this.adapter.tableNameMap.get(`_${base}${this.adapter.versionsSuffix}`) === name
      ) {
        return true
      }
    }
    return false
  }

  /**
   * One table's rows as bound values, as drizzle's insert binds them (its column encoders and
   * defaults), or null when a value is an SQL fragment only drizzle can write.
   */
  private bind(table: object, rows: Row[]): { columns: Column[]; values: unknown[] } | null {
    const columns = Object.entries((table as Record<symbol, Record<string, Column>>)[COLUMNS]!)
    const values: unknown[] = []
    for (const row of rows) {
      for (const [key, column] of columns) {
        let value = row[key]
        if (value === undefined) {
          value =
            column.default !== undefined && column.default !== null
              ? column.default
              : column.defaultFn
                ? column.defaultFn()
                : column.onUpdateFn
                  ? column.onUpdateFn()
                  : null
        }
        if (isSqlFragment(value)) {
          return null
        }
        values.push(value === null || value === undefined ? null : column.mapToDriverValue(value))
      }
    }
    return { columns: columns.map(([, column]) => column), values }
  }

  /** Writes every collected row; returns how many rows each table got. */
  async flush(): Promise<Record<string, number>> {
    const written: Record<string, number> = {}
    const session = (this.db as unknown as { session: { client: RawClient; tx?: RawClient } })
      .session
    const client = session.tx ?? session.client
    for (const tableName of this.order()) {
      const rows = this.rows.get(tableName)!
      const table = this.adapter.tables[tableName]!
      const width = Object.keys((table as Record<symbol, object>)[COLUMNS]!).length || 1
      const perStatement = Math.max(1, Math.floor(MAX_VALUES_PER_STATEMENT / width))
      for (let start = 0; start < rows.length; start += perStatement) {
        const chunk = rows.slice(start, start + perStatement)
        const bound = this.bind(table, chunk)
        if (!bound) {
          await this.db.insert(table).values(chunk as never)
          continue
        }
        // drizzle builds a statement of hundreds of rows value by value; this binds them as it would.
        const tuple = `(${bound.columns.map(() => '?').join(', ')})`
        await client.execute({
          args: bound.values,
          sql: `insert into ${quote(tableName)} (${bound.columns.map((column) => quote(column.name)).join(', ')}) values ${Array.from({ length: chunk.length }, () => tuple).join(', ')}`,
        })
      }
      written[tableName] = rows.length
    }
    this.rows.clear()
    return written
  }
}

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
