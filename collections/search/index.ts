import type { Config, Plugin } from 'payload'

import type { AfterMigrate } from '../../src/database'
import { addHooks, hasCollection } from '../../src/plugins/compose'
import { searchEndpoint } from './endpoint'
import { withSearchQuery } from './graphql'
import { indexDocument } from './hooks/indexDocument'
import { removeFromIndex } from './hooks/removeFromIndex'
import { buildSearchIndex } from './SearchIndex'
import { ensureSearchIndex } from './sqlite'
import { ALL_TARGETS } from './targets'
import type { SearchPluginOptions } from './types'

export type { SearchHit, SearchPluginOptions, SearchResult, SearchTargetSlug } from './types'
export { reindexAll } from './reindex'
export { ensureSearchIndex } from './sqlite'

/**
 * Search across articles, people, organizations and plans: a hidden index collection kept by
 * hooks, `GET /api/search` and the GraphQL `search` query. Compose after the types it indexes.
 */
export const searchPlugin =
  (options: SearchPluginOptions = {}): Plugin =>
  (incoming) => {
    if (options.enabled === false) {
      return incoming
    }
    const targets = (options.collections ?? ALL_TARGETS).filter((slug) =>
      hasCollection(incoming, slug),
    )
    let config: Config = {
      ...incoming,
      collections: [...(incoming.collections ?? []), buildSearchIndex(targets)],
    }
    for (const target of targets) {
      config = addHooks(config, target, {
        afterChange: [indexDocument(target)],
        afterDelete: [removeFromIndex(target)],
      })
    }
    // SQLite's full-text tables and triggers, kept beside the migrations.
    const fullText: AfterMigrate = (payload) =>
      payload.db.name === 'sqlite' ? ensureSearchIndex(payload) : Promise.resolve()
    return {
      ...config,
      custom: {
        ...config.custom,
        afterMigrate: [...((config.custom?.afterMigrate as AfterMigrate[]) ?? []), fullText],
      },
      endpoints: [...(config.endpoints ?? []), searchEndpoint],
      graphQL: { ...config.graphQL, queries: withSearchQuery(config.graphQL?.queries) },
    }
  }
