import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-postgres'

import { sql } from '@payloadcms/db-postgres'

/** Letter and digit runs of a folded column, as FTS5's unicode61 tokenizer splits them on SQLite. */
const words = (column: string) =>
  `to_tsvector('simple'::regconfig, regexp_replace(coalesce(${column}, ''), '[^[:alnum:]]+', ' ', 'g'))`

/**
 * Full-text search on PostgreSQL (collections/search/postgres.ts), the counterpart of SQLite's FTS5
 * tables: generated tsvector columns over the folded title and body, and over the title alone, so
 * every write Payload makes to search_index keeps them current, with GIN indexes.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(
    sql.raw(
      `ALTER TABLE "search_index" ADD COLUMN IF NOT EXISTS "search_text" tsvector
        GENERATED ALWAYS AS (${words('key_title')} || ${words('key_body')}) STORED`,
    ),
  )
  await db.execute(
    sql.raw(
      `ALTER TABLE "search_index" ADD COLUMN IF NOT EXISTS "search_title" tsvector
        GENERATED ALWAYS AS (${words('key_title')}) STORED`,
    ),
  )
  await db.execute(
    sql.raw(
      `CREATE INDEX IF NOT EXISTS "search_index_search_text_idx" ON "search_index" USING gin ("search_text")`,
    ),
  )
  await db.execute(
    sql.raw(
      `CREATE INDEX IF NOT EXISTS "search_index_search_title_idx" ON "search_index" USING gin ("search_title")`,
    ),
  )
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql.raw(`ALTER TABLE "search_index" DROP COLUMN IF EXISTS "search_title"`))
  await db.execute(sql.raw(`ALTER TABLE "search_index" DROP COLUMN IF EXISTS "search_text"`))
}
