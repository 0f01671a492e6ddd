import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { SanitizedConfig } from 'payload'

import express from 'express'
import { getPayload, handleEndpoints } from 'payload'

import type { Handle } from './handler'

import { errorShape } from '../lib/errorShape'
import type { Answer } from './bridge'
import {
  plainHeaders,
  requestUrl,
  sendAnswer,
  sendWebResponse,
  textBodyRequest,
  toWebRequest,
} from './bridge'
import type { AnonymousRead, CachedHandle, ResponseCache } from './cache'
import { withCache } from './cache'
import { carriesCredentials, isSignedIn } from './credentials'
import { sendError } from './errors'
import { withEtags } from './etag'
import { withErrorShape } from './handler'
import type { Compat } from '../compat'
import { graphqlPost, leanAnswerer } from '../compat/graphqlHandler'
import { graphqlLimits } from './graphqlLimits'
import { renderingAnswer } from './renderings'
import { readServerSettings } from '../lib/env'

type PayloadRoutesArgs = {
  /** The response cache's state of the Payload instance built from `config`. */
  cache: ResponseCache
  config: Promise<SanitizedConfig>
  /** Counts GraphQL login/forgot-password mutations (rateLimit.ts); none when limits are off. */
  graphqlAuthLimit?: RequestHandler
  /** Largest JSON body accepted, e.g. '1mb'. */
  jsonLimit: string
  /** Public article reads from their stored renderings (src/http/renderings.ts); off with RENDERINGS=0. */
  renderings?: boolean
}

const isJson = (req: Request): boolean => Boolean(req.is('application/json'))

const OVERRIDE_HEADERS = ['x-payload-http-method-override', 'x-http-method-override']

/** Payload turns these POSTs into GETs (its admin sends long queries so). */
const isGetOverride = (req: Request): boolean =>
  req.method === 'POST' && OVERRIDE_HEADERS.some((name) => req.headers[name] === 'GET')

/** Payload decodes path segments for its routes and crashes (500) on a malformed escape (`%zz`). */
const wellEncodedPath: RequestHandler = (req, res, next) => {
  try {
    decodeURIComponent(req.path)
  } catch {
    sendError(res, 400, 'The URL path is not validly percent-encoded.')
    return
  }
  next()
}

/** Deepest nesting of a JSON body: far past any document (rich text nests some 20 levels). */
export const MAX_JSON_DEPTH = 100

/**
 * True when JSON text nests objects or arrays deeper than `limit`, read as text without parsing
 * it (brackets inside strings do not count): Payload parses the body once, later.
 */
const nestsDeeperThan = (text: Buffer, limit: number): boolean => {
  let depth = 0
  let inString = false
  for (let at = 0; at < text.length; at += 1) {
    const byte = text[at]
    if (inString) {
      if (byte === 0x5c) {
        // A backslash escapes the next character, a quote included.
        at += 1
      } else if (byte === 0x22) {
        inString = false
      }
    } else if (byte === 0x22) {
      inString = true
    } else if (byte === 0x7b || byte === 0x5b) {
      depth += 1
      if (depth > limit) {
        return true
      }
    } else if (byte === 0x7d || byte === 0x5d) {
      depth -= 1
    }
  }
  return false
}

/** The first character of JSON text past white space, or '' for none. */
const firstCharacter = (text: Buffer): string => text.toString('utf8', 0, 64).trimStart().charAt(0)

const isValidJson = (text: Buffer): boolean => {
  try {
    JSON.parse(text.toString('utf8'))
    return true
  } catch {
    return false
  }
}

/**
 * JSON bodies as transport sees them, read as bytes (Payload parses them, once): at most
 * `jsonLimit` (express.raw answers 413), nested at most MAX_JSON_DEPTH (JSON.parse reads any
 * depth, but Payload's hooks overflow the stack on it, a 500), and valid JSON: Payload reads a
 * method-override body before any error handling of its own (a 500), and logs any other as an
 * error before answering 400.
 */
const jsonBodies: RequestHandler = (req, res, next) => {
  if (!Buffer.isBuffer(req.body) || !isJson(req)) {
    next()
    return
  }
  if (nestsDeeperThan(req.body, MAX_JSON_DEPTH)) {
    sendError(res, 400, `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`)
    return
  }
  // Payload would refuse it too (400), but logs the refusal as an error with its stack.
  if (req.body.length > 0 && !isValidJson(req.body)) {
    sendError(res, 400, 'The request body is not valid JSON.')
    return
  }
  next()
}

/**
 * A `where` sent as JSON text in the URL (`?where={...}`) that is not JSON: Payload parses it
 * before any hook and answers 400 only through the policy's error hook (src/plugins/policy), after
 * logging the SyntaxError as an error with its stack. Refused here first, in the same words.
 */
const readableWhere: RequestHandler = (req, res, next) => {
  const search = req.originalUrl.indexOf('?')
  // Every REST request passes here, cache hits too: most have no `where=` at all.
  if (search === -1 || !req.originalUrl.includes('where=', search)) {
    next()
    return
  }
  const where = new URLSearchParams(req.originalUrl.slice(search + 1)).getAll('where')
  if (where.length === 1 && where[0] !== '' && !isValidJson(Buffer.from(where[0]!, 'utf8'))) {
    sendError(res, 400, 'The "where" parameter is not valid JSON.')
    return
  }
  next()
}

/**
 * Payload may answer without reading the whole body (a multipart body it refuses): the rest would
 * be taken for the next request on this connection, which then hangs. A request without a body
 * is complete: Node marks it so only once its parser returns, after a cache hit already answered.
 */
const closeIfIncomplete = (req: Request, res: Response) => {
  if (
    !req.complete &&
    (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > 0)
  ) {
    res.setHeader('Connection', 'close')
  }
}

const WRITES = new Set(['PATCH', 'POST', 'PUT'])

/**
 * Payload reads a write's data from a JSON object or multipart/form-data only: any other body,
 * or none, left the data undefined and a create or update failed with a 500. Other types are
 * refused; an empty body goes on as an empty JSON object.
 */
const writeBodies: RequestHandler = (req, res, next) => {
  if (!WRITES.has(req.method) || isGetOverride(req) || req.is('multipart/form-data')) {
    next()
    return
  }
  if (isJson(req)) {
    // A list or a bare value is no document: Payload took `[]` for one and skipped every hook
    // that sets a field (an editor's draft was stored without its department).
    const first = Buffer.isBuffer(req.body) ? firstCharacter(req.body) : ''
    if (first !== '' && first !== '{') {
      sendError(res, 400, 'The request body must be a JSON object.')
      return
    }
    next()
    return
  }
  if (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > 0) {
    sendError(
      res,
      415,
      'Send the body as application/json (or multipart/form-data to upload a file).',
    )
    return
  }
  req.headers['content-type'] = 'application/json'
  next()
}

/**
 * Payload answers 501 for collections without REST endpoints (payload-migrations) and crashes (500)
 * on the version routes of collections without versions: to a caller both are routes that do not
 * exist, as anywhere else under /api. The collection's own endpoints (payload-preferences' `/:key`)
 * may still answer `/versions`, so only the crash is recognised, not the path alone.
 */
const withMissingRoutes = (config: Promise<SanitizedConfig>, handle: Handle): Handle => {
  const versionless = config.then(
    ({ collections }) =>
      new Set<string>(collections.filter(({ versions }) => !versions).map(({ slug }) => slug)),
  )
  return async (request, signedIn) => {
    const response = await handle(request, signedIn)
    const { pathname } = new URL(request.url)
    const [, , collection, segment] = pathname.toLowerCase().split('/')
    if (
      response.status === 501 ||
      (response.status === 500 &&
        segment === 'versions' &&
        (await versionless).has(collection ?? ''))
    ) {
      return Response.json(errorShape(`Route not found "${pathname}"`), { status: 404 })
    }
    return response
  }
}

/**
 * Serves Payload's REST API and GraphQL straight from Express: the same handlers Next's generated
 * routes call, without Next's routing in the way. Express does transport only (path encoding,
 * body size and depth, body types); the answers come from one handler type, read inside out:
 * Payload's handler, the error shape, ETags, the cache.
 */
export const payloadRoutes = ({
  cache,
  config,
  graphqlAuthLimit,
  jsonLimit,
  renderings = readServerSettings().renderings,
}: PayloadRoutesArgs) => {
  const router = express.Router()
  // Our copy of Payload's GraphQL handler (src/compat/graphqlHandler.ts) while that patch is on;
  // Payload's own otherwise.
  const graphqlHandler = config.then(async (resolved) =>
    (resolved.custom as { compat?: Compat } | undefined)?.compat?.graphqlHandler
      ? graphqlPost(config)
      : (await import('@payloadcms/next/routes')).GRAPHQL_POST(config),
  )
  const handleGraphql: Handle = async (request) => (await graphqlHandler)(request)
  // The lean path of our handler, taken before the Handle (see graphqlDirect); none with Payload's.
  const leanGraphql = config.then((resolved) =>
    (resolved.custom as { compat?: Compat } | undefined)?.compat?.graphqlHandler
      ? leanAnswerer(config)
      : null,
  )
  const handleRest: Handle = (request) => handleEndpoints({ config, request })

  const rest = withCache(withEtags(config, withErrorShape(withMissingRoutes(config, handleRest))), {
    cache,
  })
  const graphql = withCache(withErrorShape(handleGraphql), { cache })

  // Bodies are read as bytes, within the limit; Payload parses them (the GraphQL pre-checks too).
  const readJson = express.raw({ limit: jsonLimit, type: 'application/json' })
  // A method-override form is a query Payload reads from the body: bounded like a JSON body.
  const readForm = express.raw({
    limit: jsonLimit,
    type: (req) =>
      isGetOverride(req as Request) &&
      Boolean((req as Request).is('application/x-www-form-urlencoded')),
  })

  /**
   * A read without credentials, as the cache asks of it, from Express's req as it is; null for
   * anything else (credentials: whether they verify decides, and the Handle asks).
   */
  const anonymousRead = (req: Request): AnonymousRead | null => {
    if (carriesCredentials(req.headers) || (req.method !== 'GET' && req.method !== 'POST')) {
      return null
    }
    const url = requestUrl(req)
    let body: null | string = null
    if (req.method === 'POST') {
      if (url.pathname !== '/api/graphql' || !Buffer.isBuffer(req.body)) {
        return null
      }
      body = req.body.toString('utf8')
    }
    return { body, ifNoneMatch: req.headers['if-none-match'], method: req.method, url }
  }

  /** The cache's answer to a request without credentials. */
  const hitOf = (handle: CachedHandle, req: Request): Answer | null => {
    const read = anonymousRead(req)
    return read ? handle.hit(read) : null
  }

  /**
   * Public article reads the stored renderings hold (src/http/renderings.ts), answered without a
   * web Request and past the Handle's layers, which would change nothing of them: no ETag of a
   * document (not `/api/articles/<id>`), no error to shape; the cache keeps them as its misses.
   */
  const fromRenderings = async (read: AnonymousRead, req: Request): Promise<Answer | null> =>
    renderings && read.method === 'GET'
      ? rest.answered(read, () => renderingAnswer(config, read.url, req.headers.origin))
      : null

  /**
   * An anonymous GraphQL query the lean path answers (src/compat/graphqlHandler.ts: leanQuery,
   * which reads the stored renderings where they hold the answer), answered without a web
   * Response and past the Handle's layers, as the REST reads of renderings are: a 200 is all
   * they would pass on unchanged (withErrorShape shapes only failures), and the cache keeps it as
   * its misses. Anything else (another status, a query the lean path leaves) goes through the
   * Handle, the query run again there (a read). A/B, SQLite, cold GraphQL article, 20
   * connections (2026-12-06): 1,057–1,090 → 1,245–1,288 req/s.
   */
  const graphqlDirect = async (read: AnonymousRead, req: Request): Promise<Answer | null> => {
    const lean = await leanGraphql
    // Only POSTs reach this route, and anonymousRead gives each of them its body.
    if (!lean || read.body === null) {
      return null
    }
    const text = read.body
    return graphql.answered(read, async () => {
      const made = await lean(textBodyRequest(req, text))
      return made?.status === 200
        ? { body: Buffer.from(made.body, 'utf8'), headers: plainHeaders(made.headers), status: 200 }
        : null
    })
  }

  /** A request the cache did not answer: through the Handle, as a web Request. */
  const answer = async (handle: CachedHandle, req: Request, res: Response, next: NextFunction) => {
    try {
      const signedIn = async () => isSignedIn(await getPayload({ config }), req)
      const body = Buffer.isBuffer(req.body) ? req.body : undefined
      const response = await handle(toWebRequest(req, body), signedIn)
      closeIfIncomplete(req, res)
      await sendWebResponse(res, response)
    } catch (error) {
      next(error)
    }
  }

  const run =
    (
      handle: CachedHandle,
      direct?: (read: AnonymousRead, req: Request) => Promise<Answer | null>,
    ): RequestHandler =>
    (req, res, next) => {
      let read: AnonymousRead | null
      let hit: Answer | null
      try {
        // A hit needs no web Request: answered at once from what Express parsed.
        read = anonymousRead(req)
        hit = read ? handle.hit(read) : null
      } catch (error) {
        next(error)
        return
      }
      if (hit) {
        closeIfIncomplete(req, res)
        sendAnswer(res, hit)
        return
      }
      if (!direct || !read) {
        void answer(handle, req, res, next)
        return
      }
      direct(read, req).then(
        (answered) => {
          if (!answered) {
            return answer(handle, req, res, next)
          }
          closeIfIncomplete(req, res)
          sendAnswer(res, answered)
        },
        (error: unknown) => next(error),
      )
    }

  /**
   * A GraphQL query the cache holds is answered before the checks below: its key is its whole
   * body, bytes the checks passed when its answer was stored (a mutation is never kept), and they
   * would pass again. Saves parsing the body on every hit.
   */
  const graphqlHit: RequestHandler = (req, res, next) => {
    let hit: Answer | null
    try {
      hit = hitOf(graphql, req)
    } catch (error) {
      next(error)
      return
    }
    if (!hit) {
      next()
      return
    }
    closeIfIncomplete(req, res)
    sendAnswer(res, hit)
  }

  router.use(wellEncodedPath)
  router.use(readJson)
  router.post('/graphql', graphqlHit)
  router.use(jsonBodies)
  router.post(
    '/graphql',
    graphqlLimits({ authAttempts: graphqlAuthLimit }),
    run(graphql, graphqlDirect),
  )
  router.get('/graphql', (_req, res) => {
    res.setHeader('Allow', 'POST')
    sendError(res, 405, 'GraphQL takes POST requests at /api/graphql.')
  })
  router.use(readForm)
  router.use(writeBodies)
  router.use(readableWhere)
  router.use(run(rest, fromRenderings))
  return router
}
