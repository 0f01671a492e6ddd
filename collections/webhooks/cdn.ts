import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  PayloadRequest,
  Plugin,
  TaskConfig,
} from 'payload'

import crypto from 'node:crypto'

import { changeActionOf, noteLiveBefore, queueDelivery } from './hooks/sendEvents'
import type { PurgeInput } from './types'
import { DELIVER_TASK } from './types'
import { purgeRequests } from '../../src/lib/cdn/purge'
import { readFrontendSettings, readSiteUrl, readWebhookSettings } from '../../src/lib/env'
import type { EventCollection } from '../../src/lib/webhooks'
import { deliver, EVENT_TYPES } from '../../src/lib/webhooks'
import { addHooks, hasCollection } from '../../src/plugins/compose'

/** A purge job's input: the delivery task's own fields, with the URL to call instead of a webhook. */
/** Thrown to have Payload retry the job. */
class PurgeFailed extends Error {}

/**
 * One job per purge URL, queued inside the write's transaction: it exists exactly when the write
 * committed, and a retry of one URL resends nothing else. System work: any writer's change may
 * need a purge.
 */
const queuePurges = async (
  req: PayloadRequest,
  collection: string,
  event: string,
  doc: { id: number | string; slug?: unknown },
  previousSlug?: unknown,
): Promise<void> => {
  const settings = readFrontendSettings()
  if (!settings.cdnPurgeUrl) {
    return
  }
  const slug = typeof doc.slug === 'string' && doc.slug ? doc.slug : null
  const urls = purgeRequests({
    collection,
    id: String(doc.id),
    serverUrl: settings.serverUrl,
    siteUrl: readSiteUrl(),
    slug,
    template: settings.cdnPurgeUrl,
  })
  // A published record whose slug changed: its old page must go too (it now redirects).
  if (typeof previousSlug === 'string' && previousSlug && previousSlug !== slug) {
    urls.unshift(
      ...purgeRequests({
        collection,
        id: String(doc.id),
        serverUrl: settings.serverUrl,
        siteUrl: readSiteUrl(),
        slug: previousSlug,
        template: settings.cdnPurgeUrl,
      }).slice(0, 1),
    )
  }
  for (const url of urls) {
    const input: PurgeInput = {
      collection,
      event,
      messageId: `purge_${crypto.randomUUID()}`,
      purgeUrl: url,
      recordId: String(doc.id),
      slug,
      timestamp: new Date().toISOString(),
      webhook: 'cdn',
    }
    await queueDelivery(req, input)
  }
}

const purgeOnChange: CollectionAfterChangeHook = async (args) => {
  const action = await changeActionOf(args)
  // What readers see changed: a publish, an unpublish, or a published record saved again.
  if (action) {
    await queuePurges(
      args.req,
      args.collection.slug,
      action,
      args.doc,
      action === 'updated' ? (args.previousDoc as { slug?: unknown } | undefined)?.slug : undefined,
    )
  }
  return args.doc
}

const purgeOnDelete: CollectionAfterDeleteHook = async ({ collection, doc, req }) => {
  await queuePurges(req, collection.slug, 'deleted', doc)
  return doc
}

type Handler = Extract<TaskConfig['handler'], (...args: never[]) => unknown>

/**
 * One purge request through the webhooks' guarded sender (address checks, timeout, no redirects).
 * It rides on the webhook delivery task and queue: a task of its own would add a value to the job
 * tables' task enum (a migration on PostgreSQL); the input's `purgeUrl` tells the two apart.
 */
const purgeOrDeliver =
  (deliverWebhook: Handler): Handler =>
  async (args) => {
    const purge = args.input as Partial<PurgeInput>
    if (typeof purge.purgeUrl !== 'string') {
      return deliverWebhook(args)
    }
    const attempt = ((args.job as { totalTried?: null | number }).totalTried ?? 0) + 1
    const result = await deliver({
      allowPrivate: readWebhookSettings().allowPrivate,
      body: JSON.stringify({
        collection: purge.collection,
        event: purge.event,
        id: purge.recordId,
        slug: purge.slug,
        url: purge.purgeUrl,
      }),
      headers: {},
      method: readFrontendSettings().cdnPurgeMethod,
      url: purge.purgeUrl,
    })
    if (result.ok) {
      return { output: { attempt, sent: true, status: result.status } }
    }
    args.req.payload.logger.warn(
      { attempt, error: result.error, url: purge.purgeUrl },
      'CDN purge failed',
    )
    if (result.refused) {
      // Refused by the address guard: it would be refused again.
      return { output: { attempt, refused: true, sent: false } }
    }
    throw new PurgeFailed(`CDN purge attempt ${attempt} failed: ${result.error}`)
  }

/**
 * CDN purge on publish, unpublish, published update and delete of articles, people,
 * organizations and plans, when CDN_PURGE_URL is set. Compose before the jobs plugin.
 */
export const cdnPlugin: Plugin = (incoming) => {
  const tasks = incoming.jobs?.tasks ?? []
  const carrier = tasks.find((task) => task.slug === DELIVER_TASK)
  if (!readFrontendSettings().cdnPurgeUrl || typeof carrier?.handler !== 'function') {
    return incoming
  }
  let config = incoming
  const present = (Object.keys(EVENT_TYPES) as EventCollection[]).filter((slug) =>
    hasCollection(incoming, slug),
  )
  for (const slug of present) {
    config = addHooks(config, slug, {
      afterChange: [purgeOnChange],
      afterDelete: [purgeOnDelete],
      beforeChange: [noteLiveBefore],
    })
  }
  return {
    ...config,
    jobs: {
      ...config.jobs,
      tasks: tasks.map((task) =>
        task === carrier ? { ...task, handler: purgeOrDeliver(task.handler as Handler) } : task,
      ),
    },
  }
}
