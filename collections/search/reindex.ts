import type { Payload, Where } from 'payload'

import type { SearchEntry, SearchTargetSlug } from './types'

import { entryOf, indexedTargets, indexLocale } from './entries'
import { SEARCH_INDEX } from './SearchIndex'
import { SEARCH_TARGETS } from './targets'
import { responseCacheOf } from '../../src/http/cache'
import { asSystem } from '../../src/access/asSystem'
import type { Doc, Id } from '../../src/lib/types'

/** A record as the index reads it. */
type IndexedDoc = Doc & { _status?: string; id: Id }

const BATCH = 500

type SqliteDb = {
  drizzle: { insert: (table: unknown) => { values: (rows: unknown[]) => Promise<unknown> } }
  name: string
  tables: Record<string, unknown>
}

/** Writes new rows: in multi-row INSERTs on SQLite (the FTS triggers fire per row), else one by one. */
const insertEntries = async (payload: Payload, entries: SearchEntry[]): Promise<void> => {
  if (entries.length === 0) {
    return
  }
  const now = new Date().toISOString()
  const db = payload.db as unknown as SqliteDb
  const table = db.name === 'sqlite' ? db.tables.search_index : undefined
  if (table) {
    await db.drizzle
      .insert(table)
      .values(entries.map((entry) => ({ ...entry, createdAt: now, updatedAt: now })))
    return
  }
  for (const entry of entries) {
    await payload.db.create({
      collection: SEARCH_INDEX,
      data: { ...entry, createdAt: now, updatedAt: now },
    })
  }
}

const findBatch = async (
  payload: Payload,
  target: SearchTargetSlug,
  { draft, where }: { draft: boolean; where?: Where },
): Promise<IndexedDoc[]> => {
  const { docs } = await payload.find({
    collection: target,
    depth: 0,
    draft,
    limit: BATCH,
    locale: indexLocale(payload),
    // Rebuilding the search index.
    ...asSystem(),
    pagination: false,
    select: { ...SEARCH_TARGETS[target].select, _status: true } as never,
    sort: 'id',
    where,
  })
  return docs as unknown as IndexedDoc[]
}

/**
 * Rebuilds every row from the records themselves, for after bulk loads that bypassed the hooks.
 * System work: reads everything without access control. Rows hold what the hooks would write:
 * the live record, or the latest draft of one that is not published.
 */
export const reindexAll = async (payload: Payload): Promise<{ indexed: number }> => {
  // Rows change below the hooks, so cached search answers must go.
  responseCacheOf(payload.config).bump()
  let indexed = 0
  for (const target of indexedTargets(payload)) {
    const drafts = Boolean(payload.collections[target].config.versions?.drafts)
    await payload.db.deleteMany({ collection: SEARCH_INDEX, where: { target: { equals: target } } })
    let after: null | number | string = null
    for (;;) {
      // Keyset pages: an offset grows slower with every page of a large collection.
      const live = await findBatch(payload, target, {
        draft: false,
        where: after === null ? undefined : { id: { greater_than: after } },
      })
      if (live.length === 0) {
        break
      }
      const unpublished = live.filter((doc) => drafts && doc._status !== 'published')
      const latest = new Map<string, IndexedDoc>()
      if (unpublished.length > 0) {
        const ids = unpublished.map((doc) => doc.id)
        for (const doc of await findBatch(payload, target, {
          draft: true,
          where: { id: { in: ids } },
        })) {
          latest.set(String(doc.id), doc)
        }
      }
      await insertEntries(
        payload,
        live.map((doc) => {
          const published = !drafts || doc._status === 'published'
          return entryOf(target, published ? doc : (latest.get(String(doc.id)) ?? doc), published)
        }),
      )
      indexed += live.length
      after = live[live.length - 1].id
    }
  }
  responseCacheOf(payload.config).bump()
  return { indexed }
}
