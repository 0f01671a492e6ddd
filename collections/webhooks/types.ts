export type WebhooksPluginOptions = {
  /** Set false to leave webhooks out. */
  enabled?: boolean
}

/** What a delivery job carries; the secret is read when it runs, so it is never in the queue. */
export type DeliveryInput = {
  collection: string
  event: string
  /** The Standard Webhooks message id (`webhook-id`): the same on every retry of one event. */
  messageId: string
  recordId: string
  slug: null | string
  /** When the event happened (the body's `timestamp`). */
  timestamp: string
  webhook: string
}

/** A CDN purge carried by the same task (src/plugins/cdn.ts): `purgeUrl` tells it apart. */
export type PurgeInput = DeliveryInput & { purgeUrl: string }

export const WEBHOOKS = 'webhooks'
export const DELIVERIES = 'webhook-deliveries'
/** The queue of deliveries, run every second so they go out promptly. */
export const WEBHOOK_QUEUE = 'webhooks'
export const DELIVER_TASK = 'deliverWebhook'
