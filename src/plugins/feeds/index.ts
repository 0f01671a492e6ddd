import type { Plugin } from 'payload'

import type { SitemapType } from '../../lib/feeds/urls'
import type { FeedsPluginOptions } from './types'

import { MAX_BATCH, MAX_SITEMAP_URLS } from '../../lib/feeds/sitemapPlan'
import { SITEMAP_TYPES } from '../../lib/feeds/urls'
import { slugs } from '../../slugs'
import { hasCollection } from '../compose'
import { articlesFeedEndpoints } from './articlesFeed'
import { sitemapEndpoints } from './sitemap'

export type { FeedsPluginOptions }

/**
 * The public feed of articles and the sitemap, for frontends and search engines. Compose after
 * the content types: it lists only the ones present. Both answer anonymous GETs under /api, so the
 * response cache serves them and every publish or unpublish drops them (src/http/cache.ts).
 */
export const feedsPlugin =
  ({
    sitemapBatchSize = MAX_BATCH,
    sitemapPageSize = MAX_SITEMAP_URLS,
    siteUrl,
  }: FeedsPluginOptions): Plugin =>
  (config) => {
    const types = SITEMAP_TYPES.filter((type): type is SitemapType => hasCollection(config, type))
    const feeds =
      hasCollection(config, slugs.articles) &&
      hasCollection(config, slugs.topics) &&
      hasCollection(config, slugs.organizations)
        ? articlesFeedEndpoints(siteUrl)
        : []
    const pageSize = Math.min(MAX_SITEMAP_URLS, Math.max(1, Math.floor(sitemapPageSize)))
    const batchSize = Math.min(MAX_BATCH, Math.max(1, Math.floor(sitemapBatchSize)))
    return {
      ...config,
      endpoints: [
        ...(config.endpoints ?? []),
        ...feeds,
        ...(types.length ? sitemapEndpoints({ batchSize, pageSize, siteUrl, types }) : []),
      ],
    }
  }
