import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-postgres'

import { sql } from '@payloadcms/db-postgres'

import type { SearchKeyDb } from '../shared/searchKeys'
import { fillSearchKeys } from '../shared/searchKeys'

/**
 * The admin list search's folded key (src/fields/searchKey.ts) on articles, organizations, people
 * and plans, records and versions, indexed, and filled for the rows already on file.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "organizations_locales" ADD COLUMN "search_key" varchar;
  ALTER TABLE "_organizations_v_locales" ADD COLUMN "version_search_key" varchar;
  ALTER TABLE "people" ADD COLUMN "search_key" varchar;
  ALTER TABLE "_people_v" ADD COLUMN "version_search_key" varchar;
  ALTER TABLE "plans_locales" ADD COLUMN "search_key" varchar;
  ALTER TABLE "_plans_v_locales" ADD COLUMN "version_search_key" varchar;
  ALTER TABLE "articles_locales" ADD COLUMN "search_key" varchar;
  ALTER TABLE "_articles_v_locales" ADD COLUMN "version_search_key" varchar;
  CREATE INDEX "organizations_search_key_idx" ON "organizations_locales" USING btree ("search_key","_locale");
  CREATE INDEX "_organizations_v_version_version_search_key_idx" ON "_organizations_v_locales" USING btree ("version_search_key","_locale");
  CREATE INDEX "people_search_key_idx" ON "people" USING btree ("search_key");
  CREATE INDEX "_people_v_version_version_search_key_idx" ON "_people_v" USING btree ("version_search_key");
  CREATE INDEX "plans_search_key_idx" ON "plans_locales" USING btree ("search_key","_locale");
  CREATE INDEX "_plans_v_version_version_search_key_idx" ON "_plans_v_locales" USING btree ("version_search_key","_locale");
  CREATE INDEX "articles_search_key_idx" ON "articles_locales" USING btree ("search_key","_locale");
  CREATE INDEX "_articles_v_version_version_search_key_idx" ON "_articles_v_locales" USING btree ("version_search_key","_locale");`)
  await fillSearchKeys({
    rows: async (query) => (await db.execute(query as never)).rows,
    run: (query) => db.execute(query as never),
    // Each adapter bundles its own drizzle; the tag only builds queries for this adapter's db.
    sql: sql as unknown as SearchKeyDb['sql'],
  })
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   DROP INDEX "organizations_search_key_idx";
  DROP INDEX "_organizations_v_version_version_search_key_idx";
  DROP INDEX "people_search_key_idx";
  DROP INDEX "_people_v_version_version_search_key_idx";
  DROP INDEX "plans_search_key_idx";
  DROP INDEX "_plans_v_version_version_search_key_idx";
  DROP INDEX "articles_search_key_idx";
  DROP INDEX "_articles_v_version_version_search_key_idx";
  ALTER TABLE "organizations_locales" DROP COLUMN "search_key";
  ALTER TABLE "_organizations_v_locales" DROP COLUMN "version_search_key";
  ALTER TABLE "people" DROP COLUMN "search_key";
  ALTER TABLE "_people_v" DROP COLUMN "version_search_key";
  ALTER TABLE "plans_locales" DROP COLUMN "search_key";
  ALTER TABLE "_plans_v_locales" DROP COLUMN "version_search_key";
  ALTER TABLE "articles_locales" DROP COLUMN "search_key";
  ALTER TABLE "_articles_v_locales" DROP COLUMN "version_search_key";`)
}
