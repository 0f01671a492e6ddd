/** The public collections a sitemap lists, each under its own path of the site. */
export const SITEMAP_TYPES = ['articles', 'people', 'organizations', 'plans'] as const

export type SitemapType = (typeof SITEMAP_TYPES)[number]

/**
 * Where the public site shows a record: `${siteUrl}/<type>/<slug>` (articles, people,
 * organizations, plans), the paths the frontends serve and structured data links to.
 */
export const recordUrl = (siteUrl: string, type: SitemapType, slug: string): string =>
  `${siteUrl.replace(/\/+$/, '')}/${type}/${encodeURIComponent(slug.normalize('NFC'))}`

/** An article's public address, the RSS item's link and guid. */
export const articleUrl = (siteUrl: string, slug: string): string =>
  recordUrl(siteUrl, 'articles', slug)

/**
 * Where the API's own feed and sitemap files appear under SITE_URL: a frontend on another host
 * proxies `/api/feeds/*`, `/api/sitemap.xml` and `/api/sitemaps/*` (search engines accept a
 * sitemap only for URLs of its own host).
 */
export const apiUrl = (siteUrl: string, path: string): string =>
  `${siteUrl.replace(/\/+$/, '')}/api/${path.replace(/^\/+/, '')}`
