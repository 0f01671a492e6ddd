import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-sqlite'

import { sql } from '@payloadcms/db-sqlite'

/**
 * The stored public renderings of articles (src/plugins/renderings/store.ts): each published
 * article as an anonymous REST read at depth 1 answers it, the records it was made of (refs), and
 * a clock every write that can change one moves. Not Payload collections: Payload neither reads
 * nor diffs them. Empty at first: the server fills them.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE IF NOT EXISTS \`article_renderings\` (
    \`article_id\` integer PRIMARY KEY NOT NULL,
    \`shape\` text NOT NULL,
    \`valid_until\` text,
    \`body\` text NOT NULL
  )`)
  await db.run(sql`CREATE TABLE IF NOT EXISTS \`article_rendering_refs\` (
    \`ref\` text NOT NULL,
    \`article_id\` integer NOT NULL,
    PRIMARY KEY (\`ref\`, \`article_id\`)
  ) WITHOUT ROWID`)
  await db.run(
    sql`CREATE INDEX IF NOT EXISTS \`article_rendering_refs_article_idx\` ON \`article_rendering_refs\` (\`article_id\`)`,
  )
  await db.run(sql`CREATE TABLE IF NOT EXISTS \`article_rendering_clock\` (
    \`id\` integer PRIMARY KEY NOT NULL,
    \`n\` integer NOT NULL
  )`)
  await db.run(sql`INSERT OR IGNORE INTO \`article_rendering_clock\` (\`id\`, \`n\`) VALUES (1, 0)`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE IF EXISTS \`article_rendering_clock\``)
  await db.run(sql`DROP TABLE IF EXISTS \`article_rendering_refs\``)
  await db.run(sql`DROP TABLE IF EXISTS \`article_renderings\``)
}
