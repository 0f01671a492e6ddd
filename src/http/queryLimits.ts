import type { Request, RequestHandler, Response } from 'express'
import type { FlattenedField, SanitizedConfig } from 'payload'

import express from 'express'
import { getPayload } from 'payload'
import * as qs from 'qs-esm'

import { verifiedCaller } from './credentials'
import { sendError } from './errors'

/** Most documents an anonymous caller gets per page, also for `limit=0` and `pagination=false`. */
export const MAX_ANONYMOUS_LIMIT = 100
/**
 * Deepest population an anonymous caller gets. Deeper asks are clamped, not refused: a frontend
 * that asks for depth 5 keeps working and simply receives depth 3.
 */
export const MAX_ANONYMOUS_DEPTH = 3
/** Most documents an integrator's API key gets per page, also for `limit=0` and `pagination=false`. */
export const MAX_API_KEY_LIMIT = 1000
/** Deepest `and`/`or` nesting of a `where`, for everyone. */
export const MAX_WHERE_NESTING = 5
/** Largest `limit`, `page` or `depth` read; past it SQLite's offset (page × limit) overflows. */
export const MAX_NUMBER_PARAM = 2 ** 31 - 1

/**
 * Payload's own options (createPayloadRequest), with a deeper `depth` so a `where` nested past
 * what Payload would read is still seen whole and refused.
 */
const QS_OPTIONS = { allowEmptyArrays: true, arrayLimit: 1000, depth: 50, ignoreQueryPrefix: true }

/** Writes back what QS_OPTIONS read (qs-esm supports `allowEmptyArrays` but its types omit it). */
const STRINGIFY_OPTIONS = { allowEmptyArrays: true, arrayFormat: 'indices' as const }

type Params = Record<string, unknown>

const isObject = (value: unknown): value is Params => typeof value === 'object' && value !== null

/** The number Payload's parseParams reads from a query value, else NaN. */
const numberOf = (value: unknown): number =>
  value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
    ? Number.NaN
    : Number(value)

/** The caps of one kind of caller: a page size, and a depth (null: not capped). */
type Caps = { depth: null | number; limit: number }
const ANONYMOUS_CAPS: Caps = { depth: MAX_ANONYMOUS_DEPTH, limit: MAX_ANONYMOUS_LIMIT }
const API_KEY_CAPS: Caps = { depth: null, limit: MAX_API_KEY_LIMIT }

const withinLimit = (value: unknown, max: number): boolean => {
  const limit = numberOf(value)
  return limit > 0 && limit <= max
}

/** Applies caps to a query in place; true when anything changed. */
const capQuery = (params: Params, caps: Caps = ANONYMOUS_CAPS): boolean => {
  let changed = false
  if ('limit' in params && !withinLimit(params.limit, caps.limit)) {
    params.limit = caps.limit
    changed = true
  }
  if (params.pagination === 'false' || params.pagination === false) {
    // Without pagination Payload returns every match; paginate at the cap instead.
    delete params.pagination
    params.limit = withinLimit(params.limit, caps.limit) ? params.limit : caps.limit
    changed = true
  }
  if (caps.depth !== null && 'depth' in params && numberOf(params.depth) > caps.depth) {
    params.depth = caps.depth
    changed = true
  }
  // Join fields (an organization's articles, …) page their docs too; `limit=0` there means all.
  if (isObject(params.joins)) {
    for (const join of Object.values(params.joins)) {
      if (isObject(join) && 'limit' in join && !withinLimit(join.limit, caps.limit)) {
        join.limit = caps.limit
        changed = true
      }
    }
  }
  return changed
}

/** True when `where` nests `and`/`or` more than `levels` deep; stops descending past the limit. */
const nestsDeeper = (where: unknown, levels: number): boolean =>
  isObject(where) &&
  Object.entries(where).some(
    ([key, clauses]) =>
      /^(and|or)$/i.test(key) &&
      isObject(clauses) &&
      (levels === 0 || Object.values(clauses).some((clause) => nestsDeeper(clause, levels - 1))),
  )

/** One `field: { operator: value }` of a `where`, found through its `and`/`or`. */
type Condition = { operator: string; path: string; value: unknown }

/** The conditions of a `where`; call after nestsDeeper, which bounds the descent. */
const conditionsOf = (where: unknown): Condition[] =>
  isObject(where)
    ? Object.entries(where).flatMap(([key, value]): Condition[] => {
        if (/^(and|or)$/i.test(key)) {
          return isObject(value) ? Object.values(value).flatMap(conditionsOf) : []
        }
        return isObject(value) && !Array.isArray(value)
          ? Object.entries(value).map(([operator, operand]) => ({
              operator,
              path: key,
              value: operand,
            }))
          : []
      })
    : []

const fieldsOf = (config: SanitizedConfig, slug: string | undefined) =>
  config.collections.find((collection) => collection.slug === slug)?.flattenedFields

/** The field a query path names, through groups, arrays and single relationships. */
const fieldAt = (
  config: SanitizedConfig,
  fields: FlattenedField[] | undefined,
  path: string,
): FlattenedField | undefined => {
  let current = fields
  let field: FlattenedField | undefined
  for (const segment of path.split('.')) {
    if (field) {
      current =
        'flattenedFields' in field
          ? field.flattenedFields
          : (field.type === 'relationship' || field.type === 'upload') &&
              typeof field.relationTo === 'string'
            ? fieldsOf(config, field.relationTo)
            : undefined
    }
    field = current?.find((candidate) => candidate.name === segment)
    if (!field) {
      return undefined
    }
  }
  return field
}

/** Operators whose value the SQL adapter splits into a list, dropping what is not a date. */
const LIST_OPERATORS = new Set(['all', 'exists', 'in', 'not_in'])

/** Whether the SQL adapter reads a value as a date, as its sanitizeQueryValue does. */
const isDate = (value: unknown): boolean => {
  if (typeof value === 'string') {
    return value === '' || value === 'null' || !Number.isNaN(new Date(value).getTime())
  }
  return typeof value !== 'number' || !Number.isNaN(new Date(value).getTime())
}

/**
 * Why a condition cannot run, or null. The SQL adapter turns a date it cannot read into nothing
 * and, for `like`, writes SQL without a value: a 500. (GraphQL's DateTime refuses such dates
 * itself; values of the wrong shape are refused for every door in src/plugins/integrity.ts.)
 */
const conditionProblem = (
  config: SanitizedConfig,
  fields: FlattenedField[] | undefined,
  { operator, path, value }: Condition,
  fieldPath = path,
): null | string => {
  if (
    !LIST_OPERATORS.has(operator) &&
    !isDate(value) &&
    fieldAt(config, fields, fieldPath)?.type === 'date'
  ) {
    return `The value for "${path}" is not a date.`
  }
  return null
}

/**
 * Why a query's `where` (or a join's) is refused, or null. Payload also takes JSON strings.
 * `path` is the REST path (`/articles`, `/articles/versions`): it names the fields queried.
 */
const whereProblem = (config: SanitizedConfig, path: string, params: Params): null | string => {
  const [, slug, segment] = path.split('/')
  const fields = fieldsOf(config, slug)
  // Version records hold the document under `version.`.
  const unprefix = segment === 'versions' ? /^version\./ : /^$/
  const wheres = [{ fields, raw: params.where }]
  if (isObject(params.joins)) {
    for (const [name, join] of Object.entries(params.joins)) {
      const field = fields?.find((candidate) => candidate.name === name)
      const target =
        field?.type === 'join' && typeof field.collection === 'string'
          ? field.collection
          : undefined
      wheres.push({
        fields: fieldsOf(config, target),
        raw: isObject(join) ? join.where : undefined,
      })
    }
  }
  for (const { fields: queried, raw } of wheres) {
    let where = raw
    if (typeof raw === 'string' && raw.length > 0) {
      try {
        where = JSON.parse(raw)
      } catch {
        return 'The "where" parameter is not valid JSON.'
      }
    }
    if (nestsDeeper(where, MAX_WHERE_NESTING)) {
      return `The "where" parameter nests "and"/"or" more than ${MAX_WHERE_NESTING} levels deep.`
    }
    for (const condition of conditionsOf(where)) {
      const problem = conditionProblem(
        config,
        queried,
        condition,
        condition.path.replace(unprefix, ''),
      )
      if (problem) {
        return problem
      }
    }
  }
  return null
}

/**
 * True when a `limit`, `page` or `depth` is a whole number Payload can use, or blank (Payload
 * ignores that). Payload passes anything else it reads as a number straight to SQLite: 1.5,
 * 1e20 or an array fail there as a 500.
 */
const isCount = (value: unknown): boolean => {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) {
    return true
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    return false
  }
  const number = Number(value)
  return Number.isInteger(number) && number >= 0 && number <= MAX_NUMBER_PARAM
}

/**
 * Whether Payload can sort a join by `path`. Its SQL for a join's sort reaches only the joined
 * collection's own table: a localized or hasMany field, a field of an array the join does not run
 * through, or a related record's field fails there as a 500. Unknown names Payload handles itself.
 */
const joinSortable = (fields: FlattenedField[], path: string, on: string): boolean => {
  const segments = path.replace(/^-/, '').split('.')
  let current = fields
  for (const [index, segment] of segments.entries()) {
    const field = current.find((candidate) => candidate.name === segment)
    if (!field) {
      return true
    }
    if (('localized' in field && field.localized) || ('hasMany' in field && field.hasMany)) {
      return false
    }
    if (index === segments.length - 1) {
      return true
    }
    const through = `${segments.slice(0, index + 1).join('.')}.`
    if (field.type === 'group' || (field.type === 'array' && on.startsWith(through))) {
      current = field.flattenedFields
    } else {
      return false
    }
  }
  return true
}

/** Why the sort of a join on the collection a REST path addresses cannot be used, or null. */
const joinSortProblem = (config: SanitizedConfig, path: string, params: Params): null | string => {
  if (!isObject(params.joins)) {
    return null
  }
  const fields = fieldsOf(config, path.split('/')[1])
  for (const [name, join] of Object.entries(params.joins)) {
    if (!isObject(join) || !('sort' in join)) {
      continue
    }
    // Payload hands a join's sort to the database as it came; only a field name works there.
    if (typeof join.sort !== 'string') {
      return 'The "sort" of a join must be a field name, e.g. "-publishedAt".'
    }
    const field = fields?.find((candidate) => candidate.name === name)
    const target =
      field?.type === 'join' && typeof field.collection === 'string'
        ? config.collections.find((collection) => collection.slug === field.collection)
        : undefined
    if (
      field?.type === 'join' &&
      target &&
      !joinSortable(target.flattenedFields, join.sort, field.on)
    ) {
      return `The join "${name}" cannot be sorted by "${join.sort}": choose a field of ${target.slug} that is not translated and holds one value.`
    }
  }
  return null
}

/** Why a query's parameters (or a join's) cannot be read, or null. */
const paramsProblem = (config: SanitizedConfig, path: string, params: Params): null | string => {
  const joins = isObject(params.joins) ? Object.values(params.joins).filter(isObject) : []
  for (const scope of [params, ...joins]) {
    for (const name of ['limit', 'page', 'depth']) {
      if (name in scope && !isCount(scope[name])) {
        return `The "${name}" parameter must be a whole number from 0 to ${MAX_NUMBER_PARAM}.`
      }
    }
  }
  // Payload's findByID answers with a caller's `data` instead of the record (for live preview,
  // which the portal does not use): anyone could get a 200 for any id with any content, and
  // shapes the fields do not expect fail in afterRead as a 500.
  if ('data' in params) {
    return 'The "data" parameter is not accepted: reads return stored records only.'
  }
  return joinSortProblem(config, path, params) ?? whereProblem(config, path, params)
}

const splitUrl = (url: string): [string, string] => {
  const at = url.indexOf('?')
  return at === -1 ? [url, ''] : [url.slice(0, at), url.slice(at + 1)]
}

/** Points both of Express's URLs (toWebRequest reads `originalUrl`) at a new query string. */
const setSearch = (req: Request, search: string) => {
  const suffix = search ? `?${search}` : ''
  req.originalUrl = `${splitUrl(req.originalUrl)[0]}${suffix}`
  req.url = `${splitUrl(req.url)[0]}${suffix}`
}

const OVERRIDE_HEADERS = ['x-payload-http-method-override', 'x-http-method-override']

/** Payload turns these POSTs into GETs (its admin sends long queries so); see handleEndpoints. */
export const isGetOverride = (req: Request): boolean =>
  req.method === 'POST' && OVERRIDE_HEADERS.some((name) => req.headers[name] === 'GET')

const readText = (req: Request, res: Response, limit: string) =>
  new Promise<string>((resolve, reject) => {
    express.text({ limit, type: () => true })(req, res, (error?: unknown) =>
      error ? reject(error) : resolve(typeof req.body === 'string' ? req.body : ''),
    )
  })

/**
 * Turns a form-encoded method-override POST into the GET Payload would make of it (same URL
 * joining as handleEndpoints), so the query checks below see its query too.
 */
const formOverrideToGet = async (req: Request, res: Response, limit: string) => {
  const body = await readText(req, res, limit)
  const [path, search] = splitUrl(`${req.originalUrl}?${body}`)
  req.method = 'GET'
  req.body = undefined
  for (const name of [...OVERRIDE_HEADERS, 'content-type', 'content-length', 'transfer-encoding']) {
    delete req.headers[name]
  }
  req.originalUrl = path
  req.url = splitUrl(req.url)[0]
  setSearch(req, search)
}

type QueryLimitsArgs = {
  config: Promise<SanitizedConfig>
  /** Largest form-encoded method-override body read. */
  formLimit: string
}

/**
 * REST query limits, before Payload reads the query: a `where` nested too deep, a parameter
 * Payload would fail on (a `limit` of 1.5, a date that is not a date) or a `data` document answers
 * 400 for everyone; callers who are not signed in get `limit`, `pagination` and `depth` capped by
 * rewriting the URL Payload sees, and integrators' API keys get `limit` and `pagination` capped at
 * MAX_API_KEY_LIMIT.
 */
export const queryLimits =
  ({ config, formLimit }: QueryLimitsArgs): RequestHandler =>
  async (req, res, next) => {
    try {
      if (
        isGetOverride(req) &&
        req.headers['content-type'] === 'application/x-www-form-urlencoded'
      ) {
        await formOverrideToGet(req, res, formLimit)
      }
      // A JSON method-override body is read by Payload as query parameters (findByID merges it).
      const jsonQuery =
        isGetOverride(req) &&
        req.headers['content-type'] === 'application/json' &&
        isObject(req.body)
          ? (structuredClone(req.body) as Params)
          : null
      const search = splitUrl(req.originalUrl)[1]
      const query = search ? (qs.parse(search, QS_OPTIONS) as Params) : {}

      const sanitized = await config
      const problem =
        paramsProblem(sanitized, req.path, query) ??
        (jsonQuery && paramsProblem(sanitized, req.path, jsonQuery))
      if (problem) {
        sendError(res, 400, problem)
        return
      }

      // Only a request that would change pays for checking its credentials.
      if (
        !capQuery(structuredClone(query)) &&
        !(jsonQuery && capQuery(structuredClone(jsonQuery)))
      ) {
        next()
        return
      }
      const caller = await verifiedCaller(await getPayload({ config }), req)
      if (caller && !caller.key) {
        // Signed-in accounts are not capped.
        next()
        return
      }
      const caps = caller ? API_KEY_CAPS : ANONYMOUS_CAPS
      const cappedQuery = capQuery(query, caps)
      const cappedJson = jsonQuery ? capQuery(jsonQuery, caps) : false
      if (cappedQuery) {
        setSearch(req, qs.stringify(query, STRINGIFY_OPTIONS))
      }
      if (cappedJson) {
        req.body = jsonQuery
      }
      next()
    } catch (error) {
      next(error)
    }
  }
