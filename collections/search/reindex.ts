import type { Payload, PayloadRequest, Where } from 'payload'

import { sql as pgSql } from '@payloadcms/db-postgres/drizzle'
import { sql as sqliteSql } from '@payloadcms/db-sqlite/drizzle'
import { createLocalReq } from 'payload'

import type { SearchEntry, SearchTargetSlug } from './types'

import { entryOf, indexedTargets, indexLocale, upsertEntry } from './entries'
import { SEARCH_INDEX } from './SearchIndex'
import { SEARCH_TARGETS } from './targets'
import { responseCacheOf } from '../../src/http/cache'
import { asSystem } from '../../src/access/asSystem'
import type { Doc, Id } from '../../src/lib/types'

/** A record as the index reads it. */
type IndexedDoc = Doc & { _status?: string; id: Id }

const BATCH = 500

type SqlTag = typeof sqliteSql
type Column = { name: string }
type Upsert = {
  onConflictDoUpdate: (config: {
    set: Record<string, unknown>
    setWhere: unknown
    target: Column[]
  }) => { returning: (fields: Record<string, Column>) => Promise<unknown[]> }
}
type Drizzle = { insert: (table: unknown) => { values: (rows: unknown[]) => Upsert } }
type SqlAdapter = {
  drizzle: Drizzle
  name: string
  sessions?: Record<string, { db: Drizzle }>
  tables: Record<string, Record<string, Column>>
}

// What a rebuild may rewrite in a row; its identity (target, docId) and createdAt stay.
const CONTENT = ['published', 'department', 'title', 'slug', 'keyTitle', 'keyBody'] as const

/**
 * Writes a batch of rows over the ones on file in one statement on SQLite and PostgreSQL, in the
 * transaction of `req`: a row already right is left alone (no FTS or GIN churn), a stale one is
 * rewritten in place, so a save of the same record waiting on it (PostgreSQL) applies its newer
 * row after the commit rather than failing on the unique (target, docId) index. Resolves how many
 * rows changed. Other adapters: one upsert per row.
 */
const writeEntries = async (
  payload: Payload,
  req: PayloadRequest,
  entries: SearchEntry[],
): Promise<number> => {
  if (entries.length === 0) {
    return 0
  }
  const now = new Date().toISOString()
  const db = payload.db as unknown as SqlAdapter
  const table = db.tables?.search_index
  if ((db.name !== 'sqlite' && db.name !== 'postgres') || !table) {
    for (const entry of entries) {
      await upsertEntry(payload, entry, req)
    }
    return entries.length
  }
  const sql = db.name === 'sqlite' ? sqliteSql : (pgSql as unknown as SqlTag)
  const differs = db.name === 'sqlite' ? 'IS NOT' : 'IS DISTINCT FROM'
  const column = (key: string) => `"${table[key]!.name}"`
  const drizzle = (req.transactionID && db.sessions?.[String(req.transactionID)]?.db) || db.drizzle
  const changed = await drizzle
    .insert(table)
    .values(entries.map((entry) => ({ ...entry, createdAt: now, updatedAt: now })))
    .onConflictDoUpdate({
      set: Object.fromEntries(
        [...CONTENT, 'updatedAt'].map((key) => [key, sql.raw(`excluded.${column(key)}`)]),
      ),
      setWhere: sql.raw(
        CONTENT.map(
          (key) => `"search_index".${column(key)} ${differs} excluded.${column(key)}`,
        ).join(' OR '),
      ),
      target: [table.target!, table.docId!],
    })
    .returning({ id: table.id! })
  return changed.length
}

const findBatch = async (
  payload: Payload,
  req: PayloadRequest,
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
    ...asSystem(req),
    pagination: false,
    select: { ...SEARCH_TARGETS[target].select, _status: true } as never,
    sort: 'id',
    where,
  })
  return docs as unknown as IndexedDoc[]
}

/**
 * Deletes the rows of `target` whose record is gone (a restore, a direct delete): of the rows not
 * written by this rebuild (`kept`), those whose id no record has, looked up now, so a record
 * created meanwhile keeps the row its own save wrote.
 */
const removeOrphans = async (
  payload: Payload,
  req: PayloadRequest,
  target: SearchTargetSlug,
  kept: Set<string>,
): Promise<number> => {
  const { docs: rows } = await payload.db.find({
    collection: SEARCH_INDEX,
    limit: 0,
    pagination: false,
    req,
    select: { docId: true },
    where: { target: { equals: target } },
  })
  const unseen = (rows as unknown as { docId: string }[])
    .map((row) => String(row.docId))
    .filter((docId) => !kept.has(docId))
  let removed = 0
  for (let at = 0; at < unseen.length; at += BATCH) {
    const chunk = unseen.slice(at, at + BATCH)
    const { docs } = await payload.find({
      collection: target,
      depth: 0,
      limit: 0,
      pagination: false,
      // Rebuilding the search index: whether the records exist, whoever may read them.
      ...asSystem(req),
      select: {} as never,
      where: { id: { in: chunk } },
    })
    const present = new Set((docs as { id: Id }[]).map((doc) => String(doc.id)))
    const gone = chunk.filter((docId) => !present.has(docId))
    if (gone.length > 0) {
      await payload.db.deleteMany({
        collection: SEARCH_INDEX,
        req,
        where: { and: [{ target: { equals: target } }, { docId: { in: gone } }] },
      })
      removed += gone.length
    }
  }
  return removed
}

/**
 * Rebuilds every row from the records themselves: after a change to the folding rules, bulk loads
 * that bypassed the hooks, a restore or a direct edit (`npm run rebuild:search`). System work:
 * reads everything without access control. Rows hold what the hooks would write: the live record,
 * or the latest draft of one that is not published. On SQLite and PostgreSQL all of it is one
 * transaction, so searches meanwhile answer from the old index and a failure leaves it as it was
 * (on SQLite, other writes wait for it: one writer). On MongoDB rows are rewritten in place
 * without one (a whole-index transaction would outlast its limits): searches meanwhile see each
 * record's old row or its new one, never none.
 */
export const reindexAll = async (
  payload: Payload,
): Promise<{ changed: number; indexed: number; removed: number }> => {
  const sqlDatabase = payload.db.name === 'sqlite' || payload.db.name === 'postgres'
  const transactionID = sqlDatabase ? await payload.db.beginTransaction() : null
  const req = await createLocalReq({}, payload)
  if (transactionID) {
    req.transactionID = transactionID
  }
  let changed = 0
  let indexed = 0
  let removed = 0
  try {
    for (const target of indexedTargets(payload)) {
      const drafts = Boolean(payload.collections[target].config.versions?.drafts)
      const kept = new Set<string>()
      let after: null | number | string = null
      for (;;) {
        // Keyset pages: an offset grows slower with every page of a large collection.
        const live = await findBatch(payload, req, target, {
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
          for (const doc of await findBatch(payload, req, target, {
            draft: true,
            where: { id: { in: ids } },
          })) {
            latest.set(String(doc.id), doc)
          }
        }
        changed += await writeEntries(
          payload,
          req,
          live.map((doc) => {
            const published = !drafts || doc._status === 'published'
            return entryOf(target, published ? doc : (latest.get(String(doc.id)) ?? doc), published)
          }),
        )
        for (const doc of live) {
          kept.add(String(doc.id))
        }
        indexed += live.length
        after = live[live.length - 1].id
      }
      removed += await removeOrphans(payload, req, target, kept)
    }
    if (transactionID) {
      await payload.db.commitTransaction(transactionID)
    }
  } catch (error) {
    if (transactionID) {
      await payload.db.rollbackTransaction(transactionID)
    }
    throw error
  }
  // Rows changed below the hooks, so cached search answers must go (this process's; the command
  // drops every instance's through Redis).
  responseCacheOf(payload.config).bump()
  return { changed, indexed, removed }
}
