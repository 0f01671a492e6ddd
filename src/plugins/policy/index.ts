import type { AfterErrorHook, CollectionConfig, Endpoint, Plugin } from 'payload'

import type { IntrospectionPolicy } from './graphqlRules'

import { graphqlRules } from './graphqlRules'
import { OWN_ENDPOINT, readPolicy } from './readPolicy'
import { errorShape } from '../../lib/errorShape'
import { pureForAnonymous } from '../../lib/graphql/pureRules'
import { runFirstEverywhere } from '../payloadCollections'

export type PolicyPluginOptions = {
  /** Who may introspect GraphQL: the contract allows only signed-in users in production. */
  introspection: IntrospectionPolicy
}

/** Our endpoints read on their own terms: the caller's caps are for Payload's own routes. */
const markOwn = (endpoints: CollectionConfig['endpoints']): CollectionConfig['endpoints'] =>
  Array.isArray(endpoints)
    ? endpoints.map((endpoint): Endpoint => ({
        ...endpoint,
        handler: (req) => {
          req.context = { ...req.context, [OWN_ENDPOINT]: true }
          return endpoint.handler(req)
        },
      }))
    : endpoints

const isJson = (text: unknown): boolean => {
  try {
    JSON.parse(String(text))
    return true
  } catch {
    return false
  }
}

/**
 * Payload's REST handlers parse a `where` or `data` sent as JSON text before any hook runs, and
 * answered text that is not JSON with a 500; it is the caller's mistake, a 400. (A `where` in the
 * URL is refused before Payload, src/http/payloadRoutes.ts; this answers the rest, such as a form
 * sent with a method override.)
 */
const unreadableQuery: AfterErrorHook = ({ error, graphqlResult, req }) => {
  if (graphqlResult || !(error instanceof SyntaxError) || req.payloadAPI !== 'REST') {
    return
  }
  const query = (req.query ?? {}) as Record<string, unknown>
  const data = (req as { data?: Record<string, unknown> }).data
  for (const name of ['where', 'data']) {
    const text = query[name] ?? data?.[name]
    if (typeof text === 'string' && !isJson(text)) {
      return {
        response: errorShape(`The "${name}" parameter is not valid JSON.`),
        status: 400,
      }
    }
  }
}

/**
 * The request rules, inside Payload's operations so they hold for REST, GraphQL and the Local
 * API alike: reads and queries go through readPolicy (caps, `where`, numbers, no `data`), and
 * GraphQL documents through graphqlRules (depth, aliases, introspection). Runs after the plugins
 * that add endpoints, so it sees them all.
 */
export const policyPlugin =
  ({ introspection }: PolicyPluginOptions): Plugin =>
  (config) => {
    const incoming = config.graphQL?.validationRules
    const validationRules: NonNullable<typeof incoming> = (args) => [
      ...(incoming?.(args) ?? []),
      ...graphqlRules({ args, introspection }),
    ]
    return {
      ...config,
      collections: (config.collections ?? []).map((collection) => ({
        ...collection,
        endpoints: markOwn(collection.endpoints),
      })),
      endpoints: markOwn(config.endpoints) as Endpoint[] | undefined,
      hooks: {
        ...config.hooks,
        afterError: [unreadableQuery, ...(config.hooks?.afterError ?? [])],
      },
      graphQL: {
        ...config.graphQL,
        // The policy's rules read the document and, for introspection, whether there is a user:
        // for a caller without one their outcome may be kept per document (src/compat/
        // graphqlHandler.ts), unless another plugin's rules come with them.
        validationRules: incoming ? validationRules : pureForAnonymous(validationRules),
      },
      onInit: async (payload) => {
        // The rules run before any other hook, in Payload's own collections too.
        runFirstEverywhere(payload, [readPolicy])
        await config.onInit?.(payload)
      },
    }
  }
