import type { Payload, PayloadRequest } from 'payload'

import type { ListingKey } from '../../lib/listings'
import type { Row } from '../../sqlRunner'
import { int4, text, withLiterals } from '../../lib/database/copyBinary'
import { adapterOf, copyRows, numbered, runnerOf, tablesExist } from '../../sqlRunner'
import { LISTING_COUNTS, LISTINGS, listingOrder } from '../listings/store'

/**
 * The stored public renderings of articles: each published article's JSON as an anonymous REST
 * read at depth 1 gives it (`article_renderings`), the records it was made of
 * (`article_rendering_refs`, `<collection>:<id>`), and a clock (`article_rendering_clock`).
 * Tables made by the migrations `*_article_renderings` (SQLite and PostgreSQL).
 *
 * Kept exact by two rules:
 * - a write that can change a rendering moves the clock and drops every rendering made of the
 *   written record, inside the write's transaction (invalidate, from the hooks in index.ts);
 * - a rendering is stored only if the clock has not moved since before it was read (store): a
 *   write that committed meanwhile, or is still open, keeps it out. On PostgreSQL the clock row is
 *   read FOR SHARE, so a store waits for an open writer and then sees its move; on SQLite one
 *   writer at a time, and a transaction whose snapshot went stale cannot write.
 */
export const RENDERINGS = 'article_renderings'
export const RENDERING_REFS = 'article_rendering_refs'
export const RENDERING_CLOCK = 'article_rendering_clock'

/** A body column's bytes on PostgreSQL (text there). */
const pgBytes = (column: string) => `convert_to(${column}, 'UTF8')`

/**
 * A stored rendering as read back: its JSON as UTF-8 bytes, and (read by slug only) the JSON of
 * the records its populated records name (render.ts: relatedOf), or null.
 */
export type StoredRendering = {
  body: Uint8Array
  related: null | string
  shape: string
  validUntil: null | string
}

/** A rendering to store. */
export type NewRendering = {
  body: string
  id: number
  refs: string[]
  related: null | string
  validUntil: null | string
}

const ready = new WeakMap<Payload, Promise<boolean>>()

/** Whether the tables exist (the migrations ran), checked once per Payload; false on MongoDB. */
export const renderingsReady = (payload: Payload): Promise<boolean> => {
  let known = ready.get(payload)
  if (!known) {
    known = tablesExist(payload, [RENDERINGS, RENDERING_REFS, RENDERING_CLOCK]).catch(() => false)
    ready.set(payload, known)
  }
  return known
}

// Fixed statements: SQLite keeps them prepared (src/compat/sqliteStatements.ts), PostgreSQL by
// name per connection. The ids go as one JSON array (SQLite) or one int[] (PostgreSQL).
// Bodies are read as their UTF-8 bytes (a BLOB on SQLite, bytea on PostgreSQL), which are what
// the answer is made of: read as text, each would be decoded into a JavaScript string and encoded
// back, about 0.8 ms of a 20-article page on SQLite (six times the read itself).
// A page of a public list and its stored renderings in one statement (one round trip to
// PostgreSQL, where each costs the server a socket write and the database a wake-up): the list's
// total, then one row per article of the page in the list's order (one row with no article when
// the page is empty), each with its rendering if one is stored.
const PAGE_FROM = (bytes: string) => `SELECT
  (SELECT total FROM ${LISTING_COUNTS} WHERE scope = ? AND scope_id = ?) AS total,
  p.article_id AS article_id, ${bytes} AS body, r.shape AS shape, r.valid_until AS valid_until
  FROM (SELECT 1 AS one) o
  LEFT JOIN (SELECT article_id, published_at, created_at FROM ${LISTINGS}
    WHERE scope = ? AND scope_id = ? ORDER BY ${listingOrder()} LIMIT ? OFFSET ?) p ON 1 = 1
  LEFT JOIN ${RENDERINGS} r ON r.article_id = p.article_id
  ORDER BY ${listingOrder('p.')}`
const PAGE = PAGE_FROM('CAST(r.body AS BLOB)')
// On PostgreSQL read through a binary COPY (copyRows): ~0.25 ms of Node's time for a page of 20
// where the ordinary result path (a bytea's hex decoded, then turned into bytes) takes ~0.9 ms.
// The body goes as the text it is: a text field of a binary COPY is its bytes in the connection's
// encoding (UTF-8: pg decodes everything as UTF-8), the same bytes convert_to gave, without
// PostgreSQL copying 160 KB into a bytea first (a page's COPY 0.71 → 0.46 ms of its time).
const PG_PAGE = PAGE_FROM('r.body')
const BY_SLUG = `SELECT a.id AS article_id, CAST(r.body AS BLOB) AS body, r.shape, r.valid_until,
  r.related FROM articles a LEFT JOIN ${RENDERINGS} r ON r.article_id = a.id
  WHERE a.slug = ? AND a._status = 'published' ORDER BY a.id`
const PG_BY_SLUG = `SELECT a.id AS article_id, ${pgBytes('r.body')} AS body,
  r.shape, r.valid_until, r.related FROM articles a LEFT JOIN ${RENDERINGS} r ON r.article_id = a.id
  WHERE a.slug = $1 AND a._status = 'published' ORDER BY a.id`
const CLOCK = `SELECT n FROM ${RENDERING_CLOCK} WHERE id = 1`

const query = async (
  payload: Payload,
  name: string,
  text: string,
  args: unknown[],
  pgText = numbered(text),
): Promise<Row[]> => {
  const db = adapterOf(payload)!
  if (db.name === 'sqlite' && db.client) {
    return (await db.client.execute({ args, sql: text })).rows
  }
  return (await db.pool!.query({ name, text: pgText, values: args })).rows
}

/** A body as read (an ArrayBuffer from libsql, a Buffer from pg) as bytes. */
const bytesOf = (value: unknown): Uint8Array =>
  value instanceof Uint8Array
    ? value
    : value instanceof ArrayBuffer
      ? new Uint8Array(value)
      : Buffer.from(String(value), 'utf8')

const storedOf = (row: Row): null | StoredRendering =>
  row.body === null || row.body === undefined
    ? null
    : {
        body: bytesOf(row.body),
        related: typeof row.related === 'string' ? row.related : null,
        shape: String(row.shape),
        validUntil: row.valid_until === null ? null : String(row.valid_until),
      }

/**
 * One page of a public list (the read model's order: newest first), the list's total, and the
 * stored rendering of each article of the page that has one.
 */
export const readListingRenderings = async (
  payload: Payload,
  { scope, scopeId }: ListingKey,
  { limit, page }: { limit: number; page: number },
): Promise<{ ids: number[]; stored: Map<number, StoredRendering>; totalDocs: number }> => {
  const args = [scope, scopeId, scope, scopeId, limit, (page - 1) * limit]
  const rows: Row[] =
    adapterOf(payload)?.name === 'postgres'
      ? (await copyRows(payload, withLiterals(PG_PAGE, args))).map(
          ([total, articleId, body, shape, validUntil]) => ({
            article_id: int4(articleId),
            body: body ?? null,
            shape: text(shape),
            total: int4(total),
            valid_until: text(validUntil),
          }),
        )
      : await query(payload, 'renderings_listing_page', PAGE, args)
  const ids: number[] = []
  const stored = new Map<number, StoredRendering>()
  for (const row of rows) {
    if (row.article_id === null || row.article_id === undefined) {
      continue
    }
    const id = Number(row.article_id)
    ids.push(id)
    const rendering = storedOf(row)
    if (rendering) {
      stored.set(id, rendering)
    }
  }
  return { ids, stored, totalDocs: Number(rows[0]?.total ?? 0) }
}

/** The published article of a slug (slugs are unique) and its stored rendering, if any. */
export const readBySlug = async (
  payload: Payload,
  slug: string,
): Promise<{ id: number; stored: null | StoredRendering }[]> =>
  (await query(payload, 'renderings_by_slug', BY_SLUG, [slug], PG_BY_SLUG)).map((row) => ({
    id: Number(row.article_id),
    stored: storedOf(row),
  }))

/** The clock now: read before a rendering is made, passed to store. */
export const readClock = async (payload: Payload): Promise<number> =>
  Number((await query(payload, 'renderings_clock', CLOCK, []))[0]?.n ?? 0)

/**
 * Stores renderings made from what was on file when the clock read `clock`, in one transaction,
 * unless a write moved the clock since (then nothing is stored: they may be stale). Never throws:
 * a rendering not stored is made again when next asked for.
 */
export const storeRenderings = async (
  payload: Payload,
  clock: number,
  shape: string,
  renderings: NewRendering[],
): Promise<boolean> => {
  if (renderings.length === 0) {
    return true
  }
  let transactionID: null | number | string | undefined
  try {
    transactionID = await payload.db.beginTransaction()
    const run = (await runnerOf(payload, { transactionID: transactionID ?? undefined }))!
    const { sql } = run
    const [now] = await run.all(
      payload.db.name === 'postgres'
        ? sql`SELECT n FROM ${sql.raw(RENDERING_CLOCK)} WHERE id = 1 FOR SHARE`
        : sql`SELECT n FROM ${sql.raw(RENDERING_CLOCK)} WHERE id = 1`,
    )
    if (Number(now?.n ?? -1) !== clock) {
      if (transactionID) {
        await payload.db.rollbackTransaction(transactionID)
      }
      return false
    }
    // In id order: concurrent stores (PostgreSQL) take the rows' locks alike.
    const ordered = [...renderings].sort((a, b) => a.id - b.id)
    for (const { body, id, refs, related, validUntil } of ordered) {
      await run.all(
        sql`INSERT INTO ${sql.raw(RENDERINGS)} (article_id, shape, valid_until, body, related)
          VALUES (${id}, ${shape}, ${validUntil}, ${body}, ${related})
          ON CONFLICT (article_id) DO UPDATE SET shape = excluded.shape,
            valid_until = excluded.valid_until, body = excluded.body, related = excluded.related`,
      )
      await run.all(sql`DELETE FROM ${sql.raw(RENDERING_REFS)} WHERE article_id = ${id}`)
      await run.all(
        sql`INSERT INTO ${sql.raw(RENDERING_REFS)} (ref, article_id) VALUES ${sql.join(
          refs.map((ref) => sql`(${ref}, ${id})`),
          sql`, `,
        )} ON CONFLICT DO NOTHING`,
      )
    }
    if (transactionID) {
      await payload.db.commitTransaction(transactionID)
    }
    return true
  } catch (error) {
    if (transactionID) {
      await payload.db.rollbackTransaction(transactionID).catch(() => undefined)
    }
    payload.logger.debug({ err: error, msg: 'A public rendering was not stored' })
    return false
  }
}

/**
 * Drops every rendering made of the records `refs`, inside the transaction of `req` (a write's),
 * after moving the clock: returns the articles whose rendering was dropped.
 */
export const invalidateRenderings = async (
  payload: Payload,
  refs: string[],
  req?: Partial<PayloadRequest>,
): Promise<number[]> => {
  if (refs.length === 0 || !(await renderingsReady(payload))) {
    return []
  }
  const run = (await runnerOf(payload, req))!
  const { sql } = run
  await run.all(sql`UPDATE ${sql.raw(RENDERING_CLOCK)} SET n = n + 1 WHERE id = 1`)
  const dropped = await run.all(
    sql`DELETE FROM ${sql.raw(RENDERINGS)} WHERE article_id IN (
      SELECT article_id FROM ${sql.raw(RENDERING_REFS)} WHERE ref IN (${sql.join(
        refs.map((ref) => sql`${ref}`),
        sql`, `,
      )})) RETURNING article_id`,
  )
  return dropped.map((row) => Number(row.article_id))
}

/** Drops every rendering (and moves the clock), in one transaction: before a rebuild. */
export const clearRenderings = async (payload: Payload): Promise<void> => {
  const transactionID = await payload.db.beginTransaction()
  const run = (await runnerOf(payload, { transactionID: transactionID ?? undefined }))!
  const { sql } = run
  try {
    await run.all(sql`UPDATE ${sql.raw(RENDERING_CLOCK)} SET n = n + 1 WHERE id = 1`)
    await run.all(sql`DELETE FROM ${sql.raw(RENDERINGS)}`)
    await run.all(sql`DELETE FROM ${sql.raw(RENDERING_REFS)}`)
    if (transactionID) {
      await payload.db.commitTransaction(transactionID)
    }
  } catch (error) {
    if (transactionID) {
      await payload.db.rollbackTransaction(transactionID)
    }
    throw error
  }
}

const SHAPES = `SELECT article_id, shape, valid_until FROM ${RENDERINGS}
  WHERE article_id IN (SELECT value FROM json_each(?))`
const PG_SHAPES = `SELECT article_id, shape, valid_until FROM ${RENDERINGS}
  WHERE article_id = ANY($1::int[])`

/** The shape and term of the stored renderings of `ids` (no bodies), by id. */
export const readShapes = async (
  payload: Payload,
  ids: number[],
): Promise<Map<number, { shape: string; validUntil: null | string }>> => {
  const rows =
    ids.length === 0
      ? []
      : await query(
          payload,
          'renderings_shapes',
          SHAPES,
          [payload.db.name === 'sqlite' ? JSON.stringify(ids) : ids],
          PG_SHAPES,
        )
  return new Map(
    rows.map((row) => [
      Number(row.article_id),
      {
        shape: String(row.shape),
        validUntil: row.valid_until === null ? null : String(row.valid_until),
      },
    ]),
  )
}

/**
 * Drops the renderings of articles that are no longer published (or no longer there), and their
 * references. NOT EXISTS, not NOT IN: PostgreSQL runs `NOT IN (subquery)` as a hashed subplan
 * only when it expects the subquery to fit in work_mem, and otherwise scans the subquery again for
 * every row; on the 100k bench corpus (1.4 million references, unanalyzed tables) that was a
 * statement of hours at a server's start after a deploy, where NOT EXISTS is an anti-join of
 * 0.4 s.
 */
export const dropUnpublished = async (payload: Payload): Promise<number> => {
  const run = (await runnerOf(payload))!
  const { sql } = run
  const dropped = await run.all(
    sql`DELETE FROM ${sql.raw(RENDERINGS)} WHERE NOT EXISTS (
      SELECT 1 FROM articles a WHERE a.id = ${sql.raw(RENDERINGS)}.article_id
        AND a._status = 'published') RETURNING article_id`,
  )
  await run.all(
    sql`DELETE FROM ${sql.raw(RENDERING_REFS)} WHERE NOT EXISTS (
      SELECT 1 FROM ${sql.raw(RENDERINGS)} r
        WHERE r.article_id = ${sql.raw(RENDERING_REFS)}.article_id)`,
  )
  return dropped.length
}

/** The ids of published articles after `after`, in id order: the rebuild's pages. */
export const publishedIdsAfter = async (
  payload: Payload,
  after: number,
  limit: number,
): Promise<number[]> =>
  (
    await query(
      payload,
      'renderings_published_after',
      `SELECT id FROM articles WHERE _status = 'published' AND id > ? ORDER BY id LIMIT ?`,
      [after, limit],
    )
  ).map((row) => Number(row.id))

/** How many renderings are stored and articles published, and whether one is of another shape. */
export const countRenderings = async (
  payload: Payload,
  shape: string,
): Promise<{ otherShape: boolean; published: number; rendered: number }> => {
  const run = (await runnerOf(payload))!
  const { sql } = run
  const [row] = await run.all(
    sql`SELECT
      (SELECT count(*) FROM ${sql.raw(RENDERINGS)}) AS rendered,
      (SELECT count(*) FROM articles WHERE _status = 'published') AS published,
      (SELECT count(*) FROM (SELECT 1 FROM ${sql.raw(RENDERINGS)} WHERE shape <> ${shape} LIMIT 1) o) AS other`,
  )
  return {
    otherShape: Number(row?.other ?? 0) > 0,
    published: Number(row?.published ?? 0),
    rendered: Number(row?.rendered ?? 0),
  }
}
