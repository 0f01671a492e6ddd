import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-postgres'

import { sql } from '@payloadcms/db-postgres'

/**
 * A stored rendering also holds the records its populated records name by id only, as GraphQL's
 * loader reads them (src/plugins/renderings/render.ts: relatedOf). Renderings stored before have
 * none (null): GraphQL's loader reads those records itself until they are made again.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`ALTER TABLE "article_renderings" ADD COLUMN IF NOT EXISTS "related" text`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`ALTER TABLE "article_renderings" DROP COLUMN IF EXISTS "related"`)
}
