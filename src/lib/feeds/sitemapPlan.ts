import type { SitemapType } from './urls'

import { SITEMAP_TYPES } from './urls'

/** The protocol's limit of URLs in one sitemap file (sitemaps.org). */
export const MAX_SITEMAP_URLS = 50_000

/** Records read per database query while writing a sitemap: memory stays bounded at any size. */
export const MAX_BATCH = 5_000

export type SitemapPage = { page: number; type: SitemapType }

export type SitemapPlan =
  { kind: 'index'; pages: SitemapPage[] } | { kind: 'urlset'; types: SitemapType[] }

/**
 * One urlset when every published record fits in one file of `pageSize` URLs; otherwise an index
 * of pages of at most `pageSize` URLs each, per type (`articles-1`, `articles-2`, `people-1`, …).
 */
export const planSitemap = (
  counts: Partial<Record<SitemapType, number>>,
  pageSize: number = MAX_SITEMAP_URLS,
): SitemapPlan => {
  const types = SITEMAP_TYPES.filter((type) => counts[type] !== undefined)
  const total = types.reduce((sum, type) => sum + (counts[type] ?? 0), 0)
  if (total <= pageSize) {
    return { kind: 'urlset', types }
  }
  const pages: SitemapPage[] = []
  for (const type of types) {
    for (let page = 1; page <= Math.ceil((counts[type] ?? 0) / pageSize); page += 1) {
      pages.push({ page, type })
    }
  }
  return { kind: 'index', pages }
}

/** `articles-2.xml` → `{ type: 'articles', page: 2 }`; null for anything else. */
export const parseSitemapPage = (name: string): null | SitemapPage => {
  const match = /^([a-z]+)-([1-9]\d{0,6})\.xml$/.exec(name)
  const type = match?.[1] as SitemapType | undefined
  if (!match || !type || !SITEMAP_TYPES.includes(type)) {
    return null
  }
  return { page: Number(match[2]), type }
}

/** The file name of a page in the index, the inverse of parseSitemapPage. */
export const sitemapPageName = ({ page, type }: SitemapPage): string => `${type}-${page}.xml`

export type PageReads = {
  /** The 1-based pages of `limit` records to read, in order. */
  batches: number[]
  limit: number
  /** Records of the first batch that belong to the page before. */
  skip: number
  /** Records the page holds at most. */
  take: number
}

/**
 * The database reads that cover sitemap page `page` of `pageSize` records: offset pages of at most
 * `maxBatch` records, the first one's leading records skipped when the page starts mid-batch.
 */
export const pageReads = (
  page: number,
  pageSize: number,
  maxBatch: number = MAX_BATCH,
): PageReads => {
  const limit = Math.min(pageSize, maxBatch)
  const start = (page - 1) * pageSize
  const first = Math.floor(start / limit) + 1
  const last = Math.floor((start + pageSize - 1) / limit) + 1
  return {
    batches: Array.from({ length: last - first + 1 }, (_, i) => first + i),
    limit,
    skip: start % limit,
    take: pageSize,
  }
}
