import type { Payload } from 'payload'

import type { SearchTargetSlug } from './types'
import type { Visibility } from './visibility'

import type { ReadClient } from '../../src/sqliteReaders'
import { sqliteReaders } from '../../src/sqliteReaders'
import { groupByVisibility, NONE } from './visibility'

/**
 * The SQLite fast path: two contentless FTS5 tables kept in step with `search_index` by triggers.
 * `search_index_fts2` holds title and body (for matching, counting and body hits);
 * `search_index_fts2_title` holds titles only, so title hits are found without scanning bodies.
 * Visibility lives in the FTS index itself as `_`-tokens in a `tags` column (`_tarticles`,
 * `_pub`/`_draft`, `_d<department>`), so filtering and counting never leave the index. Search
 * terms cannot produce those tokens: query tokens are letters and digits only, and indexed text
 * has its `_` turned into spaces.
 *
 * A row's FTS rowid is its `search_index` id plus its class (type, and published or not) times
 * 2^40 (see TYPES), so what the public sees (the published rows of articles, of the directory,
 * of every type) is one rowid range, which FTS5 seeks to in its doclists. Such searches filter by
 * range instead of by tags: bm25 then ranks with the query's own phrases only (each phrase in
 * the MATCH costs bm25 a pass over its whole doclist, and `_pub` is in nearly every row), about
 * half the time, with the same scores (the tags column weighs nothing). Other callers' rules
 * (departments) keep the tags.
 */
const TABLE = 'search_index'
const FTS = 'search_index_fts2'
const FTS_TITLE = 'search_index_fts2_title'
const TRIGGERS = [
  'search_index_fts2_insert',
  'search_index_fts2_delete',
  'search_index_fts2_update',
]
/** The tables and triggers from before rowids carried a class, dropped when the new ones are made. */
const FORMER = {
  tables: ['search_index_fts', 'search_index_fts_title'],
  triggers: ['search_index_fts_insert', 'search_index_fts_delete', 'search_index_fts_update'],
}

/**
 * The rowid classes: the published rows of each type in this order (the directory first, then
 * articles), then the unpublished ones in the same order, so what the public sees (every type's
 * published rows), the published directory, published articles and everything are ranges.
 */
const TYPES: SearchTargetSlug[] = ['organizations', 'people', 'plans', 'articles']
const UNPUBLISHED = TYPES.length
/** 2^40: ids stay below it, and the eight classes below 2^53, exact in a JavaScript number. */
const CLASS_SPAN = 1099511627776

/** The FTS rowid of a search_index row, in SQL. */
const ROWID = (row: 'new' | 'old') =>
  `(${row}.id + ((CASE ${row}.target ${TYPES.map((target, at) => `WHEN '${target}' THEN ${at}`).join(' ')} ELSE 0 END) + ` +
  `(CASE WHEN ${row}.published THEN 0 ELSE ${UNPUBLISHED} END)) * ${CLASS_SPAN})`

/** The search_index id of an FTS rowid, in SQL. */
const ID = `(rowid % ${CLASS_SPAN})`

/** For the benchmark's drivers and the tests that look into the index. */
export const FTS_SQL = {
  body: FTS,
  /** A published row's rowid range (what `"_pub"` matches). */
  published: `rowid BETWEEN 0 AND ${UNPUBLISHED * CLASS_SPAN - 1}`,
  rowId: ID,
  title: FTS_TITLE,
} as const

/**
 * The rowid range, as SQL, of what `visibility` lets the caller see of `targets` when that is
 * whole classes (all of a type, or its published or unpublished rows) and they are contiguous;
 * null otherwise (the tags then filter).
 */
export const rowidRange = (
  visibility: Map<SearchTargetSlug, Visibility>,
  targets: SearchTargetSlug[],
): null | string => {
  const classes: number[] = []
  for (const target of targets) {
    const rule = visibility.get(target) ?? NONE
    const type = TYPES.indexOf(target)
    if (type < 0) {
      return null
    }
    if (rule.kind === 'all') {
      classes.push(type, type + UNPUBLISHED)
    } else if (rule.kind === 'published') {
      classes.push(rule.value ? type : type + UNPUBLISHED)
    } else if (rule.kind !== 'none') {
      return null
    }
  }
  if (classes.length === 0) {
    return 'rowid < 0'
  }
  classes.sort((a, b) => a - b)
  const [low, high] = [classes[0], classes[classes.length - 1]]
  if (high - low + 1 !== classes.length) {
    return null
  }
  return `rowid BETWEEN ${low * CLASS_SPAN} AND ${(high + 1) * CLASS_SPAN - 1}`
}

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
    VALUES (${ROWID(row)}, ${TEXT(row, 'key_title')}, ${TEXT(row, 'key_body')}, ${TAGS(row)});
  INSERT INTO ${FTS_TITLE}(rowid, key_title, tags)
    VALUES (${ROWID(row)}, ${TEXT(row, 'key_title')}, ${TAGS(row)});`

const deleteRows = `
  DELETE FROM ${FTS} WHERE rowid = ${ROWID('old')};
  DELETE FROM ${FTS_TITLE} WHERE rowid = ${ROWID('old')};`

const CREATE = [
  ...FORMER.triggers.map((name) => `DROP TRIGGER IF EXISTS ${name}`),
  ...FORMER.tables.map((name) => `DROP TABLE IF EXISTS ${name}`),
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
  `INSERT INTO ${FTS}(rowid, key_title, key_body, tags) SELECT ${ROWID('new')}, ${TEXT('new', 'key_title')}, ${TEXT('new', 'key_body')}, ${TAGS('new')} FROM ${TABLE} AS new`,
  `INSERT INTO ${FTS_TITLE}(rowid, key_title, tags) SELECT ${ROWID('new')}, ${TEXT('new', 'key_title')}, ${TAGS('new')} FROM ${TABLE} AS new`,
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

/**
 * The FTS5 query of titles that begin with the whole query (`^`), its last token a prefix as in
 * ftsTerms: the tier above other title hits, as a name typed from its start (`ban quan ly` for
 * "Ban Quản lý Khu kinh tế tỉnh") is the record looked for.
 */
export const ftsTitlePrefix = (terms: string[]): null | string => {
  const tokens = terms.flatMap((term) => term.toLowerCase().match(TOKEN) ?? [])
  if (tokens.length === 0) {
    return null
  }
  const last = tokens[tokens.length - 1]!
  return `^${quote(tokens.join(' '))}${last.length > 1 ? '*' : ''}`
}

/** Ranks of the title-prefix tier sit below (before) every bm25 score. */
export const PREFIX_TIER = -1e9

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

/** A hit's id and rank (lower is better on SQLite: bm25 is negative; PostgreSQL ranks are negated). */
export type Ranked = { id: number; score: number }

/**
 * Title hits first, then the others, each tier best first as the database ranked it, then newest
 * first; `titleLists` are ranked lists from one index (comparable scores), merged by score.
 */
export const mergeTiers = (titleLists: Ranked[][], body: Ranked[], limit: number): number[] => {
  const titles = new Map<number, Ranked>()
  for (const hit of titleLists.flat()) {
    const seen = titles.get(hit.id)
    if (!seen || hit.score < seen.score) {
      titles.set(hit.id, hit)
    }
  }
  const byRank = (a: Ranked, b: Ranked) => a.score - b.score || b.id - a.id
  const first = [...titles.values()].sort(byRank).map((hit) => hit.id)
  const rest = body.filter((hit) => !titles.has(hit.id)).map((hit) => hit.id)
  return [...first, ...rest].slice(0, limit)
}

// Weights per column for bm25: a title term weighs ten times a body term; the tags count nothing.
const RANK = {
  [FTS]: `bm25(${FTS}, 10.0, 1.0, 0.0)`,
  [FTS_TITLE]: `bm25(${FTS_TITLE}, 1.0, 0.0)`,
} as const

/** What one statement searches: its MATCH and, when the caller's rule is a rowid range, that. */
type Scope = { match: string; range: string }

/** The best `limit` matches by bm25, ranked and cut by FTS5 itself (ORDER BY … LIMIT). */
const best = async (
  client: ReadClient,
  table: typeof FTS | typeof FTS_TITLE,
  { match, range }: Scope,
  limit: number,
): Promise<Ranked[]> => {
  const { rows } = await client.execute({
    args: [match, limit],
    sql: `SELECT ${ID} AS id, ${RANK[table]} AS score FROM ${table} WHERE ${table} MATCH ?${range}
      ORDER BY score, id DESC LIMIT ?`,
  })
  return rows.map((row) => ({ id: Number(row.id), score: Number(row.score) }))
}

const rowsOf = async (client: ReadClient, ids: number[]): Promise<IndexRow[]> => {
  if (ids.length === 0) {
    return []
  }
  const { rows } = await client.execute({
    args: ids,
    sql: `SELECT id, target, doc_id, published, title, slug FROM ${TABLE}
      WHERE id IN (${ids.map(() => '?').join(', ')})`,
  })
  const found = new Map(
    rows.map((row): [number, IndexRow] => [
      Number(row.id),
      {
        docId: String(row.doc_id),
        id: Number(row.id),
        published: Boolean(Number(row.published)),
        slug: row.slug === null ? null : String(row.slug),
        target: String(row.target) as SearchTargetSlug,
        title: String(row.title ?? ''),
      },
    ]),
  )
  return ids.map((id) => found.get(id)).filter((row): row is IndexRow => Boolean(row))
}

/**
 * Hits best first, ranked by the index: records whose title begins with the query, then those
 * whose title holds every term (bm25 over titles),
 * then the others (bm25 over title and body, a title term weighing ten body terms); ties newest
 * first. Only a page of hits per tier leaves the database, and counting is the one other pass.
 *
 * Each tier is one pass over every searched type. bm25's weights are the table's (each phrase's
 * rows counted over the whole index, whatever the statement's range), so a record's score is the
 * same in any scope, and the best `limit` title hits of all types are the best of the merged best
 * `limit` of articles and of the directory, which were looked for apart until 2026-12-07 (a
 * leftover of ranking each type's newest candidates): the page is the same, and the two passes
 * over the title index that each took (bm25's own count of every phrase's rows, the `^` match)
 * are one (100k corpus: 12.1 → 10.2 ms and 5.2 → 2.7 ms for "cai cach hanh chinh").
 */
export const ftsSearch = async (
  payload: Payload,
  {
    filter,
    limit,
    prefix,
    terms,
    visibility,
  }: {
    /** The tags filter of the caller's rules (ftsFilter), used where no rowid range expresses them. */
    filter: string
    limit: number
    /** Titles that begin with the query (ftsTitlePrefix), ranked first. */
    prefix: null | string
    /** The FTS5 form of the terms (ftsTerms). */
    terms: string
    /** What the caller may see of each searched type. */
    visibility: Map<SearchTargetSlug, Visibility>
  },
): Promise<{ rows: IndexRow[]; totalDocs: number }> => {
  // Off the event loop where the database is a file: a broad query's count and bm25 take tens of
  // milliseconds of SQLite, which would hold up every other request of the instance.
  const client = sqliteReaders(payload) ?? clientOf(payload)!
  const range = rowidRange(visibility, [...visibility.keys()])
  const all: Scope =
    range !== null
      ? { match: terms, range: ` AND ${range}` }
      : { match: filter ? `(${terms}) AND ${filter}` : terms, range: '' }
  const { rows: counted } = await client.execute({
    args: [all.match],
    sql: `SELECT count(*) AS n FROM ${FTS} WHERE ${FTS} MATCH ?${all.range}`,
  })
  const totalDocs = Number(counted[0]?.n ?? 0)
  if (totalDocs === 0) {
    return { rows: [], totalDocs }
  }
  const titleLists: Ranked[][] = [await best(client, FTS_TITLE, all, limit)]
  if (prefix) {
    const leading = await best(
      client,
      FTS_TITLE,
      { ...all, match: `(${all.match}) AND ${prefix}` },
      limit,
    )
    titleLists.push(leading.map((hit) => ({ ...hit, score: hit.score + PREFIX_TIER })))
  }
  const titleCount = new Set(titleLists.flat().map((hit) => hit.id)).size
  const body = titleCount >= limit ? [] : await best(client, FTS, all, limit + titleCount)
  return { rows: await rowsOf(client, mergeTiers(titleLists, body, limit)), totalDocs }
}
