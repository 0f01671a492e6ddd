import type {
  CollectionAfterChangeHook,
  Config,
  CollectionAfterDeleteHook,
  Payload,
  PayloadRequest,
  Plugin,
} from 'payload'

import { afterCommit } from '../../afterCommit'
import { addHooks } from '../compose'
import { refOf } from '../../lib/renderings'
import { slugs } from '../../slugs'
import { UNSEEN } from '../cacheInvalidation'
import { withRenderedArticles } from './graphql'
import { queueRenderings } from './render'
import { invalidateRenderings } from './store'

export {
  refreshInBackground,
  refreshRenderings,
  remakeRenderingsEagerly,
  renderArticles,
} from './render'
export { renderedPage } from './serve'
export type { RenderedPage } from './serve'
export { renderingShape } from './shape'
export {
  clearRenderings,
  publishedIdsAfter,
  readBySlug,
  readListingRenderings,
  renderingsReady,
} from './store'
export type { StoredRendering } from './store'

/** Records no public rendering is made of. */
const UNRENDERED = new Set<string>([
  ...UNSEEN,
  slugs.apiClients,
  slugs.searchIndex,
  slugs.redirects,
])

/**
 * Accounts the public cannot read: a rendering holds their id only, which changes when the account
 * is deleted (the relation empties), not when it signs in or is edited.
 */
const DELETES_ONLY = new Set<string>([slugs.users])

/**
 * Drops the renderings made of the written record inside the write's transaction, and has them
 * made again once it has committed (the saved article's own too). Also for system work that
 * writes below Payload's hooks (people's position summaries).
 */
export const recordChanged = async (
  payload: Payload,
  collection: string,
  id: number | string,
  req?: PayloadRequest,
): Promise<void> => {
  const dropped = await invalidateRenderings(payload, [refOf(collection, id)], req)
  const again = collection === slugs.articles ? [...dropped, Number(id)] : dropped
  const remake = () => queueRenderings(payload, again)
  if (req) {
    await afterCommit(req, remake)
  } else {
    remake()
  }
}

const afterChange: CollectionAfterChangeHook = async ({ collection, doc, req }) => {
  if (doc?.id !== undefined) {
    await recordChanged(req.payload, collection.slug, doc.id, req)
  }
  return doc
}

const afterDelete: CollectionAfterDeleteHook = async ({ collection, doc, id, req }) => {
  await recordChanged(req.payload, collection.slug, doc?.id ?? id, req)
  return doc
}

/**
 * The stored public renderings of articles (store.ts): kept by hooks on every collection whose
 * records an article's public answer can hold, served by the HTTP layer (src/http/renderings.ts)
 * and to GraphQL's root finds of articles (graphql.ts).
 */
export const renderingsPlugin: Plugin = (incoming) => {
  const config: Config = {
    ...incoming,
    graphQL: { ...incoming.graphQL, queries: withRenderedArticles(incoming.graphQL?.queries) },
  }
  return (config.collections ?? [])
    .filter(({ slug }) => !UNRENDERED.has(slug))
    .reduce(
      (built, { slug }) =>
        addHooks(
          built,
          slug,
          DELETES_ONLY.has(slug)
            ? { afterDelete: [afterDelete] }
            : { afterChange: [afterChange], afterDelete: [afterDelete] },
        ),
      config,
    )
}
