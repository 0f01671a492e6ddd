import type { MigrateDownArgs, MigrateUpArgs } from '@payloadcms/db-postgres'

import { sql } from '@payloadcms/db-postgres'

/**
 * The stored public renderings of articles (src/plugins/renderings/store.ts): each published
 * article as an anonymous REST read at depth 1 answers it, the records it was made of (refs), and
 * a clock every write that can change one moves. Not Payload collections: Payload neither reads
 * nor diffs them. Empty at first: the server fills them.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
    CREATE TABLE IF NOT EXISTS "article_renderings" (
      "article_id" integer PRIMARY KEY NOT NULL,
      "shape" varchar NOT NULL,
      "valid_until" varchar,
      "body" text NOT NULL
    );
    CREATE TABLE IF NOT EXISTS "article_rendering_refs" (
      "ref" varchar NOT NULL,
      "article_id" integer NOT NULL,
      PRIMARY KEY ("ref", "article_id")
    );
    CREATE INDEX IF NOT EXISTS "article_rendering_refs_article_idx" ON "article_rendering_refs" ("article_id");
    CREATE TABLE IF NOT EXISTS "article_rendering_clock" (
      "id" integer PRIMARY KEY NOT NULL,
      "n" bigint NOT NULL
    );
    INSERT INTO "article_rendering_clock" ("id", "n") VALUES (1, 0) ON CONFLICT DO NOTHING;
  `)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
    DROP TABLE IF EXISTS "article_rendering_clock";
    DROP TABLE IF EXISTS "article_rendering_refs";
    DROP TABLE IF EXISTS "article_renderings";
  `)
}
