import type { ExecutionResult, GraphQLError, GraphQLSchema, ValidationRule } from 'graphql'
import type { PayloadRequest, SanitizedConfig } from 'payload'

import { configToSchema } from '@payloadcms/graphql'
import { execute, getOperationAST, specifiedRules } from 'graphql'
import { createHandler } from 'graphql-http/lib/use/fetch'
import {
  addDataAndFileToRequest,
  addLocalesToRequestFromData,
  createPayloadRequest,
  getPayload,
  headersWithCors,
  logError,
  mergeHeaders,
  unlinkClientUploadTempFile,
} from 'payload'

import { carriesCredentials } from '../http/credentials'
import { bufferedResponse, requestText } from '../http/handler'
import { keyedByVariables, parseKept, validateKept } from '../http/graphqlDocuments'
import { readServerSettings } from '../lib/env'
import { answerFromRenderings } from '../plugins/renderings/graphql'
import { isPureForAnonymous } from '../lib/graphql/pureRules'
import type { AnswerType, QueryParams } from '../lib/graphql/request'
import {
  acceptedAnswerType,
  answerContentType,
  isJsonPost,
  plainQueryParams,
} from '../lib/graphql/request'

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

/** Payload's rules after graphql's own for one operation (see graphqlPost). */
const rulesFor = (
  payload: PayloadRequest['payload'],
  validationRules: Graphql['validationRules'],
  args: { contextValue?: unknown; variableValues?: unknown },
): ValidationRule[] => {
  const rules = specifiedRules.concat(validationRules(args))
  // Payload's rules alone depend on the document and the variables only; so do the config's own
  // (`graphQL.validationRules`, which could read anything) where they are marked so for a caller
  // without a user (src/lib/graphql/pureRules.ts) and there is none.
  const own = (payload.config.graphQL as { validationRules?: unknown } | undefined)?.validationRules
  const anonymous = !(args.contextValue as { req?: PayloadRequest } | undefined)?.req?.user
  return typeof own !== 'function' || (anonymous && isPureForAnonymous(own))
    ? keyedByVariables(rules, args.variableValues)
    : rules
}

/** Payload's `extensions` (a function a plugin may set on the instance to rewrite results). */
const extensionsOf = (payload: PayloadRequest['payload']): unknown =>
  (payload as unknown as { extensions?: unknown }).extensions

/**
 * An operation's result as Payload's handler gives it: errors shaped and logged by handleError
 * (which runs the config's afterError hooks), and whether every error is a 503. `response` is
 * the result as Payload's `extensions` left it.
 */
const shapeResult = async (
  result: ExecutionResult,
  response: ExecutionResult,
  req: PayloadRequest,
): Promise<{ result: ExecutionResult; unavailable: boolean }> => {
  const { payload } = req
  if (!response.errors) {
    return { result: response, unavailable: false }
  }
  const errors = await Promise.all(
    (result.errors as OperationError[]).map((error) => handleError({ err: error, payload, req })),
  )
  return {
    // Every error a 503 (the database cannot be reached, src/errors.ts): the answer is one too.
    unavailable:
      errors.length > 0 &&
      errors.every((error) => (error.extensions as { statusCode?: number }).statusCode === 503),
    result: { ...response, errors: errors as never },
  }
}

/** The answer's headers as Payload's handler sets them: CORS, the resolvers', the request's. */
const answerHeaders = (
  req: PayloadRequest,
  base: Headers,
  fromResolvers: Record<string, string>,
): Headers => {
  const headers = headersWithCors({ headers: base, req })
  for (const key in fromResolvers) {
    headers.append(key, fromResolvers[key]!)
  }
  return req.responseHeaders ? mergeHeaders(req.responseHeaders, headers) : headers
}

/** A lean query's answer: its JSON, its headers, its status. */
export type LeanAnswer = { body: string; headers: Headers; status: number }

type Lean = { answer: LeanAnswer } | { request: Request }

/** How many queries leanQuery answered in this process (tests read it). */
export const leanQueries = { answered: 0 }

/**
 * A query from a caller without credentials, answered as Payload's handler answers it but
 * without its transport: graphql-http's request and answer objects, the body cloned and read
 * twice, the answer read back out of a web stream (together about a sixth of a cold GraphQL read
 * of an article). The same steps otherwise: the document kept by parseKept, the same rules
 * through validateKept, Payload's request (createPayloadRequest: its locale, its `payloadAPI`,
 * its anonymous user), `req.data` and `req.json()` from the body as addDataAndFileToRequest sets
 * them, graphql's `execute` with the context Payload's handler gives, errors through handleError,
 * and the answer's bytes as graphql-http writes them (`JSON.stringify` of the result).
 *
 * Only what needs no other reading is taken: a POST of JSON holding `query` and at most
 * `variables` and `operationName`, no URL parameters (Payload reads `?locale=`, `?draft=`), an
 * answer type graphql-http accepts, a query operation that passes validation, and a production
 * server. Anything else, before anything ran, goes on to Payload's handler as a Request of the
 * same bytes.
 */
const leanQuery = async (config: Promise<SanitizedConfig>, request: Request): Promise<Lean> => {
  // Read from the bytes the Request was made of, where it was (src/http/bridge.ts); else read
  // once, and a Request of the same bytes goes on.
  const kept = requestText(request)
  const text = kept ?? (await request.text())
  const again = (): Lean => ({
    request:
      kept !== undefined
        ? request
        : new Request(request.url, { body: text, headers: request.headers, method: 'POST' }),
  })
  const type: AnswerType | null = acceptedAnswerType(request.headers.get('accept'))
  const params: null | QueryParams = type ? plainQueryParams(text) : null
  if (!type || !params) {
    return again()
  }
  const resolved = await config
  const graphQL = resolved.graphQL as { disable?: boolean } | undefined
  if (graphQL?.disable) {
    return again()
  }
  let document
  try {
    document = parseKept(params.query)
  } catch {
    return again()
  }
  const operation = getOperationAST(document, params.operationName)
  if (operation?.operation !== 'query') {
    return again()
  }
  const payload = await getPayload({ config })
  if (typeof extensionsOf(payload) === 'function') {
    return again()
  }
  const { schema, validationRules } = await getGraphql(config, false)
  const req = await createPayloadRequest({ canSetHeaders: true, config, request })
  if (req.user) {
    return again()
  }
  const headers: Record<string, string> = {}
  // As graphql-http builds them; the config's rules read them (the policy's: whether a user).
  const args = {
    contextValue: { headers, req },
    document,
    operationName: params.operationName,
    rootValue: undefined,
    schema,
    variableValues: params.variables,
  }
  if (validateKept(schema, document, rulesFor(payload, validationRules, args)).length > 0) {
    // graphql-http answers the errors (their status depends on the answer type).
    return again()
  }
  // What addDataAndFileToRequest and addLocalesToRequestFromData make of this body: its data
  // (the parsed body itself; no locale in it: no other key was taken).
  Object.assign(req, { data: params, json: () => Promise.resolve(params) })
  // A read the stored renderings hold is answered from them (the answer graphql's execution
  // would give: src/plugins/renderings/graphql.ts), else graphql executes it.
  const executed =
    (await answerFromRenderings({
      document,
      operation,
      req,
      schema,
      variableValues: params.variables,
    })) ?? (await execute(args))
  const { result, unavailable } = await shapeResult(executed, executed, req)
  leanQueries.answered += 1
  return {
    answer: {
      body: JSON.stringify(result),
      headers: answerHeaders(
        req,
        new Headers({ 'content-type': answerContentType(type) }),
        headers,
      ),
      status: unavailable ? 503 : 200,
    },
  }
}

/** Whether a request may take the lean path: a JSON POST without credentials nor URL parameters. */
const mayBeLean = (request: Request): boolean =>
  request.method === 'POST' &&
  isJsonPost(request.headers.get('content-type')) &&
  !carriesCredentials(request.headers) &&
  !request.url.includes('?')

/**
 * The lean path alone, for a server that answers without a web Response (src/http/
 * payloadRoutes.ts): a query leanQuery answers, or null for anything it leaves to the handler
 * (which then gets the request as usual). Off in development, as in graphqlPost.
 */
export const leanAnswerer = (config: Promise<SanitizedConfig>) => {
  const { development } = readServerSettings()
  return async (request: Request): Promise<LeanAnswer | null> => {
    if (development || !mayBeLean(request)) {
      return null
    }
    const lean = await leanQuery(config, request)
    return 'answer' in lean ? lean.answer : null
  }
}

/**
 * Payload's GraphQL POST handler (`GRAPHQL_POST` of @payloadcms/next 3.90, same steps, same
 * answers), with graphql-http told to parse and validate through graphqlDocuments.ts: a query
 * sent again is not parsed again, nor checked again against graphql's own rules (about a tenth
 * of a cold GraphQL read). Payload's handler offers no way to pass either. In production a query
 * from a caller without credentials is answered by leanQuery, the same steps without
 * graphql-http's transport.
 *
 * Compat patch. What it changes: replaces `GRAPHQL_POST` (@payloadcms/next/routes) for
 * /api/graphql, reading Payload's private schema cache `globalThis._payload_graphql`.
 * Upstream: `GRAPHQL_POST` takes no parse/validate options (@payloadcms/next
 * dist/routes/graphql/handler.js).
 * Checked against: payload, @payloadcms/next and @payloadcms/graphql 3.90.1, graphql-http 1.23.1
 * (src/compat/index.ts; another version turns this off and Payload's own handler serves).
 * Guarded by: tests/int/graphql-documents.int.spec.ts (its answers against Payload's, refusals
 * included) and tests/int/graphql-lean.int.spec.ts (the lean path's answers, headers and
 * refusals against Payload's own handler).
 * Off switch: COMPAT=0 (src/http/payloadRoutes.ts then serves Payload's `GRAPHQL_POST`).
 */
export const graphqlPost = (config: Promise<SanitizedConfig>) => {
  // Read once per handler, not per request.
  const { development } = readServerSettings()
  return async (incoming: Request): Promise<Response> => {
    let request = incoming
    if (!development && mayBeLean(request)) {
      const lean = await leanQuery(config, request)
      if ('answer' in lean) {
        const { body, headers, status } = lean.answer
        return bufferedResponse(body, { headers, status })
      }
      request = lean.request
    }
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
          const extensions = extensionsOf(payload)
          const response =
            typeof extensions === 'function'
              ? await extensions({ args, req: request, result })
              : result
          const shaped = await shapeResult(result as ExecutionResult, response, req)
          unavailable = shaped.unavailable
          return shaped.result as never
        },
        parse: parseKept as never,
        schema,
        validate: validateKept as never,
        validationRules: (_, args) =>
          rulesFor(
            payload,
            validationRules,
            args as { contextValue?: unknown; variableValues?: unknown },
          ),
      })(originalRequest)
      return new Response(apiResponse.body, {
        headers: answerHeaders(req, new Headers(apiResponse.headers), headers),
        status: unavailable ? 503 : apiResponse.status,
      })
    } finally {
      // GraphQL parses the body itself, and an operation that writes no document never reaches
      // the operation-level cleanup.
      await unlinkClientUploadTempFile({ req })
    }
  }
}
