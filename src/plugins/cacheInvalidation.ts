import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionBeforeChangeHook,
  Plugin,
} from 'payload'

import { afterCommit, runWorkAfterCommit } from '../afterCommit'
import { liveStatus } from '../hooks/liveStatus'
import { responseCacheOf, withResponseCache } from '../http/cache'

/** Collections no anonymous answer is made of: bookkeeping of the admin and of the audit trail. */
export const UNSEEN = new Set([
  'audit-log',
  'payload-jobs',
  'payload-locked-documents',
  'payload-migrations',
  'payload-preferences',
  'webhook-deliveries',
  'webhooks',
])

const PUBLISHED_BEFORE = 'cacheInvalidation.publishedBefore'

/**
 * Whether the stored (published-side) document was published before this write. The hooks' own
 * `originalDoc` is the latest version, which may be a draft saved over a published document, so
 * the main record is read here, inside the write's transaction.
 */
const beforeChange: CollectionBeforeChangeHook = async ({
  collection,
  context,
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (operation === 'update' && originalDoc?.id !== undefined && collection.versions?.drafts) {
    context[`${PUBLISHED_BEFORE}.${String(originalDoc.id)}`] =
      (await liveStatus(req, collection.slug, originalDoc.id)) === 'published'
  }
  return data
}

/**
 * A draft of a document that was not published before changes nothing the public can read:
 * anonymous reads see published documents only, and a relation to a draft is not populated for
 * them. Publishing, unpublishing, a draft saved over a published document, and every write to a
 * collection without drafts empty the cache, once the write has committed: emptied before, a read
 * landing between the hook and the commit would cache the old answer again.
 */
const afterChange: CollectionAfterChangeHook = async ({ collection, context, doc, req }) => {
  const publishedBefore = context[`${PUBLISHED_BEFORE}.${String(doc?.id)}`]
  const unseenDraft =
    Boolean(collection.versions?.drafts) && doc?._status === 'draft' && publishedBefore !== true
  if (!unseenDraft) {
    await afterCommit(req, () => responseCacheOf(req.payload.config).bump())
  }
  return doc
}

const afterDelete: CollectionAfterDeleteHook = async ({ doc, req }) => {
  await afterCommit(req, () => responseCacheOf(req.payload.config).bump())
  return doc
}

/**
 * Empties the response cache (src/http/cache.ts; with Redis, every instance's) after every write
 * that could change a public answer commits.
 */
export const cacheInvalidationPlugin: Plugin = (config) => ({
  ...config,
  // The cache's state lives with the config: each instance built from it has its own.
  custom: withResponseCache(config.custom),
  collections: (config.collections ?? []).map((collection) =>
    UNSEEN.has(collection.slug)
      ? collection
      : {
          ...collection,
          hooks: {
            ...collection.hooks,
            afterChange: [...(collection.hooks?.afterChange ?? []), afterChange],
            beforeChange: [...(collection.hooks?.beforeChange ?? []), beforeChange],
            afterDelete: [...(collection.hooks?.afterDelete ?? []), afterDelete],
          },
        },
  ),
  onInit: async (payload) => {
    await config.onInit?.(payload)
    runWorkAfterCommit(payload.db)
    responseCacheOf(payload.config).markInvalidationInstalled()
  },
})
