import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_api_clients_scope" AS ENUM('read', 'write');
  ALTER TABLE "api_clients" ADD COLUMN "scope" "enum_api_clients_scope" DEFAULT 'read';
  ALTER TABLE "api_clients" ADD COLUMN "department_id" integer;
  ALTER TABLE "api_clients" ADD COLUMN "expires_at" timestamp(3) with time zone;
  ALTER TABLE "api_clients" ADD COLUMN "last_used_at" timestamp(3) with time zone;
  ALTER TABLE "api_clients" ADD CONSTRAINT "api_clients_department_id_organizations_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;
  CREATE INDEX "api_clients_department_idx" ON "api_clients" USING btree ("department_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "api_clients" DROP CONSTRAINT "api_clients_department_id_organizations_id_fk";
  
  DROP INDEX "api_clients_department_idx";
  ALTER TABLE "api_clients" DROP COLUMN "scope";
  ALTER TABLE "api_clients" DROP COLUMN "department_id";
  ALTER TABLE "api_clients" DROP COLUMN "expires_at";
  ALTER TABLE "api_clients" DROP COLUMN "last_used_at";
  DROP TYPE "public"."enum_api_clients_scope";`)
}
