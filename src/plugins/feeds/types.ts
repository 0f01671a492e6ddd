export type FeedsPluginOptions = {
  /** Records read per database query while writing a sitemap (tests lower it); 5,000. */
  sitemapBatchSize?: number
  /** URLs per sitemap file before /api/sitemap.xml becomes an index (tests lower it); 50,000. */
  sitemapPageSize?: number
  /** Where the public site shows records (SITE_URL, read in src/lib/env). */
  siteUrl: string
}
