import type { sql as sqliteSql } from '@payloadcms/db-sqlite'

import { searchKeyOf } from '../../lib/vietnamese'

/**
 * Fills the admin list search's folded key (src/fields/searchKey.ts) of the rows on file, records
 * and versions alike, for the SQLite and PostgreSQL migrations that add it. Folding is JavaScript
 * (src/lib/vietnamese/fold.ts), not SQL, so the rows are read and written back in batches. In a
 * subfolder because Payload takes every file of the migrations folder for a migration.
 */
type Source = { column: string; localized: boolean }

type Table = {
  /** The table holding the key: the locales table when the key is localized. */
  keyTable: string
  keyColumn: string
  /** The record or version table, when the key is localized. */
  mainTable?: string
  sources: Source[]
}

const record = (table: string, localized: boolean, sources: Source[]): Table[] => {
  const at = (prefix: string) => (source: Source) => ({
    ...source,
    column: `${prefix}${source.column}`,
  })
  return [
    localized
      ? { keyColumn: 'search_key', keyTable: `${table}_locales`, mainTable: table, sources }
      : { keyColumn: 'search_key', keyTable: table, sources },
    localized
      ? {
          keyColumn: 'version_search_key',
          keyTable: `_${table}_v_locales`,
          mainTable: `_${table}_v`,
          sources: sources.map(at('version_')),
        }
      : {
          keyColumn: 'version_search_key',
          keyTable: `_${table}_v`,
          sources: sources.map(at('version_')),
        },
  ]
}

const local = (column: string): Source => ({ column, localized: true })
const shared = (column: string): Source => ({ column, localized: false })

/** Each collection's key sources, in the order of its `searchKeyField({ from })`. */
const TABLES: Table[] = [
  ...record('articles', true, [local('title'), shared('slug')]),
  ...record('organizations', true, [local('name'), shared('short_name'), shared('document_code')]),
  ...record('people', false, [shared('name'), shared('positions_summary')]),
  ...record('plans', true, [shared('number'), local('title')]),
]

const BATCH = 500

type Row = Record<string, unknown>

/** drizzle's `sql` tag of the migrating adapter (each adapter bundles its own drizzle). */
type Sql = typeof sqliteSql
type Query = ReturnType<Sql>

export type SearchKeyDb = {
  rows: (query: Query) => Promise<Row[]>
  run: (query: Query) => Promise<unknown>
  sql: Sql
}

const selectBatch = (sql: Sql, table: Table, after: number): Query => {
  const keyTable = sql.identifier(table.keyTable)
  const columns = table.sources.map((source, i) => {
    const holder = source.localized || !table.mainTable ? 'k' : 'm'
    return sql`${sql.identifier(holder)}.${sql.identifier(source.column)} AS ${sql.identifier(`c${i}`)}`
  })
  const join = table.mainTable
    ? sql` JOIN ${sql.identifier(table.mainTable)} m ON m.id = k._parent_id`
    : sql``
  return sql`SELECT k.id AS id, ${sql.join(columns, sql`, `)} FROM ${keyTable} k${join} WHERE k.id > ${after} ORDER BY k.id LIMIT ${BATCH}`
}

/** Writes every row's key; returns how many rows it wrote. */
export const fillSearchKeys = async (db: SearchKeyDb): Promise<number> => {
  const { sql } = db
  let written = 0
  for (const table of TABLES) {
    let after = 0
    for (;;) {
      const rows = await db.rows(selectBatch(sql, table, after))
      for (const row of rows) {
        const key = searchKeyOf(table.sources.map((_, i) => row[`c${i}`]))
        await db.run(
          sql`UPDATE ${sql.identifier(table.keyTable)} SET ${sql.identifier(table.keyColumn)} = ${key} WHERE id = ${row.id}`,
        )
      }
      written += rows.length
      if (rows.length < BATCH) {
        break
      }
      after = Number(rows[rows.length - 1]!.id)
    }
  }
  return written
}
