import { fold } from './fold'

/** The folded key a list search matches: the given texts' fold, joined by spaces; empties skipped. */
export const searchKeyOf = (values: unknown[]): string =>
  values
    .filter((value): value is string => typeof value === 'string' && value.trim() !== '')
    .map(fold)
    .join(' ')

type Query = { [key: string]: unknown }

const FOLDED_OPERATORS = new Set(['contains', 'equals', 'like', 'not_like'])

/**
 * `where` with every string compared to `path` folded, so that "Nguyễn", "nguyen" and "NGUYỄN"
 * find the same records. Walks `and`/`or` at any depth; leaves everything else as it came.
 */
export const foldWhereOn = <W>(where: W, path: string): W => {
  if (Array.isArray(where)) {
    return where.map((item) => foldWhereOn(item, path)) as W
  }
  if (!where || typeof where !== 'object') {
    return where
  }
  const out: Query = {}
  for (const [key, value] of Object.entries(where as Query)) {
    if (key === 'and' || key === 'or') {
      out[key] = foldWhereOn(value, path)
    } else if (key === path && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value as Query).map(([operator, operand]) => [
          operator,
          FOLDED_OPERATORS.has(operator) && typeof operand === 'string' ? fold(operand) : operand,
        ]),
      )
    } else {
      out[key] = value
    }
  }
  return out as W
}
