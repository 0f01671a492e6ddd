import type { CollectionAfterChangeHook, PayloadRequest } from 'payload'

import { inLocale } from '../../../src/hooks/inLocale'
import { liveStatus } from '../../../src/hooks/liveStatus'
import { entryOf, indexLocale, upsertEntry } from '../entries'
import { SEARCH_TARGETS } from '../targets'
import type { SearchTargetSlug } from '../types'
import { asSystem } from '../../../src/access/asSystem'
import type { Doc, Id } from '../../../src/lib/types'

/** A record as the index reads it. */
type IndexedDoc = Doc & { id: Id }

/**
 * The document in the locale the index holds. Saves in another locale hand hooks that locale's
 * text, so the record is read again; the Local API would keep the locale on the shared `req`.
 */
const inIndexLocale = async ({
  doc,
  published,
  req,
  target,
}: {
  doc: IndexedDoc
  published: boolean
  req: PayloadRequest
  target: SearchTargetSlug
}): Promise<IndexedDoc> => {
  const locale = indexLocale(req.payload)
  if (!locale || req.locale === locale) {
    return doc
  }
  // System read of the record just saved, in the same transaction.
  const fresh = await inLocale(req, () =>
    req.payload.findByID({
      collection: target,
      depth: 0,
      draft: !published,
      id: doc.id,
      locale,
      ...asSystem(req),
      select: SEARCH_TARGETS[target].select,
    }),
  )
  return fresh as unknown as IndexedDoc
}

/**
 * Keeps the record's index row equal to what readers get. A draft saved over a published record
 * changes only its versions, so the row keeps the published text; a record that is not published
 * is indexed with its latest draft, which only those who may read drafts can find.
 */
export const indexDocument =
  (target: SearchTargetSlug): CollectionAfterChangeHook =>
  async ({ collection, doc, operation, req }) => {
    const published = !collection.versions?.drafts || doc._status === 'published'
    if (!published && operation === 'update') {
      if ((await liveStatus(req, collection.slug, doc.id)) === 'published') {
        return doc
      }
    }
    const source = await inIndexLocale({ doc, published, req, target })
    await upsertEntry(req.payload, entryOf(target, source, published), req)
    return doc
  }
