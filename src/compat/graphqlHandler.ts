import type { GraphQLError, GraphQLSchema, ValidationRule } from 'graphql'
import type { PayloadRequest, SanitizedConfig } from 'payload'

import { configToSchema } from '@payloadcms/graphql'
import { createHandler } from 'graphql-http/lib/use/fetch'
import {
  addDataAndFileToRequest,
  addLocalesToRequestFromData,
  createPayloadRequest,
  headersWithCors,
  logError,
  mergeHeaders,
  unlinkClientUploadTempFile,
} from 'payload'

import { keyedByVariables, parseKept, validateKept } from '../http/graphqlDocuments'
import { readServerSettings } from '../lib/env'

type Graphql = {
  schema: GraphQLSchema
  validationRules: (args: { variableValues?: unknown }) => ValidationRule[]
}
type Cached = { graphql: Graphql | null; promise: Promise<Graphql> | null }

/** Payload's own cache of the schema (its handler and playground use the same global). */
const cache = (): Cached => {
  const scope = globalThis as unknown as { _payload_graphql?: Cached }
  scope._payload_graphql ??= { graphql: null, promise: null }
  return scope._payload_graphql
}

/** `development`: rebuild the schema on every request, as Payload does under `npm run dev`. */
const getGraphql = async (
  config: Promise<SanitizedConfig>,
  development: boolean,
): Promise<Graphql> => {
  if (development) {
    ;(globalThis as unknown as { _payload_graphql?: Cached })._payload_graphql = {
      graphql: null,
      promise: null,
    }
  }
  const cached = cache()
  if (cached.graphql) {
    return cached.graphql
  }
  if (!cached.promise) {
    const resolved = await config
    cached.promise = Promise.resolve().then(
      () => cached.graphql ?? (configToSchema(resolved) as unknown as Graphql),
    )
  }
  try {
    cached.graphql = await cached.promise
  } catch (error) {
    cached.promise = null
    throw error
  }
  return cached.graphql
}

type OperationError = GraphQLError & {
  originalError?: { data?: unknown; name?: string; status?: number }
}

const handleError = async ({
  err,
  payload,
  req,
}: {
  err: OperationError
  payload: PayloadRequest['payload']
  req: PayloadRequest
}) => {
  const status = err.originalError?.status || 500
  let errorMessage = err.message
  logError({ err, payload })
  // Internal server errors can contain anything: their details are hidden unless `debug` is on.
  if (!payload.config.debug && status === 500) {
    errorMessage = 'Something went wrong.'
  }
  let response: Record<string, unknown> = {
    extensions: {
      name: err?.originalError?.name || undefined,
      data: (err && err.originalError && err.originalError.data) || undefined,
      stack: payload.config.debug ? err.stack : undefined,
      statusCode: status,
    },
    locations: err.locations,
    message: errorMessage,
    path: err.path,
  }
  await payload.config.hooks.afterError?.reduce(async (promise, hook) => {
    await promise
    const result = await hook({
      context: req.context,
      error: err,
      graphqlResult: response,
      req,
    } as never)
    if (result) {
      response = (result as { graphqlResult?: Record<string, unknown> }).graphqlResult || response
    }
  }, Promise.resolve())
  return response
}

/**
 * Payload's GraphQL POST handler (`GRAPHQL_POST` of @payloadcms/next 3.90, same steps, same
 * answers), with graphql-http told to parse and validate through graphqlDocuments.ts: a query
 * sent again is not parsed again, nor checked again against graphql's own rules (about a tenth
 * of a cold GraphQL read). Payload's handler offers no way to pass either.
 *
 * Compat patch. What it changes: replaces `GRAPHQL_POST` (@payloadcms/next/routes) for
 * /api/graphql, reading Payload's private schema cache `globalThis._payload_graphql`.
 * Upstream: `GRAPHQL_POST` takes no parse/validate options (@payloadcms/next
 * dist/routes/graphql/handler.js).
 * Checked against: payload, @payloadcms/next and @payloadcms/graphql 3.90.1, graphql-http 1.23.1
 * (src/compat/index.ts; another version turns this off and Payload's own handler serves).
 * Guarded by: tests/int/graphql-documents.int.spec.ts (its answers against Payload's, refusals
 * included).
 * Off switch: COMPAT=0 (src/http/payloadRoutes.ts then serves Payload's `GRAPHQL_POST`).
 */
export const graphqlPost = (config: Promise<SanitizedConfig>) => {
  // Read once per handler, not per request.
  const { development } = readServerSettings()
  return async (request: Request): Promise<Response> => {
    const originalRequest = request.clone()
    const req = await createPayloadRequest({ canSetHeaders: true, config, request })
    const { payload } = req
    if (payload.config.graphQL?.disable) {
      return new Response(null, { status: 404 })
    }
    try {
      await addDataAndFileToRequest(req)
      addLocalesToRequestFromData(req)
      const { schema, validationRules } = await getGraphql(config, development)
      const headers: Record<string, string> = {}
      // Every error a 503 (the database cannot be reached, src/errors.ts): the answer is one too.
      let unavailable = false
      const apiResponse = await createHandler({
        context: { headers, req } as never,
        onOperation: async (request, args, result) => {
          const extensions = (payload as unknown as { extensions?: unknown }).extensions
          const response =
            typeof extensions === 'function'
              ? await extensions({ args, req: request, result })
              : result
          if (response.errors) {
            const errors = await Promise.all(
              (result as { errors: OperationError[] }).errors.map((error) =>
                handleError({ err: error, payload, req }),
              ),
            )
            unavailable =
              errors.length > 0 &&
              errors.every(
                (error) => (error.extensions as { statusCode?: number }).statusCode === 503,
              )
            return { ...response, errors }
          }
          return response
        },
        parse: parseKept as never,
        schema,
        validate: validateKept as never,
        validationRules: (_, args, defaultRules) => {
          const rules = defaultRules.concat(validationRules(args as { variableValues?: unknown }))
          // Payload's rules alone (no `graphQL.validationRules` of the config's, which could
          // read anything) depend on the document and the variables only.
          const own = (payload.config.graphQL as { validationRules?: unknown } | undefined)
            ?.validationRules
          return typeof own === 'function'
            ? rules
            : keyedByVariables(rules, (args as { variableValues?: unknown }).variableValues)
        },
      })(originalRequest)
      const resHeaders = headersWithCors({ headers: new Headers(apiResponse.headers), req })
      for (const key in headers) {
        resHeaders.append(key, headers[key]!)
      }
      return new Response(apiResponse.body, {
        headers: req.responseHeaders ? mergeHeaders(req.responseHeaders, resHeaders) : resHeaders,
        status: unavailable ? 503 : apiResponse.status,
      })
    } finally {
      // GraphQL parses the body itself, and an operation that writes no document never reaches
      // the operation-level cleanup.
      await unlinkClientUploadTempFile({ req })
    }
  }
}
