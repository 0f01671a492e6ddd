import type { Config, Plugin } from 'payload'

import { addHooks, hasCollection } from '../../src/plugins/compose'
import { readWebhookSettings } from '../../src/lib/env/webhooks'
import type { EventCollection } from '../../src/lib/webhooks'
import { EVENT_TYPES, eventsOf } from '../../src/lib/webhooks'
import { Deliveries } from './Deliveries'
import { deliverWebhookTask, deliveryRun } from './deliverTask'
import { noteLiveBefore, sendChangeEvent, sendDeleteEvent } from './hooks/sendEvents'
import type { WebhooksPluginOptions } from './types'
import { Webhooks } from './Webhooks'

export { cdnPlugin } from './cdn'

/**
 * Signed webhooks (Standard Webhooks) for the content types present, delivered by jobs on
 * Payload's queue. Compose after the content types and before the jobs plugin, which runs the
 * delivery queue (`jobs.autoRun`) on the instances allowed to run jobs.
 */
export const webhooksPlugin =
  (options: WebhooksPluginOptions = {}): Plugin =>
  (incoming) => {
    if (options.enabled === false) {
      return incoming
    }
    const settings = readWebhookSettings()
    const present = (Object.keys(EVENT_TYPES) as EventCollection[]).filter((slug) =>
      hasCollection(incoming, slug),
    )
    const events = present.flatMap((slug) => {
      const collection = incoming.collections!.find((candidate) => candidate.slug === slug)!
      return eventsOf(
        slug,
        Boolean(
          collection.versions && collection.versions !== true ? collection.versions.drafts : false,
        ),
      )
    })
    let config: Config = {
      ...incoming,
      collections: [...(incoming.collections ?? []), Webhooks(events), Deliveries],
    }
    for (const slug of present) {
      config = addHooks(config, slug, {
        afterChange: [sendChangeEvent],
        afterDelete: [sendDeleteEvent],
        beforeChange: [noteLiveBefore],
      })
    }
    const autoRun = Array.isArray(incoming.jobs?.autoRun) ? incoming.jobs.autoRun : []
    return {
      ...config,
      jobs: {
        ...incoming.jobs,
        autoRun: [...autoRun, deliveryRun],
        tasks: [...(incoming.jobs?.tasks ?? []), deliverWebhookTask(settings)],
      },
    }
  }
