import type { PayloadRequest, TaskConfig } from 'payload'

import { Webhook } from 'standardwebhooks'

import type { WebhookSettings } from '../../src/lib/env/webhooks'
import { readWebhookSettings } from '../../src/lib/env/webhooks'
import type { DeliveryResult } from '../../src/lib/webhooks'
import { deliver, retryConfig } from '../../src/lib/webhooks'
import type { DeliveryInput } from './types'
import { DELIVER_TASK, DELIVERIES, WEBHOOK_QUEUE, WEBHOOKS } from './types'
import { asSystem } from '../../src/access/asSystem'

type StoredWebhook = {
  active?: boolean | null
  activeSince?: null | string
  id: number | string
  secret?: null | string
  url: string
}

/** Thrown to have Payload retry the job; its message is the attempt's error, never the secret. */
class DeliveryFailed extends Error {}

/** The contract's body: `{ type, timestamp, data: { collection, id, slug } }`. */
export const deliveryBody = (input: DeliveryInput): string =>
  JSON.stringify({
    type: input.event,
    timestamp: input.timestamp,
    data: {
      collection: input.collection,
      // Numeric ids (SQLite, PostgreSQL) as numbers, as REST gives them.
      id: /^\d+$/.test(input.recordId) ? Number(input.recordId) : input.recordId,
      slug: input.slug,
    },
  })

/**
 * The pause rule: after a delivery exhausted its retries (or was refused), a webhook whose last
 * `pauseAfter` finished deliveries since it was turned on all failed is turned off, with the
 * reason and time. Read from the attempt records, so deliveries finishing together count right.
 */
const pauseIfFailing = async (
  req: PayloadRequest,
  webhook: StoredWebhook,
  settings: WebhookSettings,
  lastError: string,
): Promise<void> => {
  // System read (the job runner acts for nobody): the webhook's latest finished deliveries.
  const { docs } = await req.payload.find({
    collection: DELIVERIES as 'webhook-deliveries',
    depth: 0,
    limit: settings.pauseAfter,
    ...asSystem(req),
    sort: '-createdAt',
    where: {
      and: [
        { webhook: { equals: webhook.id } },
        { final: { equals: true } },
        ...(webhook.activeSince ? [{ createdAt: { greater_than: webhook.activeSince } }] : []),
      ],
    },
  })
  const failed = docs as unknown as { ok?: boolean | null }[]
  if (failed.length < settings.pauseAfter || failed.some((record) => record.ok)) {
    return
  }
  // Straight to the database: a save through the collection would validate the URL again,
  // and a target refused now must still be paused.
  await req.payload.db.updateOne({
    collection: WEBHOOKS,
    data: {
      active: false,
      pausedAt: new Date().toISOString(),
      pausedReason:
        `${settings.pauseAfter} lần gửi liên tiếp thất bại sau mọi lần thử lại (${settings.pauseAfter} deliveries in a row failed after every retry); lần cuối: ${lastError}`.slice(
          0,
          500,
        ),
    },
    id: webhook.id,
    req,
  })
  req.payload.logger.warn({ webhook: webhook.id }, 'webhook paused after repeated failures')
}

const record = async (
  req: PayloadRequest,
  input: DeliveryInput,
  attempt: number,
  final: boolean,
  result: DeliveryResult,
) => {
  // The attempt's record, readable by admins only.
  await req.payload.create({
    collection: DELIVERIES as 'webhook-deliveries',
    data: {
      attempt,
      durationMs: result.durationMs,
      error: result.error?.slice(0, 500) ?? null,
      event: input.event,
      final,
      messageId: input.messageId,
      ok: result.ok,
      status: result.status ?? null,
      targetCollection: input.collection,
      targetId: input.recordId,
      webhook: Number.isNaN(Number(input.webhook)) ? input.webhook : Number(input.webhook),
    } as never,
    ...asSystem(req),
  })
}

/**
 * One delivery of one event to one webhook, on Payload's job queue: a failed attempt (non-2xx,
 * 3xx included, or no answer in 10 s) throws, and Payload retries it after a growing delay; each
 * attempt is recorded. A target the address guard refuses is not retried (it would be refused
 * again) and counts as a failed delivery.
 */
export const deliverWebhookTask = (settings: WebhookSettings): TaskConfig =>
  ({
    slug: DELIVER_TASK,
    label: 'Gửi webhook',
    handler: async ({ input, job, req }) => {
      const delivery = input as DeliveryInput
      const attempt = ((job as { totalTried?: null | number }).totalTried ?? 0) + 1
      // The secret is hidden from every reader, the sender needs it.
      const webhook = (await req.payload.findByID({
        collection: WEBHOOKS as 'webhooks',
        depth: 0,
        disableErrors: true,
        id: delivery.webhook,
        ...asSystem(req),
        showHiddenFields: true,
      })) as unknown as null | StoredWebhook
      if (!webhook || !webhook.active || !webhook.secret) {
        // Deleted or paused since the event: nothing to send.
        return { output: { attempt, sent: false } }
      }
      const body = deliveryBody(delivery)
      const now = new Date()
      const signature = new Webhook(webhook.secret).sign(delivery.messageId, now, body)
      const result = await deliver({
        // Read at each attempt, like the guard at save time.
        allowPrivate: readWebhookSettings().allowPrivate,
        body,
        headers: {
          'webhook-id': delivery.messageId,
          'webhook-signature': signature,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        },
        url: webhook.url,
      })
      const final = result.ok || Boolean(result.refused) || attempt > settings.retries
      await record(req, delivery, attempt, final, result)
      if (result.ok) {
        return { output: { attempt, sent: true, status: result.status } }
      }
      req.payload.logger.warn(
        { attempt, error: result.error, event: delivery.event, final, webhook: webhook.id },
        'webhook delivery failed',
      )
      if (final) {
        await pauseIfFailing(req, webhook, settings, result.error ?? 'failed')
      }
      if (result.refused) {
        return { output: { attempt, refused: true, sent: false } }
      }
      throw new DeliveryFailed(`webhook delivery attempt ${attempt} failed: ${result.error}`)
    },
    inputSchema: [
      { name: 'webhook', type: 'text', required: true },
      { name: 'event', type: 'text', required: true },
      { name: 'collection', type: 'text', required: true },
      { name: 'recordId', type: 'text', required: true },
      { name: 'slug', type: 'text' },
      { name: 'messageId', type: 'text', required: true },
      { name: 'timestamp', type: 'text', required: true },
    ],
    outputSchema: [
      { name: 'attempt', type: 'number' },
      { name: 'sent', type: 'checkbox' },
      { name: 'refused', type: 'checkbox' },
      { name: 'status', type: 'number' },
    ],
    retries: retryConfig(settings.retries, settings.retryDelayMs),
  }) as TaskConfig

/**
 * Every instance that runs jobs looks at the delivery queue every second. Silent: Payload would
 * log each failed attempt with the whole job at error level; the task logs one line instead, and
 * every attempt is in webhook-deliveries.
 */
export const deliveryRun = {
  cron: '* * * * * *',
  disableScheduling: true,
  limit: 20,
  queue: WEBHOOK_QUEUE,
  silent: true,
}
