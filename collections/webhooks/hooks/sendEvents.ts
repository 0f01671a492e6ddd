import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionBeforeChangeHook,
  PayloadRequest,
} from 'payload'

import crypto from 'node:crypto'

import { liveStatus } from '../../../src/hooks/liveStatus'
import type { EventCollection, WebhookAction } from '../../../src/lib/webhooks'
import { actionOf, EVENT_TYPES } from '../../../src/lib/webhooks'
import type { DeliveryInput, PurgeInput } from '../types'
import { DELIVER_TASK, WEBHOOK_QUEUE, WEBHOOKS } from '../types'
import { asSystem } from '../../../src/access/asSystem'

const LIVE_BEFORE = 'webhooks.liveBefore'

/**
 * Queues one delivery job per active webhook that subscribed to the event, inside the write's
 * transaction: the jobs exist exactly when the write committed, and no runner sees them before.
 * System work: webhooks are admin-only, and any writer's change may be an event.
 */
/**
 * Queues one delivery (a webhook's event or a CDN purge) on the webhooks queue, in the write's own
 * transaction: it exists only if the write commits. System work: the job queue is not the caller's.
 */
export const queueDelivery = async (
  req: PayloadRequest,
  input: DeliveryInput | PurgeInput,
): Promise<void> => {
  await req.payload.jobs.queue({
    input: input as never,
    ...asSystem(req),
    queue: WEBHOOK_QUEUE,
    task: DELIVER_TASK as never,
  })
}

export const queueDeliveries = async (
  req: PayloadRequest,
  collection: string,
  action: WebhookAction,
  doc: { id: number | string; slug?: unknown },
): Promise<void> => {
  const type = EVENT_TYPES[collection as EventCollection]
  if (!type) {
    return
  }
  const event = `${type}.${action}`
  // Which admins' webhooks want this event, whoever made the change.
  const { docs } = await req.payload.find({
    collection: WEBHOOKS as 'webhooks',
    depth: 0,
    ...asSystem(req),
    pagination: false,
    select: { active: true },
    where: { and: [{ active: { equals: true } }, { events: { in: [event] } }] },
  })
  const timestamp = new Date().toISOString()
  for (const webhook of docs) {
    const input: DeliveryInput = {
      collection,
      event,
      messageId: `msg_${crypto.randomUUID()}`,
      recordId: String(doc.id),
      slug: typeof doc.slug === 'string' ? doc.slug : null,
      timestamp,
      webhook: String(webhook.id),
    }
    await queueDelivery(req, input)
  }
}

const autosave = (req: PayloadRequest): boolean =>
  String((req.query as { autosave?: unknown } | undefined)?.autosave) === 'true'

/** What readers had before an update: the main record's status, read inside the write. */
export const noteLiveBefore: CollectionBeforeChangeHook = async ({
  collection,
  context,
  data,
  operation,
  originalDoc,
  req,
}) => {
  const key = `${LIVE_BEFORE}.${String(originalDoc?.id)}`
  // Another plugin (the CDN purge) may have noted it already in this write.
  if (
    operation === 'update' &&
    originalDoc?.id !== undefined &&
    collection.versions?.drafts &&
    !(key in context)
  ) {
    context[key] = await liveStatus(req, collection.slug, originalDoc.id)
  }
  return data
}

type ChangeArgs = Pick<
  Parameters<CollectionAfterChangeHook>[0],
  'collection' | 'context' | 'doc' | 'operation' | 'req'
>

/**
 * What a create or update means to readers (published, unpublished, updated) or null, as events
 * name it; needs noteLiveBefore among the collection's beforeChange hooks. Also used by the CDN purge.
 */
export const changeActionOf = async ({
  collection,
  context,
  doc,
  operation,
  req,
}: ChangeArgs): Promise<null | WebhookAction> => {
  if (autosave(req)) {
    return null
  }
  const drafts = Boolean(collection.versions?.drafts)
  const liveBefore = context[`${LIVE_BEFORE}.${String(doc.id)}`] as string | undefined
  // A draft saved over a published record leaves it published; an unpublish leaves a draft.
  const liveAfter =
    drafts && doc._status !== 'published' && liveBefore === 'published'
      ? await liveStatus(req, collection.slug, doc.id)
      : doc._status
  return actionOf({ drafts, liveAfter, liveBefore, operation, saved: doc._status })
}

export const sendChangeEvent: CollectionAfterChangeHook = async (args) => {
  const { collection, doc, req } = args
  const action = await changeActionOf(args)
  if (action) {
    await queueDeliveries(req, collection.slug, action, doc)
  }
  return doc
}

export const sendDeleteEvent: CollectionAfterDeleteHook = async ({ collection, doc, req }) => {
  await queueDeliveries(req, collection.slug, 'deleted', doc)
  return doc
}
