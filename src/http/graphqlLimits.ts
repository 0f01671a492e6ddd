import type { RequestHandler, Response } from 'express'
import type { DocumentNode } from 'graphql'

import { errorShape } from '../lib/errorShape'
import { MAX_GRAPHQL_DEPTH, measureKept } from '../lib/graphql/measure'
import { sendError } from './errors'
import { parseKept } from './graphqlDocuments'

/** Largest query document, in bytes. */
export const MAX_GRAPHQL_DOCUMENT_BYTES = 100 * 1024

/** A refusal as GraphQL over HTTP has it: 200, `errors`, no `data`. */
const refuse = (res: Response, message: string) => {
  res.status(200).json(errorShape(message))
}

type GraphqlLimitsArgs = {
  /** Counts a request that runs a login or forgot-password mutation (see rateLimit.ts). */
  authAttempts?: RequestHandler
}

/**
 * What a GraphQL request must pass before Payload parses and validates it: one operation per
 * request, a bounded size, a document that parses, no fragment spread within itself and no
 * absurd nesting (Payload's complexity rule recurses on either until the stack overflows, a 500,
 * before graphql's own rules report them), and at most one login or forgot-password mutation,
 * which the login rate limit counts. Depth, aliases and introspection are validation rules
 * (src/plugins/policy/graphqlRules.ts); limits are capped in the operations (readPolicy.ts).
 */
export const graphqlLimits =
  ({ authAttempts }: GraphqlLimitsArgs): RequestHandler =>
  (req, res, next) => {
    let body: unknown
    if (Buffer.isBuffer(req.body)) {
      try {
        // Parsed here for these checks; Payload's handler reads the bytes itself.
        body = JSON.parse(req.body.toString('utf8'))
      } catch {
        sendError(res, 400, 'The request body is not valid JSON.')
        return
      }
    }
    if (Array.isArray(body)) {
      sendError(res, 400, 'Batched GraphQL operations are not accepted; send one per request.')
      return
    }
    const query = (body as { query?: unknown } | undefined)?.query
    if (typeof query !== 'string') {
      // Not JSON or no query: Payload's GraphQL handler answers that itself (400/415).
      next()
      return
    }
    if (Buffer.byteLength(query) > MAX_GRAPHQL_DOCUMENT_BYTES) {
      refuse(res, `The GraphQL document is larger than ${MAX_GRAPHQL_DOCUMENT_BYTES / 1024} KB.`)
      return
    }
    let document: DocumentNode
    try {
      // Kept by its text: Payload's handler (src/compat/graphqlHandler.ts) reuses this parse.
      document = parseKept(query)
    } catch (error) {
      // A syntax error names the spot; anything else (absurd nesting) gets a plain message.
      const syntax = error instanceof Error && error.name === 'GraphQLError'
      sendError(res, 400, syntax ? (error as Error).message : 'The GraphQL query cannot be parsed.')
      return
    }
    const { authFields, cycle, overNested } = measureKept(document)
    if (cycle) {
      refuse(res, `Cannot spread fragment "${cycle}" within itself.`)
      return
    }
    if (overNested) {
      refuse(res, `The query is nested deeper than ${MAX_GRAPHQL_DEPTH} levels.`)
      return
    }
    if (authFields > 1) {
      refuse(res, 'Send at most one login or forgot-password mutation per request.')
      return
    }
    if (authFields === 1 && authAttempts) {
      authAttempts(req, res, next)
      return
    }
    next()
  }
