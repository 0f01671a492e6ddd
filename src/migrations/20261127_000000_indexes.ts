import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-sqlite'

import { sql } from '@payloadcms/db-sqlite'

type Db = MigrateUpArgs['db']

/** Tables whose names end in `suffix`, read at run time so a regenerated initial schema is covered. */
const tablesEndingIn = async (db: Db, suffix: string): Promise<string[]> => {
  const rows = (await db.all(
    sql`SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, -length(${suffix})) = ${suffix}`,
  )) as { name: string }[]
  return rows.map((row) => row.name)
}

/** First columns of a table's existing indexes: a column already leading one needs no other. */
const leadingColumns = async (db: Db, table: string): Promise<Set<string>> => {
  const indexes = (await db.all(sql.raw(`PRAGMA index_list("${table}")`))) as { name: string }[]
  const leading = new Set<string>()
  for (const { name } of indexes) {
    const columns = (await db.all(sql.raw(`PRAGMA index_info("${name}")`))) as {
      name: string
      seqno: number
    }[]
    const first = columns.find((column) => column.seqno === 0)
    if (first) {
      leading.add(first.name)
    }
  }
  return leading
}

const columnsOf = async (db: Db, table: string): Promise<string[]> => {
  const rows = (await db.all(sql.raw(`PRAGMA table_info("${table}")`))) as { name: string }[]
  return rows.map((row) => row.name)
}

/** Composite indexes for the public article lists: published only, newest first. */
const ARTICLE_INDEXES = [
  ['articles_status_published_at_idx', 'articles', '"_status", "published_at"'],
  ['articles_department_published_at_idx', 'articles', '"department_id", "published_at"'],
]

/**
 * Indexes Payload does not create. Its `<table>_locales` index is (_locale, _parent_id), but reads
 * go by _parent_id alone (390 ms for two articles at 100,000); rels are read by (parent_id, path).
 * The `_parent_lookup_idx` names match what ensureSearchIndex used to create, so existing
 * databases keep one index each.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  for (const table of await tablesEndingIn(db, '_locales')) {
    await db.run(
      sql.raw(
        `CREATE INDEX IF NOT EXISTS "${table}_parent_lookup_idx" ON "${table}" ("_parent_id")`,
      ),
    )
  }
  for (const table of await tablesEndingIn(db, '_rels')) {
    await db.run(
      sql.raw(
        `CREATE INDEX IF NOT EXISTS "${table}_parent_path_idx" ON "${table}" ("parent_id", "path")`,
      ),
    )
    const leading = await leadingColumns(db, table)
    const columns = await columnsOf(db, table)
    for (const column of columns.filter((name) => name.endsWith('_id') && !leading.has(name))) {
      await db.run(
        sql.raw(
          `CREATE INDEX IF NOT EXISTS "${table}_${column}_lookup_idx" ON "${table}" ("${column}")`,
        ),
      )
    }
  }
  for (const [name, table, columns] of ARTICLE_INDEXES) {
    if ((await columnsOf(db, table)).length > 0) {
      await db.run(sql.raw(`CREATE INDEX IF NOT EXISTS "${name}" ON "${table}" (${columns})`))
    }
  }
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  const indexes = (await db.all(
    sql`SELECT name FROM sqlite_master WHERE type = 'index' AND (name LIKE '%\_parent\_lookup\_idx' ESCAPE '\' OR name LIKE '%\_parent\_path\_idx' ESCAPE '\' OR name LIKE '%\_id\_lookup\_idx' ESCAPE '\')`,
  )) as { name: string }[]
  for (const { name } of indexes) {
    await db.run(sql.raw(`DROP INDEX IF EXISTS "${name}"`))
  }
  for (const [name] of ARTICLE_INDEXES) {
    await db.run(sql.raw(`DROP INDEX IF EXISTS "${name}"`))
  }
}
