import type { PayloadRequest, Where } from 'payload'

import type { SearchTargetSlug } from './types'

/**
 * Which index rows of one content type a caller may find, in the terms the index stores: the
 * record's live publication state and its owning department.
 */
export type Visibility =
  | { kind: 'all' }
  | { kind: 'and' | 'or'; parts: Visibility[] }
  | { kind: 'department'; ids: string[] }
  | { kind: 'none' }
  | { kind: 'published'; value: boolean }

export const ALL: Visibility = { kind: 'all' }
export const NONE: Visibility = { kind: 'none' }

const and = (parts: Visibility[]): Visibility => {
  const kept = parts.filter((part) => part.kind !== 'all')
  if (kept.some((part) => part.kind === 'none')) {
    return NONE
  }
  return kept.length === 0 ? ALL : kept.length === 1 ? kept[0] : { kind: 'and', parts: kept }
}

const or = (parts: Visibility[]): Visibility => {
  const kept = parts.filter((part) => part.kind !== 'none')
  if (kept.some((part) => part.kind === 'all')) {
    return ALL
  }
  return kept.length === 0 ? NONE : kept.length === 1 ? kept[0] : { kind: 'or', parts: kept }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const listOf = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [value]

// Only the conditions access rules here use are understood; anything else hides, never leaks.
const fromCondition = (field: string, condition: unknown): Visibility => {
  if (!isObject(condition)) {
    return NONE
  }
  return and(
    Object.entries(condition).map(([operator, value]): Visibility => {
      if (field === '_status' && operator === 'equals') {
        return value === 'published' || value === 'draft'
          ? { kind: 'published', value: value === 'published' }
          : NONE
      }
      if (field === 'department' && (operator === 'equals' || operator === 'in')) {
        const ids = listOf(value)
          .filter((id) => typeof id === 'number' || (typeof id === 'string' && id !== ''))
          .map(String)
        return ids.length > 0 ? { kind: 'department', ids } : NONE
      }
      return NONE
    }),
  )
}

/** Translates a read-access `Where` into index terms. */
export const fromWhere = (where: Where): Visibility =>
  and(
    Object.entries(where).map(([key, value]): Visibility => {
      if (/^(and|or)$/i.test(key)) {
        const parts = (Array.isArray(value) ? value : []).map((part) =>
          isObject(part) ? fromWhere(part as Where) : NONE,
        )
        return key.toLowerCase() === 'and' ? and(parts) : or(parts)
      }
      return fromCondition(key, value)
    }),
  )

/**
 * What the caller may find of each content type: that type's own read access, asked with the
 * caller's request, so search shows exactly what the collection's REST and GraphQL would.
 */
export const visibilityOf = async (
  req: PayloadRequest,
  targets: SearchTargetSlug[],
): Promise<Map<SearchTargetSlug, Visibility>> => {
  const result = new Map<SearchTargetSlug, Visibility>()
  for (const target of targets) {
    const read = req.payload.collections[target]?.config.access.read
    const access = read ? await read({ req }) : false
    result.set(target, access === true ? ALL : isObject(access) ? fromWhere(access as Where) : NONE)
  }
  return result
}

/** The same rules as a `Where` on the search-index collection, for the generic path. */
export const visibilityWhere = (visibility: Visibility): null | Where => {
  switch (visibility.kind) {
    case 'all':
      return null
    case 'none':
      return { id: { exists: false } }
    case 'published':
      return { published: { equals: visibility.value } }
    case 'department':
      return { department: { in: visibility.ids } }
    default: {
      const parts = visibility.parts
        .map(visibilityWhere)
        .filter((part): part is Where => part !== null)
      return visibility.kind === 'and' ? { and: parts } : { or: parts }
    }
  }
}

/** Targets grouped by identical visibility, so a filter names each rule once. */
export const groupByVisibility = (
  visibility: Map<SearchTargetSlug, Visibility>,
): { targets: SearchTargetSlug[]; visibility: Visibility }[] => {
  const groups = new Map<string, { targets: SearchTargetSlug[]; visibility: Visibility }>()
  for (const [target, rule] of visibility) {
    if (rule.kind === 'none') {
      continue
    }
    const key = JSON.stringify(rule)
    const group = groups.get(key) ?? { targets: [], visibility: rule }
    group.targets.push(target)
    groups.set(key, group)
  }
  return [...groups.values()]
}
