import type { Payload } from 'payload'

import type { IndexRow, Ranked } from './sqlite'
import type { SearchTargetSlug } from './types'
import type { Visibility } from './visibility'

import { mergeTiers, PREFIX_TIER } from './sqlite'
import { groupByVisibility } from './visibility'

/**
 * The PostgreSQL counterpart of the SQLite FTS5 path (sqlite.ts): two generated tsvector columns
 * of `search_index` with GIN indexes (migration 20261202_071300_search), one over the folded title
 * and body, one over the folded title alone. Both sides split text into letter and digit runs
 * before PostgreSQL's parser sees it (`82/kh-bqlkkt` → `82 kh bqlkkt`), as FTS5's unicode61
 * tokenizer does, with the `simple` configuration (no stemming, no stop words: the text is folded
 * Vietnamese). Visibility is plain SQL on the row's target, published and department columns.
 */
const TABLE = 'search_index'
const TEXT_VECTOR = 'search_text'
const TITLE_VECTOR = 'search_title'

type Pool = {
  query: (
    text: string,
    values?: unknown[],
  ) => Promise<{ rows: Record<string, unknown>[]; rowCount: null | number }>
}

const poolOf = (payload: Payload): null | Pool =>
  payload.db.name === 'postgres' ? ((payload.db as unknown as { pool?: Pool }).pool ?? null) : null

const ready = new WeakMap<Payload, Promise<boolean>>()

/**
 * Whether the tsvector columns exist (the migration ran), checked once per Payload; false on other
 * databases and on schemas pushed from a reduced test config, which then take the generic path.
 */
export const pgSearchReady = (payload: Payload): Promise<boolean> => {
  const pool = poolOf(payload)
  if (!pool) {
    return Promise.resolve(false)
  }
  let known = ready.get(payload)
  if (!known) {
    known = pool
      .query(
        `SELECT count(*) AS n FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = $1 AND column_name IN ($2, $3)`,
        [TABLE, TEXT_VECTOR, TITLE_VECTOR],
      )
      .then(({ rows }) => Number(rows[0]?.n) === 2)
      .catch(() => false)
    ready.set(payload, known)
  }
  return known
}

const TOKEN = /[\p{L}\p{N}]+/gu

/**
 * The tsquery of the search terms: each term a phrase of its letter and digit runs (`<->`), all
 * terms required (`&`), the last token of the last term a prefix unless it is a single letter, as
 * on SQLite. Tokens are letters and digits only, so no user text reaches tsquery syntax.
 */
export const pgTerms = (terms: string[]): null | string => {
  const phrases = terms
    .map((term) => term.toLowerCase().match(TOKEN) ?? [])
    .filter((tokens) => tokens.length > 0)
  if (phrases.length === 0) {
    return null
  }
  return phrases
    .map((tokens, at) =>
      tokens
        .map((token, index) =>
          at === phrases.length - 1 && index === tokens.length - 1 && token.length > 1
            ? `'${token}':*`
            : `'${token}'`,
        )
        .join(' <-> '),
    )
    .map((phrase) => `(${phrase})`)
    .join(' & ')
}

/**
 * The folded title as its letter and digit runs, one space apart, for the prefix tier. Indexed as
 * it is written here (migration 20261206_080000_search_title_lead): change both together.
 */
export const LEADING = `(ltrim(regexp_replace(coalesce(key_title, ''), '[^[:alnum:]]+', ' ', 'g')) || ' ')`

/**
 * The LIKE pattern of titles that begin with the whole query (see ftsTitlePrefix): its tokens, the
 * last a prefix unless it is a single letter. Tokens are letters and digits only, no LIKE syntax.
 */
export const pgTitlePrefix = (terms: string[]): null | string => {
  const tokens = terms.flatMap((term) => term.toLowerCase().match(TOKEN) ?? [])
  if (tokens.length === 0) {
    return null
  }
  const last = tokens[tokens.length - 1]!
  return `${tokens.join(' ')}${last.length > 1 ? '' : ' '}%`
}

type Sql = { text: string; values: unknown[] }

const ruleSql = (visibility: Visibility, values: unknown[]): null | string => {
  switch (visibility.kind) {
    case 'all':
      return null
    case 'none':
      return 'false'
    case 'published':
      values.push(visibility.value)
      return `published = $${values.length}`
    case 'department':
      values.push(visibility.ids)
      return `department = ANY($${values.length}::text[])`
    default: {
      const parts = visibility.parts
        .map((part) => ruleSql(part, values))
        .filter((part): part is string => part !== null)
      return parts.length === 0
        ? null
        : `(${parts.join(visibility.kind === 'and' ? ' AND ' : ' OR ')})`
    }
  }
}

/**
 * The SQL filter for what the caller may find among `targets`, numbering its parameters after
 * `values` (which it extends); '' when nothing is filtered, null when nothing is visible.
 */
export const pgFilter = (
  visibility: Map<SearchTargetSlug, Visibility>,
  values: unknown[],
): null | string => {
  const groups = groupByVisibility(visibility)
  if (groups.length === 0) {
    return null
  }
  const parts = groups.map(({ targets, visibility: rule }) => {
    values.push(targets)
    const target = `target = ANY($${values.length}::text[])`
    const ruled = ruleSql(rule, values)
    return ruled ? `(${target} AND ${ruled})` : target
  })
  return `(${parts.join(' OR ')})`
}

/** Normalization 1 of ts_rank: divided by 1 + log(length), so a short title that is the query wins. */
const rankOf = (vector: string) => `ts_rank(${vector}, to_tsquery('simple', $1), 1)`

/** The best `limit` matches, ranked and cut by PostgreSQL (scores negated: lower is better). */
const best = async (pool: Pool, vector: string, where: Sql, limit: number): Promise<Ranked[]> => {
  const { rows } = await pool.query(
    `SELECT id, ${rankOf(vector)} AS score FROM ${TABLE}
      WHERE ${where.text} AND ${vector} @@ to_tsquery('simple', $1)
      ORDER BY score DESC, id DESC LIMIT ${Number(limit)}`,
    where.values,
  )
  return rows.map((row) => ({ id: Number(row.id), score: -Number(row.score) }))
}

const rowsOf = async (pool: Pool, ids: number[]): Promise<IndexRow[]> => {
  if (ids.length === 0) {
    return []
  }
  const { rows } = await pool.query(
    `SELECT id, target, doc_id, published, title, slug FROM ${TABLE} WHERE id = ANY($1::int[])`,
    [ids],
  )
  const found = new Map(
    rows.map((row): [number, IndexRow] => [
      Number(row.id),
      {
        docId: String(row.doc_id),
        id: Number(row.id),
        published: Boolean(row.published),
        slug: row.slug === null ? null : String(row.slug),
        target: String(row.target) as SearchTargetSlug,
        title: String(row.title ?? ''),
      },
    ]),
  )
  return ids.map((id) => found.get(id)).filter((row): row is IndexRow => Boolean(row))
}

/**
 * Hits best first, as ftsSearch ranks them on SQLite, ranked by PostgreSQL over the GIN-indexed
 * tsvectors: title hits by ts_rank of the title, then the others by ts_rank of title and body;
 * ties newest first. Each tier is one pass over every searched type: ts_rank reads only the
 * record and the query, so the best `limit` of all types are those of articles and of the
 * directory merged (see ftsSearch).
 */
export const pgSearch = async (
  payload: Payload,
  {
    terms,
    visibility,
    limit,
    prefix,
  }: {
    limit: number
    /** A LIKE pattern of titles that begin with the query (pgTitlePrefix), ranked first. */
    prefix: null | string
    /** The tsquery form of the terms (pgTerms). */
    terms: string
    visibility: Map<SearchTargetSlug, Visibility>
  },
): Promise<{ rows: IndexRow[]; totalDocs: number }> => {
  const pool = poolOf(payload)!
  const values: unknown[] = [terms]
  const filter = pgFilter(visibility, values)
  if (filter === null) {
    return { rows: [], totalDocs: 0 }
  }
  const where: Sql = { text: filter, values }
  const { rows: counted } = await pool.query(
    `SELECT count(*) AS n FROM ${TABLE} WHERE ${where.text} AND ${TEXT_VECTOR} @@ to_tsquery('simple', $1)`,
    where.values,
  )
  const totalDocs = Number(counted[0]?.n ?? 0)
  if (totalDocs === 0) {
    return { rows: [], totalDocs }
  }
  const titleLists: Ranked[][] = [await best(pool, TITLE_VECTOR, where, limit)]
  if (prefix) {
    const leading: Sql = {
      text: `${where.text} AND ${LEADING} LIKE $${where.values.length + 1}`,
      values: [...where.values, prefix],
    }
    const hits = await best(pool, TITLE_VECTOR, leading, limit)
    titleLists.push(hits.map((hit) => ({ ...hit, score: hit.score + PREFIX_TIER })))
  }
  const titleCount = new Set(titleLists.flat().map((hit) => hit.id)).size
  const body = titleCount >= limit ? [] : await best(pool, TEXT_VECTOR, where, limit + titleCount)
  return { rows: await rowsOf(pool, mergeTiers(titleLists, body, limit)), totalDocs }
}
