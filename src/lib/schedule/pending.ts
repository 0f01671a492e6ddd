import type { ScheduleType } from './request'

/** Payload's task that carries out a scheduled publish or unpublish (the admin's and ours). */
export const SCHEDULE_TASK = 'schedulePublish'

/** One scheduled publish or unpublish of a document, as the dashboard lists it. */
export type PendingSchedule = {
  /** When it is due, ISO; past-due ones run at the queue's next look (every few seconds). */
  at: string
  /** The scheduled document's id, as a string (Payload stores it so in the job's input). */
  docId: string
  jobId: number | string
  type: ScheduleType
  /** The account that scheduled it and as whom it runs; null when queued by the system. */
  userId: null | string
}

/**
 * The jobs still to run: Payload's scheduled-publish task for documents of `collection`, neither
 * finished nor given up after a failure. A plain `Where` (this module imports no Payload).
 */
export const pendingScheduleWhere = (collection: string) => ({
  and: [
    { taskSlug: { equals: SCHEDULE_TASK } },
    { completedAt: { exists: false } },
    // `not_equals: true` would drop the rows whose flag was never written (SQL NULL).
    { or: [{ hasError: { equals: false } }, { hasError: { exists: false } }] },
    { 'input.doc.relationTo': { equals: collection } },
  ],
})

const idText = (value: unknown): null | string =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : null

/** Reads a job of the scheduled-publish task; null for anything else or a malformed input. */
export const readPendingSchedule = (job: {
  id: number | string
  input?: unknown
  waitUntil?: unknown
}): null | PendingSchedule => {
  const input = (job.input ?? {}) as {
    doc?: { value?: unknown }
    type?: unknown
    user?: unknown
  }
  const docId = idText(input.doc?.value)
  const at =
    typeof job.waitUntil === 'string' || job.waitUntil instanceof Date
      ? new Date(job.waitUntil)
      : null
  if (!docId || !at || Number.isNaN(at.getTime())) {
    return null
  }
  // Payload's task publishes when the type is missing, so the list says so too.
  const type: ScheduleType = input.type === 'unpublish' ? 'unpublish' : 'publish'
  const user = input.user
  const userId =
    user && typeof user === 'object' ? idText((user as { value?: unknown }).value) : idText(user)
  return { at: at.toISOString(), docId, jobId: job.id, type, userId }
}
