import type { JobsConfig, Payload, Plugin, TaskConfig } from 'payload'

import type { AccessUser } from '../access'
import { isAdminUser, isBoardUser } from '../access'
import { installAtomicJobClaims } from '../compat/atomicJobClaims'
import { responseCacheOf } from '../http/cache'
import type { MaintenanceTask } from '../maintenance'
import { maintenanceTasks } from '../maintenance'

/** The queue of scheduled publishing (Payload's `schedulePublish` queues into `default`). */
export const PUBLISH_QUEUE = 'default'
/** The queue of upkeep, so a long upkeep run never delays a scheduled publish. */
export const UPKEEP_QUEUE = 'upkeep'
/** How often every instance looks for due jobs: a scheduled publish is at most this late. */
export const RUN_EVERY_SECONDS = 10
/** How long finished jobs stay listed (the record of what ran, and what upkeep dedupes against). */
export const KEEP_FINISHED_JOBS_DAYS = 30

/** Upkeep of the queue itself: finished jobs older than KEEP_FINISHED_JOBS_DAYS go, daily. */
const pruneFinishedJobs: MaintenanceTask = {
  cron: '17 3 * * *',
  label: 'Xóa các tác vụ đã chạy xong quá 30 ngày',
  run: async (payload, now = Date.now()) => {
    const before = new Date(now - KEEP_FINISHED_JOBS_DAYS * 24 * 60 * 60 * 1000).toISOString()
    await payload.db.deleteMany({
      collection: 'payload-jobs',
      where: { completedAt: { less_than: before } },
    })
    // Nothing public changed: no cache to drop.
    return 0
  },
  slug: 'pruneFinishedJobs',
}

export type JobsPluginOptions = {
  /** Claim jobs atomically (src/compat/atomicJobClaims.ts); COMPAT=0 turns it off. */
  atomicClaims?: boolean
}

/**
 * Runs one upkeep task now and drops the response cache when it rewrote anything: it writes past
 * Payload's hooks, so cached public answers may hold the old values.
 */
export const runUpkeep = async (
  payload: Payload,
  task: MaintenanceTask,
  now?: number,
): Promise<number> => {
  const rewritten = await task.run(payload, now)
  if (rewritten > 0) {
    responseCacheOf(payload.config).bump()
    payload.logger.info({ rewritten, task: task.slug }, 'upkeep rewrote records')
  }
  return rewritten
}

type QueuedJob = {
  id: number | string
  meta?: unknown
  taskSlug?: null | string
  waitUntil?: unknown
}

/**
 * Whether another job was queued for the same scheduled run of the same task before this one.
 * Payload's scheduler checks "none queued yet" and then queues, so two instances scheduling at
 * the same moment both queue the next run, for the same time. The first queued runs; the rest
 * end without doing the work, so upkeep runs once per period in all.
 */
const queuedBefore = async (payload: Payload, job: QueuedJob): Promise<boolean> => {
  if (!(job.meta as { scheduled?: boolean } | undefined)?.scheduled || !job.waitUntil) {
    return false
  }
  const { totalDocs } = await payload.db.count({
    collection: 'payload-jobs',
    where: {
      and: [
        { taskSlug: { equals: job.taskSlug } },
        { waitUntil: { equals: job.waitUntil } },
        { 'meta.scheduled': { equals: true } },
        { id: { less_than: job.id } },
      ],
    },
  })
  return totalDocs > 0
}

const upkeepTask = (task: MaintenanceTask): TaskConfig =>
  ({
    slug: task.slug,
    handler: async ({ job, req }) => {
      if (await queuedBefore(req.payload, job as QueuedJob)) {
        return { output: { rewritten: 0, skipped: true } }
      }
      return { output: { rewritten: await runUpkeep(req.payload, task), skipped: false } }
    },
    label: task.label,
    outputSchema: [
      { name: 'rewritten', type: 'number' },
      { name: 'skipped', type: 'checkbox' },
    ],
    // The next period tries again; a retry would only pile onto it.
    retries: 0,
    schedule: [{ cron: task.cron, queue: UPKEEP_QUEUE }],
  }) as TaskConfig

/** The Payload instances whose process runs the job queue (the server's `jobs` option). */
const runners = new WeakSet<Payload>()

/**
 * Lets this process run `payload`'s job queue: call before `getPayload({ cron: true })`. Payload's
 * own REST handlers also ask for the runners (`initReq` passes `cron: true`) on the first request;
 * without this they start none, so a server started with `jobs: false` (tests) runs no queue.
 */
export const allowJobRunners = (payload: Payload): void => {
  runners.add(payload)
}

/**
 * Payload's job queue, run by every instance: scheduled publish and unpublish (`schedulePublish`,
 * queued by the admin and by `POST /api/articles/<id>/schedule`) every RUN_EVERY_SECONDS, and the
 * content plugins' upkeep (`config.custom.maintenance`) as scheduled tasks. The server starts the
 * runners once migrations are applied (`getPayload({ cron: true })`). Compose after the content
 * plugins, whose upkeep it collects.
 */
export const jobsPlugin =
  ({ atomicClaims = true }: JobsPluginOptions = {}): Plugin =>
  (incoming) => {
    const upkeep = [...maintenanceTasks(incoming), pruneFinishedJobs]
    // Queues other plugins run (webhook deliveries), started like these only where allowed.
    const theirs = Array.isArray(incoming.jobs?.autoRun) ? incoming.jobs.autoRun : []
    const autoRun: JobsConfig['autoRun'] = [
      ...theirs,
      {
        cron: `*/${RUN_EVERY_SECONDS} * * * * *`,
        disableScheduling: true,
        limit: 10,
        queue: PUBLISH_QUEUE,
      },
      { cron: '*/30 * * * * *', limit: 10, queue: UPKEEP_QUEUE, silent: { info: true } },
    ]
    return {
      ...incoming,
      jobs: {
        ...incoming.jobs,
        access: {
          // Only the board queues (the Local API with overrideAccess: false); only admins run or
          // cancel through /api/payload-jobs/run and the Local API.
          cancel: ({ req }) => isAdminUser(req.user as AccessUser | null),
          queue: ({ req }) => isBoardUser(req.user as AccessUser | null),
          run: ({ req }) => isAdminUser(req.user as AccessUser | null),
          ...incoming.jobs?.access,
        },
        autoRun: (payload) => (runners.has(payload) ? autoRun : []),
        // Kept, so the later of two runs queued for one upkeep period can see the earlier one
        // ran (queuedBefore); pruneFinishedJobs removes them after KEEP_FINISHED_JOBS_DAYS.
        deleteJobOnComplete: false,
        tasks: [...(incoming.jobs?.tasks ?? []), ...upkeep.map(upkeepTask)],
      },
      onInit: async (payload) => {
        await incoming.onInit?.(payload)
        if (atomicClaims) {
          installAtomicJobClaims(payload)
        }
      },
    }
  }
