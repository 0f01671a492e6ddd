import type { Payload } from 'payload'

import { searchTerms } from '../../src/lib/search'
import { indexedTargets } from './entries'
import type { SearchQuery, SearchTargetSlug } from './types'

export const DEFAULT_LIMIT = 10
export const MAX_LIMIT = 50
export const MAX_QUERY_LENGTH = 200

type Raw = { limit?: unknown; q?: unknown; type?: unknown }

const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '')

const limitOf = (raw: unknown): null | number => {
  if (isBlank(raw)) {
    return DEFAULT_LIMIT
  }
  const text = typeof raw === 'number' ? String(raw) : raw
  if (typeof text !== 'string' || !/^\s*\d+\s*$/.test(text)) {
    return null
  }
  const limit = Number(text)
  // 0 asks for "all" in Payload's own lists: the most a search returns.
  return limit === 0 ? MAX_LIMIT : Math.min(limit, MAX_LIMIT)
}

/** Validates search parameters from REST or GraphQL; the error message names the parameter. */
export const parseSearchParams = (
  payload: Payload,
  raw: Raw,
): { error: string } | { query: SearchQuery } => {
  if (typeof raw.q !== 'string' || raw.q.trim() === '') {
    return { error: 'The "q" parameter is required: the words to search for.' }
  }
  if ([...raw.q.normalize('NFC')].length > MAX_QUERY_LENGTH) {
    return { error: `The "q" parameter is longer than ${MAX_QUERY_LENGTH} characters.` }
  }
  const targets = indexedTargets(payload)
  let type: SearchTargetSlug | undefined
  if (!isBlank(raw.type)) {
    if (typeof raw.type !== 'string' || !(targets as string[]).includes(raw.type)) {
      return { error: `The "type" parameter must be one of: ${targets.join(', ')}.` }
    }
    type = raw.type as SearchTargetSlug
  }
  const limit = limitOf(raw.limit)
  if (limit === null) {
    return { error: `The "limit" parameter must be a whole number (at most ${MAX_LIMIT}).` }
  }
  return { query: { limit, terms: searchTerms(raw.q), type } }
}
