import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionAfterOperationHook,
  CollectionBeforeOperationHook,
  PaginatedDocs,
  Where,
} from 'payload'

import type { ListingKey } from '../../lib/listings'
import { isNewestFirst, listingKeyOf, positiveInteger } from '../../lib/listings'
import { pageTotals } from '../../lib/paging'
import { listingsReady, readListingPage, refreshListings } from './store'

/** Keeps the saved article's rows, in the save's transaction (every save: publish, unpublish, …). */
export const refreshArticleListings: CollectionAfterChangeHook = async ({ doc, req }) => {
  await refreshListings(req.payload, [doc.id], req)
  return doc
}

/** Drops a deleted article's rows, in the delete's transaction. */
export const dropArticleListings: CollectionAfterDeleteHook = async ({ doc, id, req }) => {
  await refreshListings(req.payload, [doc?.id ?? id], req)
  return doc
}

/** What the public may read: the read model holds published articles only. */
const PUBLISHED: Where = { _status: { equals: 'published' } }

const isPublishedOnly = (access: unknown): boolean =>
  JSON.stringify(access) === JSON.stringify(PUBLISHED)

type Served = { ids: number[]; key: ListingKey; limit: number; page: number; totalDocs: number }

/** The pages taken from the read model, by the operation's arguments (beforeOperation's result). */
const served = new WeakMap<object, Served>()

/** `req.context.readModel`: `false` turns the read model off for one call (the equivalence test). */
type ReadModelContext = { readModel?: 'served' | boolean }

/**
 * Serves a public list of articles from the read model: a caller who reads published articles
 * only (anonymous, a read key), listing every article, a topic's or a department's, newest first,
 * a page at a time. The page's ids and the total come from the read model (an index walk of one
 * page, no sort, no count); the find then loads those ids at the asked depth, locale and select,
 * under the same access, so REST, GraphQL and the Local API answer as Payload would. Any other
 * list goes to Payload unchanged.
 */
export const serveFromListings: CollectionBeforeOperationHook = async ({
  args,
  collection,
  operation,
  req,
}) => {
  const context = req.context as ReadModelContext
  if (operation !== 'read' || 'id' in args || context.readModel === false) {
    return args
  }
  const {
    draft,
    limit: askedLimit,
    overrideAccess,
    page: askedPage,
    pagination,
    sort,
    where,
  } = args as {
    draft?: boolean
    limit?: unknown
    overrideAccess?: boolean
    page?: unknown
    pagination?: boolean
    sort?: unknown
    where?: unknown
  }
  // The Local API overrides access unless told not to; REST and GraphQL leave it unset.
  if (overrideAccess || draft || pagination === false || req.transactionID) {
    return args
  }
  const key = listingKeyOf(where)
  if (!key || !isNewestFirst(sort, collection.defaultSort)) {
    return args
  }
  const limit = askedLimit === undefined ? 10 : positiveInteger(askedLimit)
  const page = askedPage === undefined ? 1 : positiveInteger(askedPage)
  if (limit === null || page === null || !(await listingsReady(req.payload))) {
    return args
  }
  const access = await collection.access.read?.({ req })
  if (!isPublishedOnly(access)) {
    return args
  }
  const { ids, totalDocs } = await readListingPage(req.payload, key, { limit, page })
  context.readModel = 'served'
  const next = {
    ...args,
    // One more than the ids: the page is then never full, so nothing counts it again.
    limit: ids.length + 1,
    page: 1,
    where: { id: { in: ids.length > 0 ? ids : [0] } },
  }
  served.set(next, { ids, key, limit, page, totalDocs })
  return next
}

/** Puts back the page's place in the whole list, and the read model's order, on the answer. */
export const pageFromListings: CollectionAfterOperationHook = ({ args, operation, result }) => {
  const page = operation === 'find' ? served.get(args) : undefined
  if (!page) {
    return result
  }
  const found = result as PaginatedDocs<{ id: number | string }>
  const at = new Map(page.ids.map((id, index) => [id, index]))
  const docs = [...found.docs].sort(
    (a, b) => (at.get(Number(a.id)) ?? 0) - (at.get(Number(b.id)) ?? 0),
  )
  return { ...found, ...pageTotals(page.totalDocs, page.limit, page.page), docs } as typeof result
}
