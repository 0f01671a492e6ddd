import type { Request, RequestHandler, Response } from 'express'
import type { SanitizedConfig } from 'payload'

import express from 'express'
import { getPayload } from 'payload'
import * as qs from 'qs-esm'

import { isSignedIn } from './credentials'
import { sendError } from './errors'

/** Most documents an anonymous caller gets per page, also for `limit=0` and `pagination=false`. */
export const MAX_ANONYMOUS_LIMIT = 100
/**
 * Deepest population an anonymous caller gets. Deeper asks are clamped, not refused: a frontend
 * that asks for depth 5 keeps working and simply receives depth 3.
 */
export const MAX_ANONYMOUS_DEPTH = 3
/** Deepest `and`/`or` nesting of a `where`, for everyone. */
export const MAX_WHERE_NESTING = 5

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

const withinLimit = (value: unknown): boolean => {
  const limit = numberOf(value)
  return limit > 0 && limit <= MAX_ANONYMOUS_LIMIT
}

/** Applies the anonymous caps to a query in place; true when anything changed. */
const capAnonymous = (params: Params): boolean => {
  let changed = false
  if ('limit' in params && !withinLimit(params.limit)) {
    params.limit = MAX_ANONYMOUS_LIMIT
    changed = true
  }
  if (params.pagination === 'false' || params.pagination === false) {
    // Without pagination Payload returns every match; paginate at the cap instead.
    delete params.pagination
    params.limit = withinLimit(params.limit) ? params.limit : MAX_ANONYMOUS_LIMIT
    changed = true
  }
  if ('depth' in params && numberOf(params.depth) > MAX_ANONYMOUS_DEPTH) {
    params.depth = MAX_ANONYMOUS_DEPTH
    changed = true
  }
  // Join fields (an organization's articles, …) page their docs too; `limit=0` there means all.
  if (isObject(params.joins)) {
    for (const join of Object.values(params.joins)) {
      if (isObject(join) && 'limit' in join && !withinLimit(join.limit)) {
        join.limit = MAX_ANONYMOUS_LIMIT
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

/** Why a query's `where` (or a join's) is refused, or null. Payload also takes JSON strings. */
const whereProblem = (params: Params): null | string => {
  const wheres = [params.where]
  if (isObject(params.joins)) {
    wheres.push(
      ...Object.values(params.joins).map((join) => (isObject(join) ? join.where : undefined)),
    )
  }
  for (const raw of wheres) {
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
  }
  return null
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
const isGetOverride = (req: Request): boolean =>
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
 * REST query limits, before Payload reads the query: a `where` nested too deep answers 400 for
 * everyone; callers who are not signed in get `limit`, `pagination` and `depth` capped by
 * rewriting the URL Payload sees.
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

      const problem = whereProblem(query) ?? (jsonQuery && whereProblem(jsonQuery))
      if (problem) {
        sendError(res, 400, problem)
        return
      }

      const cappedQuery = capAnonymous(query)
      const cappedJson = jsonQuery ? capAnonymous(jsonQuery) : false
      // Only a request that would change pays for checking its credentials.
      if (!cappedQuery && !cappedJson) {
        next()
        return
      }
      if (await isSignedIn(await getPayload({ config }), req)) {
        next()
        return
      }
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
