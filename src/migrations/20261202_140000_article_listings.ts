import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-sqlite'

import { sql } from '@payloadcms/db-sqlite'

/**
 * The read model of the public article lists (src/plugins/listings/store.ts): published articles
 * per list (`all`, a topic, a department) in the lists' order, and each list's total, filled
 * from the articles on file. Not Payload collections: Payload neither reads nor diffs them.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.run(sql`CREATE TABLE IF NOT EXISTS \`article_listings\` (
    \`scope\` text NOT NULL,
    \`scope_id\` integer NOT NULL,
    \`published_at\` text,
    \`created_at\` text,
    \`article_id\` integer NOT NULL,
    PRIMARY KEY (\`scope\`, \`scope_id\`, \`article_id\`)
  ) WITHOUT ROWID`)
  await db.run(
    sql`CREATE INDEX IF NOT EXISTS \`article_listings_order_idx\` ON \`article_listings\` (\`scope\`, \`scope_id\`, \`published_at\` DESC, \`created_at\` DESC, \`article_id\` DESC)`,
  )
  await db.run(
    sql`CREATE INDEX IF NOT EXISTS \`article_listings_article_idx\` ON \`article_listings\` (\`article_id\`)`,
  )
  await db.run(sql`CREATE TABLE IF NOT EXISTS \`article_listing_counts\` (
    \`scope\` text NOT NULL,
    \`scope_id\` integer NOT NULL,
    \`total\` integer NOT NULL,
    PRIMARY KEY (\`scope\`, \`scope_id\`)
  ) WITHOUT ROWID`)
  await db.run(sql`DELETE FROM \`article_listings\``)
  await db.run(sql`DELETE FROM \`article_listing_counts\``)
  await db.run(sql`INSERT INTO article_listings (scope, scope_id, published_at, created_at, article_id)
    SELECT 'all', 0, a.published_at, a.created_at, a.id FROM articles a WHERE a._status = 'published'
    UNION ALL
    SELECT 'department', a.department_id, a.published_at, a.created_at, a.id
      FROM articles a WHERE a._status = 'published' AND a.department_id IS NOT NULL
    UNION
    SELECT 'topic', r.topics_id, a.published_at, a.created_at, a.id
      FROM articles a JOIN articles_rels r ON r.parent_id = a.id AND r.path = 'topics'
      WHERE a._status = 'published' AND r.topics_id IS NOT NULL`)
  await db.run(sql`INSERT INTO article_listing_counts (scope, scope_id, total)
    SELECT scope, scope_id, count(*) FROM article_listings GROUP BY scope, scope_id`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP TABLE IF EXISTS \`article_listing_counts\``)
  await db.run(sql`DROP TABLE IF EXISTS \`article_listings\``)
}
