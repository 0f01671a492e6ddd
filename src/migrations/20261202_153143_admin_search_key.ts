import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-sqlite'

import { sql } from '@payloadcms/db-sqlite'

import { fillSearchKeys } from './shared/searchKeys'

/**
 * The admin list search's folded key (src/fields/searchKey.ts) on articles, organizations, people
 * and plans, records and versions, indexed, and filled for the rows already on file.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`organizations_locales\` ADD \`search_key\` text;`)
  await db.run(
    sql`CREATE INDEX \`organizations_search_key_idx\` ON \`organizations_locales\` (\`search_key\`,\`_locale\`);`,
  )
  await db.run(sql`ALTER TABLE \`_organizations_v_locales\` ADD \`version_search_key\` text;`)
  await db.run(
    sql`CREATE INDEX \`_organizations_v_version_version_search_key_idx\` ON \`_organizations_v_locales\` (\`version_search_key\`,\`_locale\`);`,
  )
  await db.run(sql`ALTER TABLE \`people\` ADD \`search_key\` text;`)
  await db.run(sql`CREATE INDEX \`people_search_key_idx\` ON \`people\` (\`search_key\`);`)
  await db.run(sql`ALTER TABLE \`_people_v\` ADD \`version_search_key\` text;`)
  await db.run(
    sql`CREATE INDEX \`_people_v_version_version_search_key_idx\` ON \`_people_v\` (\`version_search_key\`);`,
  )
  await db.run(sql`ALTER TABLE \`plans_locales\` ADD \`search_key\` text;`)
  await db.run(
    sql`CREATE INDEX \`plans_search_key_idx\` ON \`plans_locales\` (\`search_key\`,\`_locale\`);`,
  )
  await db.run(sql`ALTER TABLE \`_plans_v_locales\` ADD \`version_search_key\` text;`)
  await db.run(
    sql`CREATE INDEX \`_plans_v_version_version_search_key_idx\` ON \`_plans_v_locales\` (\`version_search_key\`,\`_locale\`);`,
  )
  await db.run(sql`ALTER TABLE \`articles_locales\` ADD \`search_key\` text;`)
  await db.run(
    sql`CREATE INDEX \`articles_search_key_idx\` ON \`articles_locales\` (\`search_key\`,\`_locale\`);`,
  )
  await db.run(sql`ALTER TABLE \`_articles_v_locales\` ADD \`version_search_key\` text;`)
  await db.run(
    sql`CREATE INDEX \`_articles_v_version_version_search_key_idx\` ON \`_articles_v_locales\` (\`version_search_key\`,\`_locale\`);`,
  )
  await fillSearchKeys({
    rows: (query) => db.all(query),
    run: (query) => db.run(query),
    sql,
  })
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.run(sql`DROP INDEX \`organizations_search_key_idx\`;`)
  await db.run(sql`ALTER TABLE \`organizations_locales\` DROP COLUMN \`search_key\`;`)
  await db.run(sql`DROP INDEX \`_organizations_v_version_version_search_key_idx\`;`)
  await db.run(sql`ALTER TABLE \`_organizations_v_locales\` DROP COLUMN \`version_search_key\`;`)
  await db.run(sql`DROP INDEX \`people_search_key_idx\`;`)
  await db.run(sql`ALTER TABLE \`people\` DROP COLUMN \`search_key\`;`)
  await db.run(sql`DROP INDEX \`_people_v_version_version_search_key_idx\`;`)
  await db.run(sql`ALTER TABLE \`_people_v\` DROP COLUMN \`version_search_key\`;`)
  await db.run(sql`DROP INDEX \`plans_search_key_idx\`;`)
  await db.run(sql`ALTER TABLE \`plans_locales\` DROP COLUMN \`search_key\`;`)
  await db.run(sql`DROP INDEX \`_plans_v_version_version_search_key_idx\`;`)
  await db.run(sql`ALTER TABLE \`_plans_v_locales\` DROP COLUMN \`version_search_key\`;`)
  await db.run(sql`DROP INDEX \`articles_search_key_idx\`;`)
  await db.run(sql`ALTER TABLE \`articles_locales\` DROP COLUMN \`search_key\`;`)
  await db.run(sql`DROP INDEX \`_articles_v_version_version_search_key_idx\`;`)
  await db.run(sql`ALTER TABLE \`_articles_v_locales\` DROP COLUMN \`version_search_key\`;`)
}
