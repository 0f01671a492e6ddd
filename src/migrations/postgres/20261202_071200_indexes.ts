import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-postgres'

import { sql } from '@payloadcms/db-postgres'

type Db = MigrateUpArgs['db']

/** Tables of the current schema whose names end in `suffix`, read at run time. */
const tablesEndingIn = async (db: Db, suffix: string): Promise<string[]> => {
  const { rows } = await db.execute(
    sql`SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND right(table_name, ${suffix.length}) = ${suffix}`,
  )
  return rows.map((row) => String(row.name))
}

const idColumns = async (db: Db, table: string): Promise<string[]> => {
  const { rows } = await db.execute(
    sql`SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${table}`,
  )
  return rows
    .map((row) => String(row.name))
    .filter((name) => name.endsWith('_id') && name !== 'parent_id')
}

/** Composite indexes for the public article lists: published only, newest first. */
const ARTICLE_INDEXES = [
  ['articles_status_published_at_idx', 'articles', '"_status", "published_at"'],
  ['articles_department_published_at_idx', 'articles', '"department_id", "published_at"'],
]

/**
 * The indexes the SQLite migrations 20261127_000000_indexes and 20261128_000000_relation_indexes
 * add, for the same reads: locales by _parent_id alone (Payload's index leads with _locale), rels
 * by (parent_id, path), and rels by (target, parent_id) so a relationship filter and its count
 * read the index alone. Payload already indexes every rels target column by itself on PostgreSQL.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  for (const table of await tablesEndingIn(db, '_locales')) {
    await db.execute(
      sql.raw(
        `CREATE INDEX IF NOT EXISTS "${table}_parent_lookup_idx" ON "${table}" ("_parent_id")`,
      ),
    )
  }
  for (const table of await tablesEndingIn(db, '_rels')) {
    await db.execute(
      sql.raw(
        `CREATE INDEX IF NOT EXISTS "${table}_parent_path_idx" ON "${table}" ("parent_id", "path")`,
      ),
    )
    for (const column of await idColumns(db, table)) {
      await db.execute(
        sql.raw(
          `CREATE INDEX IF NOT EXISTS "${table}_${column}_parent_idx" ON "${table}" ("${column}", "parent_id")`,
        ),
      )
    }
  }
  for (const [name, table, columns] of ARTICLE_INDEXES) {
    await db.execute(sql.raw(`CREATE INDEX IF NOT EXISTS "${name}" ON "${table}" (${columns})`))
  }
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  for (const table of await tablesEndingIn(db, '_locales')) {
    await db.execute(sql.raw(`DROP INDEX IF EXISTS "${table}_parent_lookup_idx"`))
  }
  for (const table of await tablesEndingIn(db, '_rels')) {
    await db.execute(sql.raw(`DROP INDEX IF EXISTS "${table}_parent_path_idx"`))
    for (const column of await idColumns(db, table)) {
      await db.execute(sql.raw(`DROP INDEX IF EXISTS "${table}_${column}_parent_idx"`))
    }
  }
  for (const [name] of ARTICLE_INDEXES) {
    await db.execute(sql.raw(`DROP INDEX IF EXISTS "${name}"`))
  }
}
