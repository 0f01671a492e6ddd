/** Most documents an anonymous caller gets per page, also for `limit=0` and `pagination=false`. */
export const MAX_ANONYMOUS_LIMIT = 100
/**
 * Deepest population an anonymous caller gets. Deeper asks are clamped, not refused: a frontend
 * that asks for depth 5 keeps working and simply receives depth 3.
 */
export const MAX_ANONYMOUS_DEPTH = 3
/** Most documents an integrator's API key gets per page, also for `limit=0` and `pagination=false`. */
export const MAX_API_KEY_LIMIT = 1000
/** Largest `limit`, `page` or `depth`; past it SQLite's offset (page × limit) overflows. */
export const MAX_NUMBER_PARAM = 2 ** 31 - 1

/** The caps of one kind of caller: a page size, and a depth (null: not capped). */
export type Caps = { depth: null | number; limit: number }
export const ANONYMOUS_CAPS: Caps = { depth: MAX_ANONYMOUS_DEPTH, limit: MAX_ANONYMOUS_LIMIT }
export const API_KEY_CAPS: Caps = { depth: null, limit: MAX_API_KEY_LIMIT }

/** What a read asks for: the arguments of Payload's find, findByID and the like. */
export type ReadArgs = {
  depth?: unknown
  joins?: unknown
  limit?: unknown
  pagination?: unknown
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

const withinLimit = (value: unknown, max: number): boolean =>
  typeof value === 'number' && value > 0 && value <= max

/**
 * The read with its caps applied (a copy), or the same object when none applied: a `limit` of 0
 * or past the cap becomes the cap, `pagination: false` pages at the cap, a deeper `depth` becomes
 * the cap's, and each join's `limit` is capped too (`limit: 0` there means all). Only a `limit`
 * the caller set is capped: Payload's default page (10) is within every cap.
 */
export const capRead = <T extends ReadArgs>(args: T, caps: Caps): T => {
  const capped: ReadArgs = { ...args }
  let changed = false
  if (capped.limit !== undefined && !withinLimit(capped.limit, caps.limit)) {
    capped.limit = caps.limit
    changed = true
  }
  if (capped.pagination === false) {
    // Without pagination Payload returns every match; paginate at the cap instead.
    capped.pagination = true
    capped.limit = withinLimit(capped.limit, caps.limit) ? capped.limit : caps.limit
    changed = true
  }
  if (caps.depth !== null && typeof capped.depth === 'number' && capped.depth > caps.depth) {
    capped.depth = caps.depth
    changed = true
  }
  if (isObject(capped.joins)) {
    const joins: Record<string, unknown> = {}
    for (const [name, join] of Object.entries(capped.joins)) {
      if (isObject(join) && join.limit !== undefined && !withinLimit(join.limit, caps.limit)) {
        joins[name] = { ...join, limit: caps.limit }
        changed = true
      } else {
        joins[name] = join
      }
    }
    capped.joins = joins
  }
  return changed ? (capped as T) : args
}

/**
 * Why a `limit`, `page` or `depth` cannot be used, or null. Payload passes anything it reads as a
 * number straight to the database: 1.5, 1e20, a negative number or a word failed there as a 500.
 */
export const countProblem = (name: string, value: unknown): null | string =>
  value === undefined ||
  (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_NUMBER_PARAM)
    ? null
    : `The "${name}" parameter must be a whole number from 0 to ${MAX_NUMBER_PARAM}.`
