import type { Collection, CollectionBeforeOperationHook, PayloadRequest } from 'payload'

import type { Caps } from '../../lib/policy/caps'
import type { Condition } from '../../lib/policy/where'

import { BadRequest } from '../../errors'
import {
  ANONYMOUS_CAPS,
  API_KEY_CAPS,
  capRead,
  countProblem,
  MAX_NUMBER_PARAM,
} from '../../lib/policy/caps'
import { dateProblem, whereProblem } from '../../lib/policy/where'
import { slugs } from '../../slugs'
import {
  accountsSortedThrough,
  isDateField,
  joinSortable,
  joinTarget,
  sortsByHidden,
} from './fields'

/** Set on `req.context` while one of our own endpoints runs: it decides its own limits. */
export const OWN_ENDPOINT = 'policy:ownEndpoint'

/** Operations that take a `where` (and read joins with theirs). */
const QUERYING = new Set(['count', 'countVersions', 'delete', 'read', 'readDistinct', 'update'])
/** Operations that page through records. */
const READING = new Set(['read', 'readDistinct'])

/** The caps of the caller behind `req`, or null for a signed-in account (not capped). */
export const capsFor = (req: PayloadRequest): Caps | null => {
  if (!req.user) {
    return ANONYMOUS_CAPS
  }
  return req.user.collection === slugs.apiClients ? API_KEY_CAPS : null
}

/**
 * Whether the rules apply to this call: a caller's own request through REST or GraphQL, or the
 * Local API on a user's behalf (`overrideAccess: false` with a `user`). Not Payload's population
 * of relationships (`currentDepth` is set), not system work (`overrideAccess: true`), not the
 * Local API acting as the public for our own pages (feeds, sitemap: no user), and not the calls
 * of our own endpoints, which bound what they read themselves.
 */
const applies = (
  req: PayloadRequest,
  args: { currentDepth?: unknown },
  overrideAccess: boolean | undefined,
): boolean =>
  args.currentDepth === undefined &&
  overrideAccess !== true &&
  (req.payloadAPI !== 'local' || Boolean(req.user)) &&
  !req.context?.[OWN_ENDPOINT]

type QueryArgs = {
  currentDepth?: unknown
  data?: unknown
  depth?: unknown
  joins?: unknown
  limit?: unknown
  page?: unknown
  pagination?: unknown
  sort?: unknown
  where?: unknown
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

/** Blank numbers from a query string (`?limit=`) mean "not set", as Payload reads them. */
const unblank = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value

/** GraphQL's Int: a page whose first record is numbered past it fails as a 500 in GraphQL. */
const MAX_RECORD_NUMBER = 2 ** 31 - 1

/**
 * The request rules of every read and query, in one place for REST, GraphQL and the Local API:
 * - `limit`, `page` and `depth` (a join's too) are whole numbers the database can use;
 * - `where` (a join's too) nests at most 5 `and`/`or` levels, holds values of the shape its
 *   operators take, and dates where the field is a date (src/lib/policy/where.ts);
 * - a join is sorted by a field the database can sort it by; nothing is sorted by a hidden field
 *   (an account's password hash or reset token, through a relationship too), nor by an account's
 *   field through a relationship unless the caller may read every account;
 * - a read takes no `data` (Payload's findByID answers with the caller's `data` for live preview,
 *   which the portal does not use: anyone got a 200 for any id with any content);
 * - anonymous callers get `limit`, `pagination` and `depth` capped (100, depth 3), API keys
 *   `limit` and `pagination` (1000); signed-in accounts are not capped.
 */
export const readPolicy: CollectionBeforeOperationHook = ({
  args,
  collection,
  operation,
  overrideAccess,
  req,
}) => {
  const query = args as QueryArgs
  if (!QUERYING.has(operation) || !applies(req, query, overrideAccess)) {
    return args
  }
  const next: QueryArgs = { ...query }
  const joins = isObject(next.joins) ? Object.entries(next.joins) : []
  for (const scope of [next, ...joins.map(([, join]) => join).filter(isObject)]) {
    for (const name of ['limit', 'page', 'depth'] as const) {
      if (name in scope) {
        scope[name] = unblank(scope[name])
        const problem = countProblem(name, scope[name])
        if (problem) {
          throw new BadRequest(problem)
        }
      }
    }
  }
  if (operation === 'read' && next.data !== undefined) {
    throw new BadRequest('The "data" parameter is not accepted: reads return stored records only.')
  }
  const perPage = typeof next.limit === 'number' && next.limit > 0 ? next.limit : 10
  if (typeof next.page === 'number' && (next.page - 1) * perPage >= MAX_RECORD_NUMBER) {
    throw new BadRequest(`The page starts past record ${MAX_NUMBER_PARAM}.`)
  }

  const { payload } = req
  const sorts = Array.isArray(next.sort)
    ? next.sort
    : typeof next.sort === 'string'
      ? next.sort.split(',')
      : []
  const accountSorts: { refused: string; slug: string }[] = []
  for (const sort of sorts) {
    if (typeof sort !== 'string') {
      continue
    }
    const refused = `The records cannot be sorted by "${sort.trim().slice(0, 100)}".`
    if (sortsByHidden(payload, collection.flattenedFields, sort.trim())) {
      throw new BadRequest(refused)
    }
    for (const slug of accountsSortedThrough(payload, collection.flattenedFields, sort.trim())) {
      accountSorts.push({ refused, slug })
    }
  }
  const wheres = [{ fields: collection.flattenedFields, where: next.where }]
  for (const [name, join] of joins) {
    const target = joinTarget(payload, collection.flattenedFields, name)
    if (!isObject(join)) {
      continue
    }
    if (join.sort !== undefined) {
      // Payload hands a join's sort to the database as it came; only a field name works there.
      if (typeof join.sort !== 'string') {
        throw new BadRequest('The "sort" of a join must be a field name, e.g. "-publishedAt".')
      }
      if (target && !joinSortable(target.fields, join.sort, target.field.on)) {
        throw new BadRequest(
          `The join "${name}" cannot be sorted by "${join.sort}": choose a field of ${target.slug} that is not translated and holds one value.`,
        )
      }
    }
    if (target) {
      wheres.push({ fields: target.fields, where: join.where })
    } else if (join.where !== undefined) {
      wheres.push({ fields: [], where: join.where })
    }
  }
  for (const { fields, where } of wheres) {
    const conditions: Condition[] = []
    const problem =
      whereProblem(where, conditions) ??
      conditions
        .filter((condition) => isDateField(payload, fields, condition.path))
        .map(dateProblem)
        .find(Boolean)
    if (problem) {
      throw new BadRequest(problem)
    }
  }
  // GraphQL's `where: null` means no filter; a drafts list failed on it (a 500).
  if (next.where === null) {
    next.where = undefined
  }
  if (next.joins !== undefined) {
    next.joins = isObject(query.joins) ? Object.fromEntries(joins) : query.joins
  }
  const caps = READING.has(operation) ? capsFor(req) : null
  const result = (caps ? capRead(next, caps) : next) as typeof args
  if (accountSorts.length === 0) {
    return result
  }
  // A sort through a relationship to accounts, only for a caller who may read every account.
  return (async () => {
    for (const { refused, slug } of accountSorts) {
      const target = (payload.collections as Record<string, Collection | undefined>)[slug]
      if ((await target?.config.access.read?.({ req })) !== true) {
        throw new BadRequest(refused)
      }
    }
    return result
  })()
}
