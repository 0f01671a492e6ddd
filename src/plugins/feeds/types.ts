export type FeedsPluginOptions = {
  /** URLs per sitemap file before /api/sitemap.xml becomes an index (tests lower it); 50,000. */
  sitemapPageSize?: number
  /** Where the public site shows records (SITE_URL, read in src/lib/env). */
  siteUrl: string
}
