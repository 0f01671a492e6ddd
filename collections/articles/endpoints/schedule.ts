import type { Endpoint } from 'payload'

import { addDataAndFileToRequest } from 'payload'

import type { AccessUser } from '../../../src/access'
import { isBoardUser } from '../../../src/access'
import { parseScheduleRequest } from '../../../src/lib/schedule/request'
import { slugs } from '../../../src/slugs'
import { errorResponse } from '../../../src/lib/errorShape'

const error = errorResponse

/**
 * `POST /api/articles/<id>/schedule` `{ "type": "publish" | "unpublish", "at": "<ISO date-time>" }`:
 * queues the job the admin's "Schedule publish" queues (Payload's `schedulePublish` task, in the
 * admin's schedule list too), acting as the caller when it runs. The board only (`bbt`, `admin`).
 */
export const scheduleEndpoint: Endpoint = {
  handler: async (req) => {
    const user = req.user as AccessUser | null
    if (!user) {
      return error(401, 'Log in as a member of the editorial board to schedule publishing.')
    }
    if (!isBoardUser(user)) {
      return error(403, 'Only the editorial board (bbt, admin) schedules publishing.')
    }
    await addDataAndFileToRequest(req)
    const parsed = parseScheduleRequest(req.data)
    if ('error' in parsed) {
      return error(400, parsed.error)
    }
    const rawId = String(req.routeParams?.id ?? '')
    const id = req.payload.db.defaultIDType === 'number' ? Number(rawId) : rawId
    const article =
      rawId && !(typeof id === 'number' && !Number.isInteger(id))
        ? await req.payload.findByID({
            collection: slugs.articles,
            depth: 0,
            disableErrors: true,
            draft: true,
            id,
            overrideAccess: false,
            req,
            select: { title: true },
            user,
          })
        : null
    if (!article) {
      return error(404, `No article with id "${rawId}".`)
    }
    const { at, type } = parsed.request
    // The caller is checked above; jobs.access.queue says the same for the Local API.
    const job = await req.payload.jobs.queue({
      input: {
        doc: { relationTo: slugs.articles, value: String(article.id) },
        type,
        user: { relationTo: slugs.users, value: user.id },
      } as never,
      req,
      task: 'schedulePublish',
      waitUntil: at,
    })
    return Response.json(
      { article: article.id, at: at.toISOString(), id: job.id, type },
      { status: 201 },
    )
  },
  method: 'post',
  path: '/:id/schedule',
}
