import type { Payload } from 'payload'

import { scoreHit } from '../../src/lib/search'

import type { SearchTargetSlug } from './types'
import type { Visibility } from './visibility'

import { groupByVisibility } from './visibility'

/**
 * The SQLite fast path: two contentless FTS5 tables kept in step with `search_index` by triggers.
 * `search_index_fts` holds title and body (for matching, counting and body hits);
 * `search_index_fts_title` holds titles only, so title hits are found without scanning bodies.
 * Visibility lives in the FTS index itself as `_`-tokens in a `tags` column (`_tarticles`,
 * `_pub`/`_draft`, `_d<department>`), so filtering and counting never leave the index. Search
 * terms cannot produce those tokens: query tokens are letters and digits only, and indexed text
 * has its `_` turned into spaces.
 */
const TABLE = 'search_index'
const FTS = 'search_index_fts'
const FTS_TITLE = 'search_index_fts_title'
const TRIGGERS = ['search_index_fts_insert', 'search_index_fts_delete', 'search_index_fts_update']

/**
 * Newest matches ranked per tier. Ranking every match of a broad query costs time in proportion to
 * the index (bm25 alone scans each term's whole posting list for its IDF: ~40 ms per query at
 * 100,000 articles), so ranking looks at the newest CANDIDATES and counting is the only full pass.
 */
export const CANDIDATES = 200

type Client = {
  batch: (statements: string[], mode: 'write') => Promise<unknown>
  execute: (
    statement: string | { args: (number | string)[]; sql: string },
  ) => Promise<{ rows: Record<string, unknown>[] }>
}

const clientOf = (payload: Payload): Client | null =>
  payload.db.name === 'sqlite'
    ? ((payload.db as unknown as { client?: Client }).client ?? null)
    : null

const TOKENIZE = `tokenize = "unicode61 tokenchars '_'"`
const TAGS = (row: 'new' | 'old') =>
  `'_t' || replace(${row}.target, '-', '') || ' ' || ` +
  `(CASE WHEN ${row}.published THEN '_pub' ELSE '_draft' END) || ' ' || ` +
  `'_d' || lower(coalesce(${row}.department, ''))`
const TEXT = (row: 'new' | 'old', column: string) =>
  `replace(coalesce(${row}.${column}, ''), '_', ' ')`

const insertRows = (row: 'new' | 'old') => `
  INSERT INTO ${FTS}(rowid, key_title, key_body, tags)
    VALUES (${row}.id, ${TEXT(row, 'key_title')}, ${TEXT(row, 'key_body')}, ${TAGS(row)});
  INSERT INTO ${FTS_TITLE}(rowid, key_title, tags)
    VALUES (${row}.id, ${TEXT(row, 'key_title')}, ${TAGS(row)});`

const deleteRows = `
  DELETE FROM ${FTS} WHERE rowid = old.id;
  DELETE FROM ${FTS_TITLE} WHERE rowid = old.id;`

const CREATE = [
  `CREATE VIRTUAL TABLE IF NOT EXISTS ${FTS} USING fts5(key_title, key_body, tags, content = '', contentless_delete = 1, prefix = '2 3', ${TOKENIZE})`,
  `CREATE VIRTUAL TABLE IF NOT EXISTS ${FTS_TITLE} USING fts5(key_title, tags, content = '', contentless_delete = 1, prefix = '2 3', ${TOKENIZE})`,
  `CREATE TRIGGER IF NOT EXISTS ${TRIGGERS[0]} AFTER INSERT ON ${TABLE} BEGIN ${insertRows('new')} END`,
  `CREATE TRIGGER IF NOT EXISTS ${TRIGGERS[1]} AFTER DELETE ON ${TABLE} BEGIN ${deleteRows} END`,
  `CREATE TRIGGER IF NOT EXISTS ${TRIGGERS[2]} AFTER UPDATE OF target, published, department, key_title, key_body ON ${TABLE} BEGIN ${deleteRows} ${insertRows('new')} END`,
]

// Refills both tables from search_index: after they were created, or after a migration rebuilt
// search_index (SQLite migrations recreate a table to change it, which drops its triggers).
const REBUILD = [
  `INSERT INTO ${FTS}(${FTS}) VALUES ('delete-all')`,
  `INSERT INTO ${FTS_TITLE}(${FTS_TITLE}) VALUES ('delete-all')`,
  `INSERT INTO ${FTS}(rowid, key_title, key_body, tags) SELECT id, ${TEXT('new', 'key_title')}, ${TEXT('new', 'key_body')}, ${TAGS('new')} FROM ${TABLE} AS new`,
  `INSERT INTO ${FTS_TITLE}(rowid, key_title, tags) SELECT id, ${TEXT('new', 'key_title')}, ${TAGS('new')} FROM ${TABLE} AS new`,
]

const ready = new WeakMap<Payload, Promise<boolean>>()

const existing = async (client: Client, names: string[]): Promise<Set<string>> => {
  const { rows } = await client.execute({
    args: names,
    sql: `SELECT name FROM sqlite_master WHERE name IN (${names.map(() => '?').join(', ')})`,
  })
  return new Set(rows.map((row) => String(row.name)))
}

/**
 * Creates the FTS tables and triggers when missing and fills them from search_index; idempotent,
 * run after migrations on SQLite. Resolves false (search then takes the generic path) when there is
 * no search_index table or this SQLite lacks FTS5.
 */
export const ensureSearchIndex = async (payload: Payload): Promise<boolean> => {
  const client = clientOf(payload)
  if (!client) {
    return false
  }
  const setup = (async () => {
    try {
      const found = await existing(client, [TABLE, FTS, FTS_TITLE, ...TRIGGERS])
      if (!found.has(TABLE)) {
        return false
      }
      if ([FTS, FTS_TITLE, ...TRIGGERS].every((name) => found.has(name))) {
        return true
      }
      await client.batch([...CREATE, ...REBUILD], 'write')
      return true
    } catch (error) {
      payload.logger.warn({ err: error }, 'search: FTS5 unavailable, using the generic search path')
      return false
    }
  })()
  ready.set(payload, setup)
  return setup
}

/** Whether the FTS tables are in place, checked once per Payload (another process may have made them). */
export const ftsReady = (payload: Payload): Promise<boolean> => {
  const client = clientOf(payload)
  if (!client) {
    return Promise.resolve(false)
  }
  let known = ready.get(payload)
  if (!known) {
    known = existing(client, [FTS, FTS_TITLE, ...TRIGGERS])
      .then((found) => found.size === 2 + TRIGGERS.length)
      .catch(() => false)
    ready.set(payload, known)
  }
  return known
}

const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`

const TOKEN = /[\p{L}\p{N}]+/gu

/**
 * One FTS5 phrase per search term, from its letter and digit runs only, so no user text reaches
 * FTS5 syntax: `82/kh-bqlkkt` → `"82 kh bqlkkt"`. The last token of the last term is a prefix, as
 * people type; prefixes on every term tripled the cost of broad queries for little gain.
 * Single letters stay whole: as prefixes they would match most of the index.
 */
export const ftsTerms = (terms: string[]): null | string => {
  const phrases = terms
    .map((term) => term.toLowerCase().match(TOKEN) ?? [])
    .filter((tokens) => tokens.length > 0)
  if (phrases.length === 0) {
    return null
  }
  const last = phrases[phrases.length - 1]
  return phrases
    .map((tokens) => quote(tokens.join(' ')))
    .map((phrase, at) =>
      at === phrases.length - 1 && last[last.length - 1].length > 1 ? `${phrase}*` : phrase,
    )
    .join(' AND ')
}

const either = (parts: string[]): string =>
  parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`

const ruleFilter = (visibility: Visibility): null | string => {
  switch (visibility.kind) {
    case 'all':
      return null
    case 'none':
      return quote('_none')
    case 'published':
      return quote(visibility.value ? '_pub' : '_draft')
    case 'department':
      return either(visibility.ids.map((id) => quote(`_d${id.toLowerCase()}`)))
    default: {
      const parts = visibility.parts.map(ruleFilter).filter((part): part is string => part !== null)
      return visibility.kind === 'and' ? `(${parts.join(' AND ')})` : either(parts)
    }
  }
}

const targetTag = (target: SearchTargetSlug): string => quote(`_t${target.replace(/-/g, '')}`)

/**
 * The FTS5 filter for what the caller may find among `targets` (all indexed targets: `indexed`);
 * '' when nothing is filtered, null when nothing is visible.
 */
export const ftsFilter = (
  visibility: Map<SearchTargetSlug, Visibility>,
  indexed: SearchTargetSlug[],
): null | string => {
  const groups = groupByVisibility(visibility)
  if (groups.length === 0) {
    return null
  }
  const parts = groups.map(({ targets, visibility: rule }) => {
    const everyTarget = indexed.every((target) => targets.includes(target))
    const filters = [everyTarget ? null : either(targets.map(targetTag)), ruleFilter(rule)]
    const kept = filters.filter((part): part is string => part !== null)
    return kept.length === 0 ? '' : kept.length === 1 ? kept[0] : `(${kept.join(' AND ')})`
  })
  return parts.includes('') ? '' : either(parts)
}

export type IndexRow = {
  docId: string
  id: number | string
  published: boolean
  slug: null | string
  target: SearchTargetSlug
  title: string
}

export type Candidate = IndexRow & { keyTitle: string }

/**
 * Title hits first, then body-only hits; within each tier by scoreHit on the title (the same
 * scoring as the generic path: whole title, title prefix, coverage), then newest first.
 */
export const rankCandidates = ({
  bodyIds,
  found,
  limit,
  titleIds,
  words,
}: {
  bodyIds: number[]
  found: Map<number, Candidate>
  limit: number
  titleIds: Set<number>
  words: string[]
}): IndexRow[] => {
  const ranked = (ids: number[]) =>
    ids
      .map((id) => found.get(id))
      .filter((row): row is Candidate => Boolean(row))
      .map((row) => ({ row, score: scoreHit({ terms: words, title: row.keyTitle }) }))
      .sort((a, b) => b.score - a.score || Number(b.row.id) - Number(a.row.id))
      .map(({ row }): IndexRow => {
        const { keyTitle: _keyTitle, ...hit } = row
        return hit
      })
  return [...ranked([...titleIds]), ...ranked(bodyIds.filter((id) => !titleIds.has(id)))].slice(
    0,
    limit,
  )
}

// FTS5 walks a MATCH newest first and stops at the LIMIT, without reading the rest of the lists.
const newest = async (client: Client, table: string, match: string): Promise<number[]> => {
  const { rows } = await client.execute({
    args: [match],
    sql: `SELECT rowid AS id FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid DESC LIMIT ${CANDIDATES}`,
  })
  return rows.map((row) => Number(row.id))
}

const candidatesOf = async (client: Client, ids: number[]): Promise<Map<number, Candidate>> => {
  if (ids.length === 0) {
    return new Map()
  }
  const { rows } = await client.execute({
    args: ids,
    sql: `SELECT id, target, doc_id, published, title, slug, key_title FROM ${TABLE}
      WHERE id IN (${ids.map(() => '?').join(', ')})`,
  })
  return new Map(
    rows.map((row): [number, Candidate] => [
      Number(row.id),
      {
        docId: String(row.doc_id),
        id: Number(row.id),
        keyTitle: String(row.key_title ?? ''),
        published: Boolean(Number(row.published)),
        slug: row.slug === null ? null : String(row.slug),
        target: String(row.target) as SearchTargetSlug,
        title: String(row.title ?? ''),
      },
    ]),
  )
}

/**
 * Hits best first: records whose title holds every term, then the others; within each tier by
 * scoreHit on the title (the same scoring as the generic path: whole title, title prefix, coverage),
 * then newest first. Title hits are looked for separately among articles and among the directory
 * (people, organizations, plans), so thousands of articles naming a person never push the
 * person's own record out of the candidates.
 */
export const ftsSearch = async (
  payload: Payload,
  {
    directory,
    filter,
    limit,
    terms,
    words,
  }: {
    /** When articles and other types are searched together: the other types. */
    directory: SearchTargetSlug[]
    filter: string
    limit: number
    /** The FTS5 form of the terms (ftsTerms). */
    terms: string
    /** The folded search terms, for scoring. */
    words: string[]
  },
): Promise<{ rows: IndexRow[]; totalDocs: number }> => {
  const client = clientOf(payload)!
  const match = filter ? `(${terms}) AND ${filter}` : terms
  const bodyIds = await newest(client, FTS, match)
  let totalDocs = bodyIds.length
  if (totalDocs === CANDIDATES) {
    const { rows } = await client.execute({
      args: [match],
      sql: `SELECT count(*) AS n FROM ${FTS} WHERE ${FTS} MATCH ?`,
    })
    totalDocs = Number(rows[0]?.n ?? 0)
  }
  if (totalDocs === 0) {
    return { rows: [], totalDocs }
  }

  const titleMatches =
    directory.length > 0
      ? [
          `(${match}) AND ${targetTag('articles')}`,
          `(${match}) AND ${either(directory.map(targetTag))}`,
        ]
      : [match]
  const titleIds = new Set<number>()
  for (const titleMatch of titleMatches) {
    for (const id of await newest(client, FTS_TITLE, titleMatch)) {
      titleIds.add(id)
    }
  }
  const found = await candidatesOf(client, [...new Set([...titleIds, ...bodyIds])])
  const rows = rankCandidates({ bodyIds, found, limit, titleIds, words })
  return { rows, totalDocs }
}
