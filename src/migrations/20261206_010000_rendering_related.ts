import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-sqlite'

import { sql } from '@payloadcms/db-sqlite'

/**
 * A stored rendering also holds the records its populated records name by id only, as GraphQL's
 * loader reads them (src/plugins/renderings/render.ts: relatedOf). Renderings stored before have
 * none (null): GraphQL's loader reads those records itself until they are made again.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  const columns = await db.all<{ name: string }>(sql`PRAGMA table_info(\`article_renderings\`)`)
  if (!columns.some(({ name }) => name === 'related')) {
    await db.run(sql`ALTER TABLE \`article_renderings\` ADD COLUMN \`related\` text`)
  }
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`article_renderings\` DROP COLUMN \`related\``)
}
