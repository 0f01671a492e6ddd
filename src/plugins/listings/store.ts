import type { Payload, PayloadRequest } from 'payload'

import type { ListingKey } from '../../lib/listings'
import type { Row, SqlTag } from '../../sqlRunner'
import { adapterOf, numbered, runnerOf, tablesExist } from '../../sqlRunner'

/**
 * The read model of the public article lists: one row per published article and list it is in
 * (`all`, each of its topics, its department), with the list's sort keys, and one total per list.
 * Tables made by the migrations `*_article_listings` (SQLite and PostgreSQL); rows written by
 * hooks inside each write's transaction (hooks.ts), by the bulk import, and by rebuildListings.
 * Every row is derived from the article's own row (`_status`, `published_at`, `created_at`,
 * `department_id`) and its `topics` rels, so a save of a draft over a published article (which
 * Payload keeps in the versions table only) leaves its rows as they are.
 */
export const LISTINGS = 'article_listings'
export const LISTING_COUNTS = 'article_listing_counts'

const ready = new WeakMap<Payload, Promise<boolean>>()

/**
 * Whether the read model's tables exist (the migrations ran), checked once per Payload; false on
 * MongoDB and on schemas pushed from a reduced test config, whose lists Payload then answers.
 */
export const listingsReady = (payload: Payload): Promise<boolean> => {
  let known = ready.get(payload)
  if (!known) {
    known = tablesExist(payload, [LISTINGS, LISTING_COUNTS]).catch(() => false)
    ready.set(payload, known)
  }
  return known
}

/** Forgets what listingsReady found (after a migration or restore made the tables). */
export const forgetListingsReady = (payload: Payload): void => {
  ready.delete(payload)
}

/**
 * The rows the articles `ids` belong in, from their current state: a SELECT to insert from.
 * `ids` null: every article (rebuild).
 */
const desiredRows = (sql: SqlTag, ids: null | number[]) => {
  const only = (column: string) =>
    ids === null
      ? sql``
      : sql` AND ${sql.raw(column)} IN (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})`
  return sql`
    SELECT 'all' AS scope, 0 AS scope_id, a.published_at, a.created_at, a.id AS article_id
      FROM articles a WHERE a._status = 'published'${only('a.id')}
    UNION ALL
    SELECT 'department', a.department_id, a.published_at, a.created_at, a.id
      FROM articles a WHERE a._status = 'published' AND a.department_id IS NOT NULL${only('a.id')}
    UNION
    SELECT 'topic', r.topics_id, a.published_at, a.created_at, a.id
      FROM articles a JOIN articles_rels r ON r.parent_id = a.id AND r.path = 'topics'
      WHERE a._status = 'published' AND r.topics_id IS NOT NULL${only('a.id')}`
}

type Delta = Map<string, { scope: string; scopeId: number; total: number }>

const addTo = (delta: Delta, rows: Row[], by: number): void => {
  for (const row of rows) {
    const key = `${String(row.scope)}:${String(row.scope_id)}`
    const entry = delta.get(key) ?? {
      scope: String(row.scope),
      scopeId: Number(row.scope_id),
      total: 0,
    }
    entry.total += by
    delta.set(key, entry)
  }
}

/**
 * Brings the rows of articles `ids` in line with their current state, and the totals with them,
 * inside the transaction of `req`: the hooks call it after every write of an article.
 */
export const refreshListings = async (
  payload: Payload,
  ids: (number | string)[],
  req?: Partial<PayloadRequest>,
): Promise<void> => {
  const numeric = [...new Set(ids.map(Number).filter((id) => Number.isSafeInteger(id)))]
  if (numeric.length === 0 || !(await listingsReady(payload))) {
    return
  }
  const run = (await runnerOf(payload, req))!
  const { sql } = run
  const delta: Delta = new Map()
  for (let at = 0; at < numeric.length; at += 500) {
    const chunk = numeric.slice(at, at + 500)
    const list = sql.join(
      chunk.map((id) => sql`${id}`),
      sql`, `,
    )
    const removed = await run.all(
      sql`DELETE FROM ${sql.raw(LISTINGS)} WHERE article_id IN (${list}) RETURNING scope, scope_id`,
    )
    const added = await run.all(
      sql`INSERT INTO ${sql.raw(LISTINGS)} (scope, scope_id, published_at, created_at, article_id)
        ${desiredRows(sql, chunk)} RETURNING scope, scope_id`,
    )
    addTo(delta, removed, -1)
    addTo(delta, added, 1)
  }
  // In one order, so that concurrent writers (PostgreSQL) take the total rows' locks alike.
  const changed = [...delta.values()]
    .filter((entry) => entry.total !== 0)
    .sort((a, b) => a.scope.localeCompare(b.scope) || a.scopeId - b.scopeId)
  for (const { scope, scopeId, total } of changed) {
    await run.all(
      sql`INSERT INTO ${sql.raw(LISTING_COUNTS)} (scope, scope_id, total) VALUES (${scope}, ${scopeId}, ${total})
        ON CONFLICT (scope, scope_id) DO UPDATE SET total = ${sql.raw(LISTING_COUNTS)}.total + excluded.total`,
    )
  }
}

/**
 * Fills both tables again from the articles, in one transaction: idempotent, for
 * `npm run rebuild:listings` and after a restore or a direct edit of the database.
 */
export const rebuildListings = async (
  payload: Payload,
): Promise<{ counts: number; rows: number }> => {
  if (!(await listingsReady(payload))) {
    throw new Error('The read model has no tables: run the migrations first (npm start does).')
  }
  const transactionID = await payload.db.beginTransaction()
  const req = { transactionID: transactionID ?? undefined } as Partial<PayloadRequest>
  try {
    const run = (await runnerOf(payload, req))!
    const { sql } = run
    await run.all(sql`DELETE FROM ${sql.raw(LISTINGS)}`)
    await run.all(sql`DELETE FROM ${sql.raw(LISTING_COUNTS)}`)
    await run.all(
      sql`INSERT INTO ${sql.raw(LISTINGS)} (scope, scope_id, published_at, created_at, article_id) ${desiredRows(sql, null)}`,
    )
    await run.all(
      sql`INSERT INTO ${sql.raw(LISTING_COUNTS)} (scope, scope_id, total)
        SELECT scope, scope_id, count(*) FROM ${sql.raw(LISTINGS)} GROUP BY scope, scope_id`,
    )
    const [rows] = await run.all(sql`SELECT count(*) AS n FROM ${sql.raw(LISTINGS)}`)
    const [counts] = await run.all(sql`SELECT count(*) AS n FROM ${sql.raw(LISTING_COUNTS)}`)
    if (transactionID) {
      await payload.db.commitTransaction(transactionID)
    }
    const pool = adapterOf(payload)?.pool
    if (payload.db.name === 'postgres' && pool) {
      // Fresh statistics and visibility map: the page query is then an index-only walk at once,
      // rather than a sort of the whole list until autovacuum comes by (outside the transaction).
      await pool.query({ text: `VACUUM ANALYZE ${LISTINGS}, ${LISTING_COUNTS}`, values: [] })
    }
    return { counts: Number(counts?.n ?? 0), rows: Number(rows?.n ?? 0) }
  } catch (error) {
    if (transactionID) {
      await payload.db.rollbackTransaction(transactionID)
    }
    throw error
  }
}

// The page and the total, as fixed statements: SQLite keeps them prepared (src/compat/
// sqliteStatements.ts), PostgreSQL by name per connection. Ties on both dates go to the larger
// id; Payload leaves them to the database (it sorts by -publishedAt, then -createdAt).
/** A list's order, newest first, of its rows under `alias` (also renderings/store.ts's page). */
export const listingOrder = (alias = ''): string =>
  ['published_at', 'created_at', 'article_id'].map((key) => `${alias}${key} DESC`).join(', ')
const PAGE = `SELECT article_id FROM ${LISTINGS} WHERE scope = ? AND scope_id = ?
  ORDER BY ${listingOrder()} LIMIT ? OFFSET ?`
const TOTAL = `SELECT total FROM ${LISTING_COUNTS} WHERE scope = ? AND scope_id = ?`

const PG_PAGE = numbered(PAGE)
const PG_TOTAL = numbered(TOTAL)

/** One page of a list's article ids, newest first, and the list's total. */
export const readListingPage = async (
  payload: Payload,
  { scope, scopeId }: ListingKey,
  { limit, page }: { limit: number; page: number },
): Promise<{ ids: number[]; totalDocs: number }> => {
  const db = adapterOf(payload)!
  const offset = (page - 1) * limit
  if (db.name === 'sqlite' && db.client) {
    const [rows, total] = await Promise.all([
      db.client.execute({ args: [scope, scopeId, limit, offset], sql: PAGE }),
      db.client.execute({ args: [scope, scopeId], sql: TOTAL }),
    ])
    return {
      ids: rows.rows.map((row) => Number(row.article_id)),
      totalDocs: Number(total.rows[0]?.total ?? 0),
    }
  }
  const [rows, total] = await Promise.all([
    db.pool!.query({
      name: 'listings_page',
      text: PG_PAGE,
      values: [scope, scopeId, limit, offset],
    }),
    db.pool!.query({ name: 'listings_total', text: PG_TOTAL, values: [scope, scopeId] }),
  ])
  return {
    ids: rows.rows.map((row) => Number(row.article_id)),
    totalDocs: Number(total.rows[0]?.total ?? 0),
  }
}
