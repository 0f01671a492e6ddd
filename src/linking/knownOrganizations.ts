import type { Payload, PayloadRequest } from 'payload'

import type { KnownOrg } from '../lib/link/organizations'
import { slugs } from '../slugs'

type Id = number | string

const cache = new WeakMap<Payload, Promise<KnownOrg<Id>[]>>()

/**
 * Every organization's name, short name and document code, for matching what a text names.
 * Read once and kept until an organization changes (the plugin clears it on every change), so an
 * import of thousands of articles does not reread the directory each time.
 */
export const knownOrganizations = (req: PayloadRequest): Promise<KnownOrg<Id>[]> => {
  const cached = cache.get(req.payload)
  if (cached) {
    return cached
  }
  // System read: matching needs every organization, published or not.
  const loading = req.payload
    .find({
      collection: slugs.organizations,
      depth: 0,
      limit: 0,
      overrideAccess: true,
      pagination: false,
      select: { documentCode: true, name: true, shortName: true },
    })
    .then(({ docs }) =>
      docs.map((doc) => ({
        documentCode: doc.documentCode,
        id: doc.id,
        name: doc.name,
        shortName: doc.shortName,
      })),
    )
  loading.catch(() => cache.delete(req.payload))
  cache.set(req.payload, loading)
  return loading
}

/** Called after any organization changes. */
export const forgetKnownOrganizations = (payload: Payload): void => {
  cache.delete(payload)
}
