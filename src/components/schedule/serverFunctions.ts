import type { ServerFunction } from 'payload'
import type { SchedulePublishHandlerArgs } from '@payloadcms/ui/utilities/schedulePublishHandler'

import { schedulePublishHandler } from '@payloadcms/ui/utilities/schedulePublishHandler'
import { Forbidden } from 'payload'

import type { AccessUser } from '../../access'
import { asSystem, isBoardUser } from '../../access'
import { SCHEDULE_TASK } from '../../lib/schedule/pending'

/**
 * The admin's "Lịch xuất bản" drawer, for the board only. Payload's own handler checks only that
 * the caller may use the admin, then queues without access control and deletes (cancels) any
 * scheduled job through the Local API, so an editor's hand-made call would queue or cancel one.
 * The drawer is offered to the board only (update access with `_status: 'published'`).
 */
export const boardOnlySchedulePublish: ServerFunction<SchedulePublishHandlerArgs> = async (
  args,
) => {
  const { deleteID, req } = args
  if (!isBoardUser((req.user ?? null) as AccessUser | null)) {
    throw new Forbidden(req.t)
  }
  if (deleteID === undefined || deleteID === null || deleteID === '') {
    return schedulePublishHandler(args)
  }
  // Cancelling: Payload's handler (3.90.1) queues an empty job after every delete, so delete here.
  // System work (asSystem): nobody deletes jobs through the API; the board check above decides.
  const { docs } = await req.payload.delete({
    ...asSystem(req),
    collection: 'payload-jobs',
    where: {
      and: [
        { id: { equals: deleteID } },
        { taskSlug: { equals: SCHEDULE_TASK } },
        { completedAt: { exists: false } },
      ],
    },
  })
  return docs.length > 0
    ? { message: req.i18n.t('general:deletedSuccessfully') }
    : { error: `No pending scheduled publish with id ${String(deleteID)}.` }
}

/** Server functions of the admin that replace Payload's own (`handleServerFunctions`). */
export const portalServerFunctions = {
  'schedule-publish': boardOnlySchedulePublish,
} as Record<string, ServerFunction<Record<string, unknown>>>
