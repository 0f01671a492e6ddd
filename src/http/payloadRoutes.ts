import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { SanitizedConfig } from 'payload'

import express from 'express'
import { getPayload, handleEndpoints } from 'payload'

import { toWebRequest, sendWebResponse } from './bridge'
import { cacheControlFor, responseCache } from './cache'
import { isSignedIn } from './credentials'
import { sendError } from './errors'
import { withEtags } from './etag'
import type { Compat } from '../compat'
import { graphqlPost } from '../compat/graphqlHandler'
import { graphqlLimits } from './graphqlLimits'

type PayloadRoutesArgs = {
  config: Promise<SanitizedConfig>
  /** Counts GraphQL login/forgot-password mutations (rateLimit.ts); none when limits are off. */
  graphqlAuthLimit?: RequestHandler
  /** Largest JSON body accepted, e.g. '1mb'. */
  jsonLimit: string
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

/** True when `value` nests objects or arrays deeper than `limit`; iterative, so never overflows. */
const nestsDeeperThan = (value: unknown, limit: number): boolean => {
  const pending: [unknown, number][] = [[value, 0]]
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!
    if (current && typeof current === 'object') {
      if (depth >= limit) {
        return true
      }
      for (const child of Object.values(current)) {
        pending.push([child, depth + 1])
      }
    }
  }
  return false
}

/** JSON.parse reads any depth, but JSON.stringify, and Payload, overflow the stack (a 500). */
const shallowJson: RequestHandler = (req, res, next) => {
  if (nestsDeeperThan(req.body, MAX_JSON_DEPTH)) {
    sendError(res, 400, `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`)
    return
  }
  next()
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
    if (req.body !== undefined && (typeof req.body !== 'object' || Array.isArray(req.body))) {
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
 * Payload answers some errors as `{ message }`, or not as JSON at all; every error here has the
 * `{ errors: [...] }` shape.
 */
const withErrorShape = async (response: globalThis.Response): Promise<globalThis.Response> => {
  if (response.status < 400) {
    return response
  }
  const text = await response.text()
  let body: unknown = null
  try {
    body = JSON.parse(text)
  } catch {
    // Not JSON after all: wrap the text below.
  }
  const shaped =
    body && typeof body === 'object' && Array.isArray((body as { errors?: unknown }).errors)
      ? text
      : JSON.stringify({
          errors: [
            {
              message:
                (body as { message?: string; error?: string } | null)?.message ??
                (body as { error?: string } | null)?.error ??
                // GraphQL answers a body that is not JSON with an empty 415.
                (text ||
                  (response.status === 415
                    ? 'Send the body as application/json.'
                    : response.statusText || 'The request failed.')),
            },
          ],
        })
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  headers.set('content-type', 'application/json')
  return new Response(shaped, { headers, status: response.status })
}

/**
 * Serves Payload's REST API and GraphQL straight from Express: the same handlers Next's generated
 * routes call, without Next's routing in the way. JSON bodies are parsed here first so malformed or
 * oversized ones get a clear 400/413 instead of reaching Payload.
 */
export const payloadRoutes = ({
  config,
  graphqlAuthLimit,
  jsonLimit,
}: PayloadRoutesArgs) => {
  const router = express.Router()
  // Our copy of Payload's GraphQL handler (src/compat/graphqlHandler.ts) while that patch is on;
  // Payload's own otherwise.
  const graphqlHandler = config.then(async (resolved) =>
    (resolved.custom as { compat?: Compat } | undefined)?.compat?.graphqlHandler
      ? graphqlPost(config)
      : (await import('@payloadcms/next/routes')).GRAPHQL_POST(config),
  )
  const graphql = async (request: globalThis.Request) => (await graphqlHandler)(request)
  const parseJson = express.json({ limit: jsonLimit, type: 'application/json' })
  // A method-override form is a query Payload reads from the body: bounded like a JSON body.
  const readForm = express.raw({
    limit: jsonLimit,
    type: (req) =>
      isGetOverride(req as Request) &&
      Boolean((req as Request).is('application/x-www-form-urlencoded')),
  })

  const notFound = (req: Request, res: Response) =>
    sendError(res, 404, `Route not found "${req.baseUrl}${req.path}"`)

  // Payload's built-in version routes crash (500) on a collection without versions. The
  // collection's own endpoints (payload-preferences' `/:key`) may still answer `/versions`, so
  // only the crash is recognised, not the path alone.
  const versionless = config.then(
    ({ collections }) =>
      new Set<string>(collections.filter(({ versions }) => !versions).map(({ slug }) => slug)),
  )
  const isMissingVersionsRoute = async (req: Request): Promise<boolean> => {
    const [, collection, segment] = req.path.toLowerCase().split('/')
    return segment === 'versions' && (await versionless).has(collection ?? '')
  }

  const bodyOf = (req: Request): Buffer | string | undefined =>
    Buffer.isBuffer(req.body)
      ? req.body
      : isJson(req) && req.body !== undefined
        ? JSON.stringify(req.body)
        : undefined

  const run =
    (handle: (request: globalThis.Request) => Promise<globalThis.Response>) =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const response = await handle(toWebRequest(req, bodyOf(req)))
        // Payload may answer without reading the whole body (a multipart body it refuses): the
        // rest would be taken for the next request on this connection, which then hangs.
        if (!req.complete) {
          res.setHeader('Connection', 'close')
        }
        // Payload answers 501 for collections without REST endpoints (payload-migrations) and
        // crashes on version routes of collections without versions: to a caller both are routes
        // that do not exist, as anywhere else under /api.
        if (
          response.status === 501 ||
          (response.status === 500 && (await isMissingVersionsRoute(req)))
        ) {
          notFound(req, res)
          return
        }
        const shaped = await withErrorShape(response)
        await sendWebResponse(
          res,
          shaped,
          cacheControlFor(req, shaped.status, shaped.headers.get('cache-control')),
        )
      } catch (error) {
        next(error)
      }
    }

  router.use(wellEncodedPath)
  router.use(parseJson)
  router.use(shallowJson)
  router.use(
    responseCache({ signedIn: async (req) => isSignedIn(await getPayload({ config }), req) }),
  )
  router.post(
    '/graphql',
    graphqlLimits({ authAttempts: graphqlAuthLimit }),
    run(graphql),
  )
  router.get('/graphql', (_req, res) => {
    res.setHeader('Allow', 'POST')
    sendError(res, 405, 'GraphQL takes POST requests at /api/graphql.')
  })
  router.use(readForm)
  router.use(writeBodies)
  router.use(run(withEtags({ config, handle: (request) => handleEndpoints({ config, request }) })))
  return router
}
