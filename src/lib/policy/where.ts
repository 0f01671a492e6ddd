/** Deepest `and`/`or` nesting of a `where`, for everyone and at every door. */
export const MAX_WHERE_NESTING = 5

/** Operators the SQL adapter reads as text: anything else there fails as a 500. */
const TEXT_OPERATORS = new Set(['contains', 'like', 'not_like'])
/** Operators whose value is a point or a shape (GeoJSON). */
const GEO_OPERATORS = new Set(['intersects', 'near', 'within'])
/** Operators whose value the SQL adapter splits into a list, dropping what is not a date. */
const LIST_OPERATORS = new Set(['all', 'exists', 'in', 'not_in'])

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

/** One value for a column: never a list or object. */
const isScalar = (value: unknown): boolean => value === null || typeof value !== 'object'

/** A polymorphic relationship's value, `{ relationTo, value }`. */
const isRelationTo = (value: unknown): boolean =>
  isObject(value) &&
  typeof value.relationTo === 'string' &&
  isScalar((value as { value?: unknown }).value)

/** One `field: { operator: value }` of a `where`, found through its `and`/`or`. */
export type Condition = { operator: string; path: string; value: unknown }

/** Whether the SQL adapter reads a value as a date, as its sanitizeQueryValue does. */
const isDate = (value: unknown): boolean => {
  if (typeof value === 'string') {
    return value === '' || value === 'null' || !Number.isNaN(new Date(value).getTime())
  }
  if (value instanceof Date) {
    return !Number.isNaN(value.getTime())
  }
  return typeof value !== 'number' || !Number.isNaN(new Date(value).getTime())
}

/**
 * Why a condition on a date field cannot run, or null. The SQL adapter turns a date it cannot read
 * into nothing and, for `like`, writes SQL without a value: a 500.
 */
export const dateProblem = ({ operator, path, value }: Condition): null | string =>
  LIST_OPERATORS.has(operator) || isDate(value) ? null : `The value for "${path}" is not a date.`

/**
 * Why a `where` cannot reach the database, or null, with its conditions for the checks that need
 * the fields (see dateProblem). Refused: `and`/`or` nested past MAX_WHERE_NESTING (and the
 * leftover `[…]` key of a query string nested past what Payload's query parser reads), an
 * `and`/`or` that is no list, an empty condition, and a value of the wrong shape for its
 * operator: the SQL adapter failed on each as a 500 (GraphQL types relationship and JSON
 * conditions as JSON, so any shape arrives there).
 */
export const whereProblem = (
  where: unknown,
  conditions: Condition[] = [],
  level = 0,
): null | string => {
  if (!isObject(where)) {
    return null
  }
  for (const [path, condition] of Object.entries(where)) {
    if (/^(and|or)$/i.test(path)) {
      if (level >= MAX_WHERE_NESTING) {
        return `The "where" parameter nests "and"/"or" more than ${MAX_WHERE_NESTING} levels deep.`
      }
      // Payload's own parsers make lists; GraphQL lets a null or an object through.
      if (!Array.isArray(condition)) {
        return `The "where" "${path}" takes a list of conditions.`
      }
      for (const part of condition) {
        const problem =
          part === null
            ? `The "where" "${path}" holds an empty condition.`
            : whereProblem(part, conditions, level + 1)
        if (problem) {
          return problem
        }
      }
      continue
    }
    if (path.startsWith('[')) {
      // Payload's query parser stops at 10 brackets and keeps the rest as one literal key.
      return `The "where" parameter nests "and"/"or" more than ${MAX_WHERE_NESTING} levels deep.`
    }
    if (condition === null) {
      return `The "where" condition "${path}" is empty.`
    }
    if (typeof condition !== 'object' || Array.isArray(condition)) {
      continue
    }
    for (const [operator, value] of Object.entries(condition)) {
      const text = TEXT_OPERATORS.has(operator)
      const one = (item: unknown) => isScalar(item) || isRelationTo(item) || item instanceof Date
      const fits = text
        ? typeof value === 'string'
        : GEO_OPERATORS.has(operator) || (Array.isArray(value) ? value.every(one) : one(value))
      if (!fits) {
        const takes = text ? 'text' : 'values, not objects'
        return `The "where" condition "${path}" (${operator}) takes ${takes}.`
      }
      conditions.push({ operator, path, value })
    }
  }
  return null
}
