/**
 * The public article lists the read model (src/plugins/listings) serves: every published article,
 * a topic's, or a department's, newest first. Pure: no Payload import.
 */
export type ListingScope = 'all' | 'department' | 'topic'

export type ListingKey = { scope: ListingScope; scopeId: number }

/** The field of a `where` that names each scope other than `all`. */
const SCOPE_FIELDS: Record<string, ListingScope> = { department: 'department', topics: 'topic' }

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) && typeof value === 'object' && !Array.isArray(value)

/** A positive integer id as REST (a string) or GraphQL and the Local API (a number) send it. */
const idOf = (value: unknown): null | number => {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : ''
  return /^[1-9]\d{0,14}$/.test(text) ? Number(text) : null
}

/** The conditions of a `where` once single-branch `and`s and empty objects are taken apart. */
const conditionsOf = (where: Record<string, unknown>): null | [string, unknown][] => {
  const out: [string, unknown][] = []
  for (const [key, value] of Object.entries(where)) {
    if (key === 'and') {
      if (!Array.isArray(value)) {
        return null
      }
      for (const part of value) {
        if (!isPlainObject(part)) {
          return null
        }
        const inner = conditionsOf(part)
        if (!inner) {
          return null
        }
        out.push(...inner)
      }
    } else if (key === 'or') {
      return null
    } else {
      out.push([key, value])
    }
  }
  return out
}

/**
 * The list a `where` asks for, when it is one the read model holds: none (every published
 * article), `topics equals X` or `department equals X`; null for anything else.
 */
export const listingKeyOf = (where: unknown): ListingKey | null => {
  if (where === undefined || where === null) {
    return { scope: 'all', scopeId: 0 }
  }
  if (!isPlainObject(where)) {
    return null
  }
  const conditions = conditionsOf(where)
  if (!conditions || conditions.length > 1) {
    return null
  }
  if (conditions.length === 0) {
    return { scope: 'all', scopeId: 0 }
  }
  const [[field, condition]] = conditions as [[string, unknown]]
  const scope = SCOPE_FIELDS[field]
  if (!scope || !isPlainObject(condition) || Object.keys(condition).length !== 1) {
    return null
  }
  const scopeId = idOf(condition.equals)
  return scopeId === null ? null : { scope, scopeId }
}

/** Whether a list's sort is the newest-first order the read model keeps (also the default one). */
export const isNewestFirst = (sort: unknown, defaultSort: unknown): boolean => {
  const effective = sort === undefined || sort === null || sort === '' ? defaultSort : sort
  const list = Array.isArray(effective) ? effective : [effective]
  return list.length === 1 && list[0] === '-publishedAt'
}

/** A page number or size as the operation receives it: a positive integer, or null. */
export const positiveInteger = (value: unknown): null | number => {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
  return typeof number === 'number' && Number.isSafeInteger(number) && number > 0 ? number : null
}
