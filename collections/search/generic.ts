import type { Payload, Where } from 'payload'

import { scoreHit } from '../../src/lib/search'
import { SEARCH_INDEX } from './SearchIndex'
import type { IndexRow } from './sqlite'
import type { SearchTargetSlug } from './types'
import { asSystem } from '../../src/access/asSystem'

/** Most matches ranked: the newest ones, as on the FTS path. */
const CANDIDATES = 300

type Row = {
  docId: string
  id: number | string
  keyBody?: null | string
  keyTitle?: null | string
  published?: boolean | null
  slug?: null | string
  target: SearchTargetSlug
  title?: null | string
}

/**
 * Search through the Local API, for MongoDB and SQLite without FTS5: every term must occur in the
 * folded title or body; the newest matches are ranked by scoreHit (title terms weigh most).
 */
export const genericSearch = async (
  payload: Payload,
  { filter, limit, terms }: { filter: null | Where; limit: number; terms: string[] },
): Promise<{ rows: IndexRow[]; totalDocs: number }> => {
  const matches = terms.map((term): Where => ({
    or: [{ keyTitle: { like: term } }, { keyBody: { like: term } }],
  }))
  // System read of the index: visibility is already in `filter`, and the index has no readers.
  const result = await payload.find({
    collection: SEARCH_INDEX,
    depth: 0,
    limit: CANDIDATES,
    ...asSystem(),
    select: {
      docId: true,
      keyBody: true,
      keyTitle: true,
      published: true,
      slug: true,
      target: true,
      title: true,
    },
    sort: '-createdAt',
    where: { and: filter ? [...matches, filter] : matches },
  })
  const rows = (result.docs as unknown as Row[])
    .map((row) => ({ row, score: scoreHit({ body: row.keyBody, terms, title: row.keyTitle }) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ row }): IndexRow => ({
      docId: String(row.docId),
      id: row.id,
      published: Boolean(row.published),
      slug: row.slug ?? null,
      target: row.target,
      title: row.title ?? '',
    }))
  return { rows, totalDocs: result.totalDocs }
}
