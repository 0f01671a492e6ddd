/**
 * Compat patch: jobs are claimed atomically, so each job runs once with any number of runners.
 *
 * What it changes: `payload.db.updateJobs` of the drizzle adapters (SQLite, PostgreSQL), for the
 * one call that claims jobs (`data` is `{ processing: true }`, from `runJobs`). Payload reads the
 * due jobs, then writes `processing = true` to each unconditionally. Here each candidate is taken
 * by one conditional `UPDATE payload_jobs SET processing = true WHERE id = ? AND processing = false
 * AND completed_at IS NULL AND has_error is not true AND total_tried = <as read> RETURNING id`,
 * and only the jobs this runner's statement changed are returned, so run. Every other call goes
 * to Payload's own method untouched.
 * Why: two runners that both read before either writes both run the job: a scheduled publish
 * twice (two versions, two audit records). SQLite is safe already while this project's
 * transactions are `BEGIN IMMEDIATE` (src/database.ts: `transactionOptions: {}`), PostgreSQL's
 * READ COMMITTED is not. Upstream fixed it in payloadcms/payload PR #17441, 4.0 only.
 * Checked against: payload, @payloadcms/drizzle, @payloadcms/db-sqlite, @payloadcms/db-postgres
 * 3.90.1 (payload/dist/queues/operations/runJobs/index.js, payload/dist/queues/utilities/
 * updateJob.js, @payloadcms/drizzle/dist/updateJobs.js). Re-check them on every Payload upgrade.
 * Guarded by: tests/int/jobs-race.int.spec.ts (two processes run the same due jobs many times).
 * Off switch: COMPAT=0. One instance still runs each job once then (autoRun never overlaps
 * itself); several instances on PostgreSQL may not.
 */
import type { BaseDatabaseAdapter, Payload, PayloadRequest, Where } from 'payload'

import { and, eq, isNull, or } from '@payloadcms/db-sqlite/drizzle'

const JOBS = 'payload-jobs'

type UpdateJobsArgs = Parameters<BaseDatabaseAdapter['updateJobs']>[0]
type Job = Record<string, unknown> & { id: number | string; totalTried?: null | number }

type Table = Record<string, unknown>
type Statement = { returning: (fields: object) => Promise<{ id: number | string }[]> }
type DrizzleAdapter = BaseDatabaseAdapter & {
  drizzle: {
    update: (table: Table) => { set: (row: object) => { where: (w: unknown) => Statement } }
  }
  sessions?: Record<string, { db: DrizzleAdapter['drizzle'] }>
  tableNameMap: Map<string, string>
  tables: Record<string, Table>
}

/** Whether this call is runJobs claiming jobs: it sets `processing: true` and nothing else. */
export const isClaim = (args: Pick<UpdateJobsArgs, 'data'>): boolean => {
  const { updatedAt: _updatedAt, ...rest } = (args.data ?? {}) as Record<string, unknown>
  return Object.keys(rest).length === 1 && rest.processing === true
}

/** The connection of the caller's transaction when there is one (Payload's getTransaction). */
const connectionOf = async (db: DrizzleAdapter, req: UpdateJobsArgs['req']) => {
  const id = req?.transactionID ? String(await req.transactionID) : undefined
  return (id && db.sessions?.[id]?.db) || db.drizzle
}

/**
 * Takes `job` when it is still as this runner read it: not taken, not finished, not failed,
 * not tried again since. True when this statement, and so this runner, took it. A job named by
 * id (`payload.jobs.runByID`) is taken whenever no one else holds it, as Payload would.
 */
const claimOne = async (
  db: DrizzleAdapter,
  req: UpdateJobsArgs['req'],
  job: Job,
  { byId, updatedAt }: { byId: boolean; updatedAt: string },
): Promise<boolean> => {
  const table = db.tables[db.tableNameMap.get('payload_jobs') ?? 'payload_jobs'] as Record<
    string,
    never
  >
  const connection = await connectionOf(db, req)
  const tried = job.totalTried ?? 0
  const taken = await connection
    .update(table)
    .set({ processing: true, updatedAt })
    .where(
      byId
        ? and(eq(table.id, job.id), eq(table.processing, false))
        : and(
            eq(table.id, job.id),
            eq(table.processing, false),
            isNull(table.completedAt),
            or(isNull(table.hasError), eq(table.hasError, false)),
            tried === 0
              ? or(isNull(table.totalTried), eq(table.totalTried, 0))
              : eq(table.totalTried, tried),
          ),
    )
    .returning({ id: table.id })
  return taken.length === 1
}

/** Replaces `payload.db.updateJobs` with one whose claims are atomic (see the header). */
export const installAtomicJobClaims = (payload: Payload): boolean => {
  const db = payload.db as unknown as DrizzleAdapter
  if (!db.tables || !db.drizzle || typeof db.updateJobs !== 'function') {
    // MongoDB: another adapter, another claim; out of this patch's reach.
    return false
  }
  const original = db.updateJobs.bind(db)
  db.updateJobs = async function updateJobs(args) {
    if (!isClaim(args)) {
      return original(args)
    }
    const updatedAt = String(
      (args.data as { updatedAt?: string }).updatedAt ?? new Date().toISOString(),
    )
    const where: Where = args.id !== undefined ? { id: { equals: args.id } } : (args.where ?? {})
    const { docs } = await db.find({
      collection: JOBS,
      limit: args.id !== undefined ? 1 : (args.limit ?? 0),
      pagination: false,
      req: args.req as PayloadRequest,
      sort: args.sort,
      where,
    })
    const claimed: Job[] = []
    for (const job of docs as Job[]) {
      if (await claimOne(db, args.req, job, { byId: args.id !== undefined, updatedAt })) {
        claimed.push({ ...job, processing: true, updatedAt })
      }
    }
    return args.returning === false ? null : (claimed as never)
  }
  return true
}
