import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { SanitizedConfig } from 'payload'

import type { IntrospectionPolicy } from './graphqlLimits'

import { GRAPHQL_POST } from '@payloadcms/next/routes'
import express from 'express'
import { handleEndpoints } from 'payload'

import { toWebRequest, sendWebResponse } from './bridge'
import { responseCache } from './cache'
import { sendError } from './errors'
import { withEtags } from './etag'
import { graphqlLimits } from './graphqlLimits'
import { queryLimits } from './queryLimits'

type PayloadRoutesArgs = {
  config: Promise<SanitizedConfig>
  /** Counts GraphQL login/forgot-password mutations (rateLimit.ts); none when limits are off. */
  graphqlAuthLimit?: RequestHandler
  /** Who may introspect GraphQL. */
  introspection: IntrospectionPolicy
  /** Largest JSON body accepted, e.g. '1mb'. */
  jsonLimit: string
}

const isJson = (req: Request): boolean => Boolean(req.is('application/json'))

/** Payload answers some errors as `{ message }`; every error here has the `{ errors: [...] }` shape. */
const withErrorShape = async (response: globalThis.Response): Promise<globalThis.Response> => {
  if (response.status < 400 || !response.headers.get('content-type')?.includes('application/json')) {
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
                (text || response.statusText),
            },
          ],
        })
  const headers = new Headers(response.headers)
  headers.delete('content-length')
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
  introspection,
  jsonLimit,
}: PayloadRoutesArgs) => {
  const router = express.Router()
  const graphql = GRAPHQL_POST(config)
  const parseJson = express.json({ limit: jsonLimit, type: 'application/json' })

  const bodyOf = (req: Request): string | undefined =>
    isJson(req) && req.body !== undefined ? JSON.stringify(req.body) : undefined

  const run =
    (handle: (request: globalThis.Request) => Promise<globalThis.Response>) =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const response = await handle(toWebRequest(req, bodyOf(req)))
        await sendWebResponse(res, await withErrorShape(response))
      } catch (error) {
        next(error)
      }
    }

  router.use(parseJson)
  router.use(responseCache())
  router.post(
    '/graphql',
    graphqlLimits({ authAttempts: graphqlAuthLimit, config, introspection }),
    run(graphql),
  )
  router.get('/graphql', (_req, res) => {
    res.setHeader('Allow', 'POST')
    sendError(res, 405, 'GraphQL takes POST requests at /api/graphql.')
  })
  router.use(queryLimits({ config, formLimit: jsonLimit }))
  router.use(run(withEtags({ config, handle: (request) => handleEndpoints({ config, request }) })))
  return router
}
