import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, Plugin } from 'payload'

import { bumpCacheGeneration, markCacheInvalidationInstalled } from '../http/cache'

const afterChange: CollectionAfterChangeHook = ({ doc }) => {
  bumpCacheGeneration()
  return doc
}

const afterDelete: CollectionAfterDeleteHook = ({ doc }) => {
  bumpCacheGeneration()
  return doc
}

/** Empties the response cache (src/http/cache.ts) on every write to any collection. */
export const cacheInvalidationPlugin: Plugin = (config) => ({
  ...config,
  collections: (config.collections ?? []).map((collection) => ({
    ...collection,
    hooks: {
      ...collection.hooks,
      afterChange: [...(collection.hooks?.afterChange ?? []), afterChange],
      afterDelete: [...(collection.hooks?.afterDelete ?? []), afterDelete],
    },
  })),
  onInit: async (payload) => {
    await config.onInit?.(payload)
    markCacheInvalidationInstalled()
  },
})
