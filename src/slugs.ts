/** Collection slugs, used for every relationTo so a rename is one edit. */
export const slugs = {
  apiClients: 'api-clients',
  articles: 'articles',
  auditLog: 'audit-log',
  media: 'media',
  organizations: 'organizations',
  people: 'people',
  plans: 'plans',
  redirects: 'redirects',
  searchIndex: 'search-index',
  topics: 'topics',
  users: 'users',
} as const

export type PortalSlug = (typeof slugs)[keyof typeof slugs]

export const ROLES = ['admin', 'bbt', 'editor'] as const
export type Role = (typeof ROLES)[number]
