import type { Payload, PayloadRequest, TypedLocale, Where } from 'payload'

import { SEARCH_INDEX } from './SearchIndex'
import { SEARCH_TARGETS } from './targets'
import type { SearchEntry, SearchTargetSlug } from './types'

const rowOf = (target: SearchTargetSlug, docId: number | string): Where => ({
  and: [{ target: { equals: target } }, { docId: { equals: String(docId) } }],
})

/** The locale the index holds: the default one. */
export const indexLocale = (payload: Payload): TypedLocale | undefined =>
  payload.config.localization
    ? (payload.config.localization.defaultLocale as TypedLocale)
    : undefined

/** The content types this Payload indexes (the plugin records them on the index collection). */
export const indexedTargets = (payload: Payload): SearchTargetSlug[] => {
  const custom = payload.collections[SEARCH_INDEX]?.config.custom as
    { searchTargets?: SearchTargetSlug[] } | undefined
  return (custom?.searchTargets ?? []).filter((slug) => Boolean(payload.collections[slug]))
}

/** The entry of a record from its document (in the index locale) and its live publication state. */
export const entryOf = (
  target: SearchTargetSlug,
  doc: Record<string, unknown> & { id: number | string },
  published: boolean,
): SearchEntry => ({
  ...SEARCH_TARGETS[target].entryOf(doc),
  docId: String(doc.id),
  published,
  target,
})

/** Inserts or replaces a record's row: one adapter call, inside the caller's transaction. */
export const upsertEntry = async (
  payload: Payload,
  entry: SearchEntry,
  req?: Partial<PayloadRequest>,
): Promise<void> => {
  await payload.db.upsert({
    collection: SEARCH_INDEX,
    data: { ...entry, updatedAt: new Date().toISOString() },
    req,
    returning: false,
    where: rowOf(entry.target, entry.docId),
  })
}

export const removeEntry = async (
  payload: Payload,
  target: SearchTargetSlug,
  docId: number | string,
  req?: Partial<PayloadRequest>,
): Promise<void> => {
  await payload.db.deleteMany({ collection: SEARCH_INDEX, req, where: rowOf(target, docId) })
}
