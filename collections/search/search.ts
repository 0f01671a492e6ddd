import type { Payload, PayloadRequest } from 'payload'

import { makeSnippet } from '../../src/lib/search'
import { indexedTargets, indexLocale } from './entries'
import { genericSearch } from './generic'
import { pgSearch, pgSearchReady, pgTerms, pgTitlePrefix } from './postgres'
import type { IndexRow } from './sqlite'
import { ftsFilter, ftsReady, ftsSearch, ftsTerms, ftsTitlePrefix } from './sqlite'
import { SEARCH_TARGETS } from './targets'
import type { SearchHit, SearchQuery, SearchResult, SearchTargetSlug } from './types'
import type { Visibility } from './visibility'
import { groupByVisibility, visibilityOf, visibilityWhere } from './visibility'
import { asSystem } from '../../src/access/asSystem'

const EMPTY: SearchResult = { docs: [], totalDocs: 0 }

/** A search entry's `docId` (text) as the target collection's id type. */
const targetIdOf = (payload: Payload, target: SearchTargetSlug, docId: string): number | string =>
  (payload.collections[target].customIDType ?? payload.db.defaultIDType) === 'number'
    ? Number(docId)
    : docId

/** The generic path's filter: per group of targets, its target names and its read rule. */
const whereOf = (visibility: Map<SearchTargetSlug, Visibility>) => {
  const groups = groupByVisibility(visibility)
  if (groups.length === 0) {
    return null
  }
  return {
    or: groups.map(({ targets, visibility: rule }) => {
      const where = visibilityWhere(rule)
      const target = { target: { in: targets } }
      return where ? { and: [target, where] } : target
    }),
  }
}

/**
 * Cuts each hit's snippet from its original text: one read per content type and state, of the
 * hits only. Published hits read the live record; others their latest draft, as the index holds.
 */
const withSnippets = async (
  payload: Payload,
  rows: IndexRow[],
  terms: string[],
): Promise<SearchHit[]> => {
  const groups = new Map<string, IndexRow[]>()
  for (const row of rows) {
    const key = `${row.target}:${row.published}`
    groups.set(key, [...(groups.get(key) ?? []), row])
  }
  const texts = new Map<string, string>()
  for (const group of groups.values()) {
    const { published, target } = group[0]
    // The index already decided that the caller may find these records.
    const { docs } = await payload.find({
      collection: target,
      depth: 0,
      draft: !published,
      limit: group.length,
      locale: indexLocale(payload),
      ...asSystem(),
      pagination: false,
      select: SEARCH_TARGETS[target].select as never,
      where: { id: { in: group.map((row) => targetIdOf(payload, target, row.docId)) } },
    })
    for (const doc of docs as unknown as (Record<string, unknown> & { id: number | string })[]) {
      texts.set(`${target}:${String(doc.id)}`, SEARCH_TARGETS[target].snippetTextOf(doc))
    }
  }
  return rows.flatMap((row): SearchHit[] => {
    const text = texts.get(`${row.target}:${row.docId}`)
    if (text === undefined) {
      // The record is gone while its row lingers (deleted outside Payload): no hit to show.
      return []
    }
    return [
      {
        collection: row.target,
        id: targetIdOf(payload, row.target, row.docId),
        slug: row.slug,
        snippet: makeSnippet({ terms, text: text || row.title }),
        title: row.title,
      },
    ]
  })
}

type SearchOptions = {
  /** Forces the generic path (MongoDB's), so tests cover it on SQLite and PostgreSQL too. */
  engine?: 'generic'
}

/** Runs a validated query for the caller of `req`, who finds what they may read. */
export const search = async (
  req: PayloadRequest,
  query: SearchQuery,
  { engine }: SearchOptions = {},
): Promise<SearchResult> => {
  const { payload } = req
  const indexed = indexedTargets(payload)
  const targets = query.type ? [query.type] : indexed
  if (query.terms.length === 0 || targets.length === 0) {
    return EMPTY
  }
  const visibility = await visibilityOf(req, targets)
  let found: { rows: IndexRow[]; totalDocs: number }
  if (engine !== 'generic' && (await pgSearchReady(payload))) {
    const terms = pgTerms(query.terms)
    if (terms === null) {
      return EMPTY
    }
    found = await pgSearch(payload, {
      limit: query.limit,
      prefix: pgTitlePrefix(query.terms),
      terms,
      visibility,
    })
  } else if (engine !== 'generic' && (await ftsReady(payload))) {
    const terms = ftsTerms(query.terms)
    const filter = ftsFilter(visibility, indexed)
    if (terms === null || filter === null) {
      return EMPTY
    }
    found = await ftsSearch(payload, {
      filter,
      limit: query.limit,
      prefix: ftsTitlePrefix(query.terms),
      terms,
      visibility,
    })
  } else {
    const filter = whereOf(visibility)
    if (filter === null) {
      return EMPTY
    }
    found = await genericSearch(payload, { filter, limit: query.limit, terms: query.terms })
  }
  return { docs: await withSnippets(payload, found.rows, query.terms), totalDocs: found.totalDocs }
}
