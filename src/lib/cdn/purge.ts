import { fillTemplate } from '../preview/token'

/** Public pages by collection slug, as feeds and the sitemap link them (`${SITE_URL}/<page>/<slug>`). */
const PAGES: Record<string, string> = {
  articles: 'articles',
  organizations: 'organizations',
  people: 'people',
  plans: 'plans',
}

/**
 * The purge requests for one record: its public page (`${siteUrl}/articles/<slug>`) and its REST
 * address by id (`${serverUrl}/api/articles/<id>`). Lists and `?where[slug]…` queries cannot be
 * purged by URL; they age out within max-age + stale-while-revalidate.
 */
export const purgeRequests = ({
  collection,
  id,
  serverUrl,
  siteUrl,
  slug,
  template,
}: {
  collection: string
  id: string
  serverUrl: string
  siteUrl: string
  slug: null | string
  template: string
}): string[] => {
  const targets: string[] = []
  const page = PAGES[collection]
  if (page && slug) {
    targets.push(`${siteUrl}/${page}/${encodeURIComponent(slug)}`)
  }
  targets.push(`${serverUrl}/api/${collection}/${encodeURIComponent(id)}`)
  return targets.map((address) => {
    const url = new URL(address)
    return fillTemplate(template, {
      collection,
      path: url.pathname,
      slug: slug ?? '',
      url: address,
    })
  })
}
