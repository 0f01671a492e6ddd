/** What a scheduled job does to the article: Payload's `schedulePublish` task types. */
export type ScheduleType = 'publish' | 'unpublish'

export type ScheduleRequest = { at: Date; type: ScheduleType }

/** An ISO 8601 date-time with its offset: `2026-12-02T08:00:00Z`, `2026-12-02T15:00+07:00`. */
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i

/**
 * Reads `{ "type": "publish" | "unpublish", "at": "<ISO date-time>" }`. The time needs its offset
 * (`Z` or `+07:00`): a bare local time means different moments on the editor's and the server's
 * clocks. A time already past is accepted and runs at the next look at the queue.
 */
export const parseScheduleRequest = (
  body: unknown,
): { error: string } | { request: ScheduleRequest } => {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return {
      error:
        'The body must be a JSON object: { "type": "publish" | "unpublish", "at": "<ISO date-time>" }.',
    }
  }
  const { at, type } = body as { at?: unknown; type?: unknown }
  if (type !== 'publish' && type !== 'unpublish') {
    return {
      error:
        type === undefined
          ? '"type" is missing; use "publish" or "unpublish".'
          : `"type" must be "publish" or "unpublish", got ${JSON.stringify(type)}.`,
    }
  }
  if (at === undefined || at === null || at === '') {
    return {
      error:
        '"at" is missing; give an ISO date-time with its offset, e.g. 2026-12-02T08:00:00+07:00.',
    }
  }
  const date = typeof at === 'string' && ISO_DATE_TIME.test(at.trim()) ? new Date(at.trim()) : null
  if (!date || Number.isNaN(date.getTime())) {
    return {
      error: `"at" ${JSON.stringify(at)} is not an ISO date-time with its offset, e.g. 2026-12-02T08:00:00+07:00.`,
    }
  }
  return { request: { at: date, type } }
}
