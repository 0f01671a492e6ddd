import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-postgres'

import { sql } from '@payloadcms/db-postgres'

/**
 * Stored renderings (about 8 KB of JSON each, kept compressed out of line by TOAST) are compressed
 * with lz4 rather than pglz where this PostgreSQL has lz4 (14 and later, built with it, as
 * Debian's and the official images are): reading a list page of 20 decompresses each of them, and
 * lz4 does it faster. Measured on the 100k bench corpus (pgbench, one page of a topic, 2 cores):
 * 0.73 → 0.59 ms of the database's time a page, 411 → 509 MB on disk. Only values written after
 * it are lz4 (PostgreSQL never recompresses a stored value): renderings are written again when
 * the code that makes them changes, or with `npm run rebuild:renderings`.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`DO $$
  BEGIN
    IF EXISTS (
      SELECT 1 FROM pg_settings
      WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)
    ) THEN
      ALTER TABLE "article_renderings" ALTER COLUMN "body" SET COMPRESSION lz4;
      ALTER TABLE "article_renderings" ALTER COLUMN "related" SET COMPRESSION lz4;
    END IF;
  END $$`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
    ALTER TABLE "article_renderings" ALTER COLUMN "body" SET COMPRESSION DEFAULT;
    ALTER TABLE "article_renderings" ALTER COLUMN "related" SET COMPRESSION DEFAULT;`)
}
