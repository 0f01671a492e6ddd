import type { Payload, PayloadRequest, Where } from 'payload'

import { sql as pgSql } from '@payloadcms/db-postgres/drizzle'
import { sql as sqliteSql } from '@payloadcms/db-sqlite/drizzle'
import { createLocalReq } from 'payload'
import { setTimeout as sleep } from 'node:timers/promises'

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

/**
 * How long a rebuild leaves SQLite's write lock free after each batch. A save that found it taken
 * retries in SQLite's busy handler every 100 ms at most; a rebuild that takes the lock again at
 * once wins nearly every time, and saves failed past the 5 s busy timeout all the same (a writer
 * beside a 27,000-record rebuild: 74 of 211 attempts; with this pause none, the longest wait
 * 1.4 s).
 */
const SQLITE_PAUSE_MS = 150

/** Lets saves waiting on SQLite's write lock take it between two batches (PostgreSQL queues). */
const yieldToWriters = async (payload: Payload): Promise<void> => {
  if (payload.db.name === 'sqlite') {
    await sleep(SQLITE_PAUSE_MS)
  }
}

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
 * row once the batch commits rather than failing on the unique (target, docId) index. Resolves
 * how many rows changed. Other adapters: one upsert per row.
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
  { draft, limit, where }: { draft: boolean; limit: number; where?: Where },
): Promise<IndexedDoc[]> => {
  const { docs } = await payload.find({
    collection: target,
    depth: 0,
    draft,
    limit,
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
 * Runs `work` in a transaction of its own on SQLite and PostgreSQL, committed when it resolves and
 * rolled back when it throws; on MongoDB without one (rows are written in place either way).
 */
const inTransaction = async <T>(
  payload: Payload,
  work: (req: PayloadRequest) => Promise<T>,
): Promise<T> => {
  const req = await createLocalReq({}, payload)
  const transactionID =
    payload.db.name === 'sqlite' || payload.db.name === 'postgres'
      ? await payload.db.beginTransaction()
      : null
  if (!transactionID) {
    return work(req)
  }
  req.transactionID = transactionID
  try {
    const result = await work(req)
    await payload.db.commitTransaction(transactionID)
    return result
  } catch (error) {
    await payload.db.rollbackTransaction(transactionID)
    throw error
  }
}

/**
 * Writes the rows of the next batch of `target`'s records (ids after `after`), reading and writing
 * in one transaction: on SQLite it holds the write lock from its start, so no save of these
 * records lands between the read and the write. Resolves the records read and the rows changed.
 */
const indexBatch = (
  payload: Payload,
  target: SearchTargetSlug,
  after: null | number | string,
  limit: number,
): Promise<{ changed: number; live: IndexedDoc[] }> =>
  inTransaction(payload, async (req) => {
    const drafts = Boolean(payload.collections[target].config.versions?.drafts)
    // Keyset pages: an offset grows slower with every page of a large collection.
    const live = await findBatch(payload, req, target, {
      draft: false,
      limit,
      where: after === null ? undefined : { id: { greater_than: after } },
    })
    const unpublished = live.filter((doc) => drafts && doc._status !== 'published')
    const latest = new Map<string, IndexedDoc>()
    if (unpublished.length > 0) {
      for (const doc of await findBatch(payload, req, target, {
        draft: true,
        limit,
        where: { id: { in: unpublished.map((doc) => doc.id) } },
      })) {
        latest.set(String(doc.id), doc)
      }
    }
    const changed = await writeEntries(
      payload,
      req,
      live.map((doc) => {
        const published = !drafts || doc._status === 'published'
        return entryOf(target, published ? doc : (latest.get(String(doc.id)) ?? doc), published)
      }),
    )
    return { changed, live }
  })

/**
 * Deletes the rows of `target` whose record is gone (a restore, a direct delete): of the rows not
 * written by this rebuild (`kept`), those whose id no record has, looked up now, so a record
 * created meanwhile keeps the row its own save wrote. Each chunk of ids is looked up and deleted
 * in a transaction of its own.
 */
const removeOrphans = async (
  payload: Payload,
  target: SearchTargetSlug,
  kept: Set<string>,
  chunkSize: number,
): Promise<number> => {
  const { docs: rows } = await payload.db.find({
    collection: SEARCH_INDEX,
    limit: 0,
    pagination: false,
    select: { docId: true },
    where: { target: { equals: target } },
  })
  const unseen = (rows as unknown as { docId: string }[])
    .map((row) => String(row.docId))
    .filter((docId) => !kept.has(docId))
  let removed = 0
  for (let at = 0; at < unseen.length; at += chunkSize) {
    const chunk = unseen.slice(at, at + chunkSize)
    removed += await inTransaction(payload, async (req) => {
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
      }
      return gone.length
    })
    await yieldToWriters(payload)
  }
  return removed
}

export type ReindexOptions = {
  /** Records per batch (and ids per orphan chunk); 500 unless given. */
  batchSize?: number
  /** Called after each batch of records has committed, outside any transaction: progress. */
  onBatch?: (progress: { indexed: number; target: SearchTargetSlug }) => Promise<void> | void
}

/**
 * Rebuilds every row from the records themselves: after a change to the folding rules, bulk loads
 * that bypassed the hooks, a restore or a direct edit (`npm run rebuild:search`). System work:
 * reads everything without access control. Rows hold what the hooks would write: the live record,
 * or the latest draft of one that is not published.
 *
 * Each batch of records (and each chunk of orphan rows removed) is a transaction of its own on
 * SQLite and PostgreSQL, so a save made meanwhile waits for about one batch (SQLite has one
 * writer, which the rebuild leaves free for a moment after each batch; PostgreSQL locks the rows
 * a batch rewrote until it commits), never for the whole rebuild. Rows are rewritten in place,
 * never deleted and inserted again: searches meanwhile find every record, by its old row or its
 * new one. A rebuild that fails leaves the batches before the failure rewritten and the rest as
 * they were; running it again completes it. MongoDB writes the rows in place without transactions.
 */
export const reindexAll = async (
  payload: Payload,
  { batchSize = BATCH, onBatch }: ReindexOptions = {},
): Promise<{ changed: number; indexed: number; removed: number }> => {
  let changed = 0
  let indexed = 0
  let removed = 0
  try {
    for (const target of indexedTargets(payload)) {
      const kept = new Set<string>()
      let after: null | number | string = null
      for (;;) {
        const batch = await indexBatch(payload, target, after, batchSize)
        if (batch.live.length === 0) {
          break
        }
        changed += batch.changed
        for (const doc of batch.live) {
          kept.add(String(doc.id))
        }
        indexed += batch.live.length
        after = batch.live[batch.live.length - 1].id
        await onBatch?.({ indexed, target })
        await yieldToWriters(payload)
      }
      removed += await removeOrphans(payload, target, kept, batchSize)
    }
  } finally {
    // Rows changed below the hooks, committed batch by batch, so cached search answers must go,
    // after a failure too (this process's; the command drops every instance's through Redis).
    responseCacheOf(payload.config).bump()
  }
  return { changed, indexed, removed }
}
