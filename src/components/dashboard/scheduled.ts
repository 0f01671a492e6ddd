import type { Payload, TypedLocale, Where } from 'payload'

import type { AccessUser } from '../../access'
import { asSystem, idOf, isBoardUser, isStaffUser } from '../../access'
import type { PendingSchedule } from '../../lib/schedule/pending'
import { pendingScheduleWhere, readPendingSchedule } from '../../lib/schedule/pending'
import type { Article } from '../../payload-types'
import { slugs } from '../../slugs'

/** One row of the "Đã lên lịch" panel. */
export type ScheduledRow = PendingSchedule & {
  /** Who scheduled it: the account's name or email for the board; null when not shown. */
  by: null | string
  department: null | number | string
  title: string
}

/** How many pending schedules the panel lists, soonest first. */
export const SCHEDULED_LIMIT = 50
/** How many pending jobs are read before narrowing to what the user may see (a few a day here). */
const JOBS_READ = 500

/**
 * The pending scheduled publishes and unpublishes `user` may see, soonest first: the board sees
 * every article's; an editor their own department's only (when their articles go live or come
 * down), never another department's plans. Nobody reads the jobs collection through the API, so
 * the jobs are read as the system and then narrowed by reading their articles as `user`.
 */
export const loadScheduled = async ({
  limit = SCHEDULED_LIMIT,
  locale,
  payload,
  user,
}: {
  limit?: number
  locale?: TypedLocale
  payload: Payload
  user: AccessUser | null
}): Promise<ScheduledRow[]> => {
  if (!user || !isStaffUser(user)) {
    return []
  }
  const board = isBoardUser(user)
  const department = idOf(user.department)
  if (!board && department === null) {
    return []
  }
  // System read (asSystem): the jobs collection answers nobody; the article read below decides.
  const jobs = await payload.find({
    ...asSystem(),
    collection: 'payload-jobs',
    depth: 0,
    limit: JOBS_READ,
    select: { input: true, waitUntil: true },
    sort: 'waitUntil',
    // A plain object from src/lib (no Payload types there), shaped as a Where.
    where: pendingScheduleWhere(slugs.articles) as unknown as Where,
  })
  const pending = jobs.docs
    .map((job) => readPendingSchedule(job as Parameters<typeof readPendingSchedule>[0]))
    .filter((entry): entry is PendingSchedule => entry !== null)
  if (pending.length === 0) {
    return []
  }
  const numeric = payload.db.defaultIDType === 'number'
  const ids = [...new Set(pending.map((entry) => entry.docId))].map((id) =>
    numeric ? Number(id) : id,
  )
  const articleWhere: Where = board
    ? { id: { in: ids } }
    : { and: [{ id: { in: ids } }, { department: { equals: department } }] }
  const { docs: articles } = await payload.find({
    collection: slugs.articles,
    depth: 0,
    draft: true,
    limit: ids.length,
    locale,
    overrideAccess: false,
    pagination: false,
    select: { department: true, title: true },
    user,
    where: articleWhere,
  })
  const byId = new Map(
    (articles as Pick<Article, 'department' | 'id' | 'title'>[]).map((doc) => [
      String(doc.id),
      doc,
    ]),
  )
  const names = new Map<string, string>()
  const userIds = [...new Set(pending.map((entry) => entry.userId).filter(Boolean))] as string[]
  if (board && userIds.length > 0) {
    // The board reads every account; editors read only their own, so they see no names.
    const { docs: accounts } = await payload.find({
      collection: slugs.users,
      depth: 0,
      limit: userIds.length,
      overrideAccess: false,
      pagination: false,
      select: { email: true, name: true },
      user,
      where: { id: { in: userIds.map((id) => (numeric ? Number(id) : id)) } },
    })
    for (const account of accounts as {
      email?: null | string
      id: number | string
      name?: null | string
    }[]) {
      names.set(String(account.id), account.name || account.email || '')
    }
  }
  const rows = pending.flatMap((entry) => {
    const article = byId.get(entry.docId)
    if (!article) {
      return []
    }
    return [
      {
        ...entry,
        by: entry.userId ? (names.get(entry.userId) ?? null) : null,
        department: idOf(article.department),
        title: article.title ?? '',
      },
    ]
  })
  return rows.slice(0, limit)
}
