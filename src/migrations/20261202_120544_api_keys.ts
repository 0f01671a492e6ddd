import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-sqlite'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.run(sql`ALTER TABLE \`api_clients\` ADD \`scope\` text DEFAULT 'read';`)
  await db.run(
    sql`ALTER TABLE \`api_clients\` ADD \`department_id\` integer REFERENCES organizations(id);`,
  )
  await db.run(sql`ALTER TABLE \`api_clients\` ADD \`expires_at\` text;`)
  await db.run(sql`ALTER TABLE \`api_clients\` ADD \`last_used_at\` text;`)
  await db.run(
    sql`CREATE INDEX \`api_clients_department_idx\` ON \`api_clients\` (\`department_id\`);`,
  )
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.run(sql`PRAGMA foreign_keys=OFF;`)
  await db.run(sql`CREATE TABLE \`__new_api_clients\` (
  	\`id\` integer PRIMARY KEY NOT NULL,
  	\`name\` text NOT NULL,
  	\`contact\` text,
  	\`updated_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`created_at\` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
  	\`enable_a_p_i_key\` integer,
  	\`api_key\` text,
  	\`api_key_index\` text
  );
  `)
  await db.run(
    sql`INSERT INTO \`__new_api_clients\`("id", "name", "contact", "updated_at", "created_at", "enable_a_p_i_key", "api_key", "api_key_index") SELECT "id", "name", "contact", "updated_at", "created_at", "enable_a_p_i_key", "api_key", "api_key_index" FROM \`api_clients\`;`,
  )
  await db.run(sql`DROP TABLE \`api_clients\`;`)
  await db.run(sql`ALTER TABLE \`__new_api_clients\` RENAME TO \`api_clients\`;`)
  await db.run(sql`PRAGMA foreign_keys=ON;`)
  await db.run(
    sql`CREATE INDEX \`api_clients_updated_at_idx\` ON \`api_clients\` (\`updated_at\`);`,
  )
  await db.run(
    sql`CREATE INDEX \`api_clients_created_at_idx\` ON \`api_clients\` (\`created_at\`);`,
  )
}
