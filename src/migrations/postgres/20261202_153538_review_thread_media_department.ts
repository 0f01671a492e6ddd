import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_articles_review_thread_kind" AS ENUM('return', 'reply', 'submit');
  CREATE TYPE "public"."enum__articles_v_version_review_thread_kind" AS ENUM('return', 'reply', 'submit');
  CREATE TABLE "articles_review_thread" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"kind" "enum_articles_review_thread_kind",
  	"note" varchar,
  	"user_name" varchar,
  	"user_id" varchar,
  	"at" timestamp(3) with time zone
  );
  
  CREATE TABLE "_articles_v_version_review_thread" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" serial PRIMARY KEY NOT NULL,
  	"kind" "enum__articles_v_version_review_thread_kind",
  	"note" varchar,
  	"user_name" varchar,
  	"user_id" varchar,
  	"at" timestamp(3) with time zone,
  	"_uuid" varchar
  );
  
  ALTER TABLE "media" ADD COLUMN "department_id" integer;
  ALTER TABLE "articles_review_thread" ADD CONSTRAINT "articles_review_thread_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "_articles_v_version_review_thread" ADD CONSTRAINT "_articles_v_version_review_thread_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."_articles_v"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "articles_review_thread_order_idx" ON "articles_review_thread" USING btree ("_order");
  CREATE INDEX "articles_review_thread_parent_id_idx" ON "articles_review_thread" USING btree ("_parent_id");
  CREATE INDEX "_articles_v_version_review_thread_order_idx" ON "_articles_v_version_review_thread" USING btree ("_order");
  CREATE INDEX "_articles_v_version_review_thread_parent_id_idx" ON "_articles_v_version_review_thread" USING btree ("_parent_id");
  ALTER TABLE "media" ADD CONSTRAINT "media_department_id_organizations_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "media_department_idx" ON "media" USING btree ("department_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "articles_review_thread" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "_articles_v_version_review_thread" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "articles_review_thread" CASCADE;
  DROP TABLE "_articles_v_version_review_thread" CASCADE;
  ALTER TABLE "media" DROP CONSTRAINT "media_department_id_organizations_id_fk";
  
  DROP INDEX "media_department_idx";
  ALTER TABLE "media" DROP COLUMN "department_id";
  DROP TYPE "public"."enum_articles_review_thread_kind";
  DROP TYPE "public"."enum__articles_v_version_review_thread_kind";`)
}
