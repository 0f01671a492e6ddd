import { MigrateUpArgs, MigrateDownArgs, sql } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   ALTER TYPE "public"."enum_audit_log_action" ADD VALUE 'two-factor-enable';
  ALTER TYPE "public"."enum_audit_log_action" ADD VALUE 'two-factor-disable';
  ALTER TYPE "public"."enum_audit_log_action" ADD VALUE 'two-factor-reset';
  ALTER TYPE "public"."enum_audit_log_action" ADD VALUE 'recovery-code-used';
  ALTER TYPE "public"."enum_audit_log_action" ADD VALUE 'session-end';
  ALTER TABLE "users" ADD COLUMN "two_factor_enabled" boolean DEFAULT false;
  ALTER TABLE "users" ADD COLUMN "two_factor_state" jsonb;
  ALTER TABLE "users" ADD COLUMN "two_factor_last_step" numeric;`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "audit_log" ALTER COLUMN "action" SET DATA TYPE text;
  DROP TYPE "public"."enum_audit_log_action";
  CREATE TYPE "public"."enum_audit_log_action" AS ENUM('create', 'update', 'delete', 'submit', 'publish', 'unpublish', 'return', 'login', 'failed-login', 'logout', 'password-reset-request', 'password-reset');
  ALTER TABLE "audit_log" ALTER COLUMN "action" SET DATA TYPE "public"."enum_audit_log_action" USING "action"::"public"."enum_audit_log_action";
  ALTER TABLE "users" DROP COLUMN "two_factor_enabled";
  ALTER TABLE "users" DROP COLUMN "two_factor_state";
  ALTER TABLE "users" DROP COLUMN "two_factor_last_step";`)
}
