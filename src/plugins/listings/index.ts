import type { Plugin } from 'payload'

import { slugs } from '../../slugs'
import { addHooks, hasCollection } from '../compose'
import {
  dropArticleListings,
  pageFromListings,
  refreshArticleListings,
  serveFromListings,
} from './hooks'

export { rebuildListings, refreshListings } from './store'

/**
 * The read model of the public article lists (store.ts): kept by hooks in each write's
 * transaction, and serving anonymous and read-key lists of every article, a topic's or a
 * department's, newest first. Compose after the articles plugin and after the request rules, so
 * it sees the capped limit.
 */
export const listingsPlugin: Plugin = (config) =>
  hasCollection(config, slugs.articles)
    ? addHooks(config, slugs.articles, {
        afterChange: [refreshArticleListings],
        afterDelete: [dropArticleListings],
        afterOperation: [pageFromListings],
        beforeOperation: [serveFromListings],
      })
    : config
