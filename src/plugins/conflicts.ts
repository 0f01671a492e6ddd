import type {
  CollectionAfterOperationHook,
  CollectionBeforeDeleteHook,
  CollectionBeforeValidateHook,
  CollectionConfig,
  PayloadRequest,
  Plugin,
  SanitizedCollectionConfig,
} from 'payload'

import { getLatestCollectionVersion } from 'payload'

import { lockDocument } from '../database'
import { Conflict, PreconditionFailed } from '../errors'
import { ifMatchHolds, isStale, UPDATED_AT_HEADER, versionTag } from '../lib/conflicts'

export const CONFLICT_MESSAGE =
  'Tài liệu này đã được người khác lưu sau khi bạn mở nó, nên thay đổi của bạn chưa được lưu. ' +
  'Hãy tải lại trang để xem bản mới nhất rồi sửa lại. ' +
  '(Conflict: the updatedAt you sent is older than the stored version; read it again and reapply your change.)'

export const PRECONDITION_MESSAGE =
  'The document changed since you read it (If-Match does not match its ETag); read it again and reapply your change.'

/** Set in `req.context` once the request's `If-Match` has been checked, so nested writes skip it. */
const IF_MATCH_CHECKED = 'conflictsIfMatchChecked'

/**
 * The `If-Match` of a REST request that addresses this very document (`/api/<slug>/<id>`), once per
 * request: a hook's nested write of another document, or of this one after the check, is not what
 * the header names. GraphQL and the Local API carry no `If-Match`.
 */
const ifMatchFor = (req: PayloadRequest, slug: string, id: number | string): null | string => {
  const header = req.headers?.get('if-match') ?? null
  const route = req.routeParams as { collection?: unknown; id?: unknown } | undefined
  if (
    header === null ||
    req.context[IF_MATCH_CHECKED] ||
    route?.collection !== slug ||
    String(route?.id) !== String(id)
  ) {
    return null
  }
  req.context[IF_MATCH_CHECKED] = true
  return header
}

/**
 * The one conflict rule: a write that states the version it was based on (`updatedAt` in the
 * data, or `If-Match` naming an ETag's version) is refused when the stored document is another
 * version. Runs inside the write's transaction, after Payload's access check, with the document
 * locked first, so two writers on any instances see each other: the second reads what the first
 * committed. The stored version is the latest one, draft or published, which is what the admin
 * shows and what Payload's update applies the data to.
 */
const refuseOtherVersions = async ({
  collection,
  id,
  req,
  sentUpdatedAt,
}: {
  collection: SanitizedCollectionConfig
  id: number | string
  req: PayloadRequest
  sentUpdatedAt: unknown
}): Promise<void> => {
  const ifMatch = ifMatchFor(req, collection.slug, id)
  if (ifMatch === null && typeof sentUpdatedAt !== 'string') {
    return
  }
  await lockDocument(req, collection.slug, id)
  // Read again under the lock: the `originalDoc` Payload read before may be out of date by now.
  const stored = await getLatestCollectionVersion({
    id,
    config: collection,
    payload: req.payload,
    query: {
      collection: collection.slug,
      locale: req.locale ?? undefined,
      req,
      where: { id: { equals: id } },
    },
    req,
  })
  const updatedAt = (stored as undefined | { updatedAt?: unknown })?.updatedAt
  if (updatedAt === undefined || updatedAt === null) {
    // Gone or never stamped: Payload answers the write itself.
    return
  }
  if (ifMatch !== null && !ifMatchHolds(ifMatch, versionTag(collection.slug, id, updatedAt))) {
    throw new PreconditionFailed(PRECONDITION_MESSAGE)
  }
  if (isStale(sentUpdatedAt, updatedAt)) {
    throw new Conflict(CONFLICT_MESSAGE)
  }
}

/**
 * The admin's edit form sends the `updatedAt` it loaded with every save, and a GraphQL client may
 * pass it in `data`, so neither overwrites another person's work unseen; a REST client may send
 * `If-Match` with the document's ETag (src/http/etag.ts) instead.
 */
const refuseStaleUpdates: CollectionBeforeValidateHook = async ({
  collection,
  data,
  operation,
  originalDoc,
  req,
}) => {
  const id = (originalDoc as undefined | { id?: number | string })?.id
  if (operation === 'update' && id !== undefined) {
    await refuseOtherVersions({ collection, id, req, sentUpdatedAt: data?.updatedAt })
  }
  return data
}

/** A DELETE with `If-Match` removes only the version it names. */
const refuseStaleDeletes: CollectionBeforeDeleteHook = async ({ collection, id, req }) => {
  await refuseOtherVersions({ collection, id, req, sentUpdatedAt: undefined })
}

/**
 * A REST read of the very document its route addresses (`GET /api/<slug>/<id>`) hands its
 * `updatedAt` to the ETag decorator in a response header, which the decorator removes.
 */
const announceVersion: CollectionAfterOperationHook = ({
  args,
  collection,
  operation,
  req,
  result,
}) => {
  const route = req.routeParams as { collection?: unknown; id?: unknown } | undefined
  const doc = result as { id?: unknown; updatedAt?: unknown } | null | undefined
  if (
    operation === 'findByID' &&
    req.payloadAPI === 'REST' &&
    (args as { currentDepth?: unknown }).currentDepth === undefined &&
    route?.collection === collection.slug &&
    doc &&
    String(route?.id) === String(doc.id) &&
    typeof doc.updatedAt === 'string'
  ) {
    req.responseHeaders ??= new Headers()
    req.responseHeaders.set(UPDATED_AT_HEADER, doc.updatedAt)
  }
  return result
}

/** Adds the checks first in every timestamped collection, before any hook can write. */
export const conflictsPlugin: Plugin = (config) => ({
  ...config,
  collections: (config.collections ?? []).map((collection): CollectionConfig =>
    collection.timestamps === false
      ? collection
      : {
          ...collection,
          hooks: {
            ...collection.hooks,
            afterOperation: [...(collection.hooks?.afterOperation ?? []), announceVersion],
            beforeDelete: [refuseStaleDeletes, ...(collection.hooks?.beforeDelete ?? [])],
            beforeValidate: [refuseStaleUpdates, ...(collection.hooks?.beforeValidate ?? [])],
          },
        },
  ),
})
