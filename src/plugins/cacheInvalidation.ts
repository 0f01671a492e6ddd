import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, Plugin } from 'payload'

import { bumpCacheGeneration, markCacheInvalidationInstalled } from '../http/cache'

/** Collections no anonymous answer is made of: bookkeeping of the admin and of the audit trail. */
const UNSEEN = new Set([
  'audit-log',
  'payload-jobs',
  'payload-locked-documents',
  'payload-migrations',
  'payload-preferences',
])

type Status = { _status?: unknown } | null | undefined

/**
 * A draft that was not published before changes nothing the public can read: anonymous reads see
 * published documents only, and a relation to a draft is not populated for them. Publishing,
 * unpublishing, a draft saved over a published document and every write without drafts empty it.
 */
const changesPublicReads = (doc: Status, previousDoc: Status): boolean =>
  !(doc?._status === 'draft' && previousDoc?._status !== 'published')

const afterChange: CollectionAfterChangeHook = ({ doc, previousDoc }) => {
  if (changesPublicReads(doc, previousDoc)) {
    bumpCacheGeneration()
  }
  return doc
}

const afterDelete: CollectionAfterDeleteHook = ({ doc }) => {
  bumpCacheGeneration()
  return doc
}

/** Empties the response cache (src/http/cache.ts) on every write that could change a public answer. */
export const cacheInvalidationPlugin: Plugin = (config) => ({
  ...config,
  collections: (config.collections ?? []).map((collection) =>
    UNSEEN.has(collection.slug)
      ? collection
      : {
          ...collection,
          hooks: {
            ...collection.hooks,
            afterChange: [...(collection.hooks?.afterChange ?? []), afterChange],
            afterDelete: [...(collection.hooks?.afterDelete ?? []), afterDelete],
          },
        },
  ),
  onInit: async (payload) => {
    await config.onInit?.(payload)
    markCacheInvalidationInstalled()
  },
})
