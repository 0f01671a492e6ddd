import type { ExecutionArgs, ValidationRule } from 'graphql'
import type { PayloadRequest } from 'payload'

import { GraphQLError } from 'graphql'

import {
  MAX_GRAPHQL_ALIASES,
  MAX_GRAPHQL_DEPTH,
  MAX_INTROSPECTION_DEPTH,
  measureKept,
} from '../../lib/graphql/measure'

/** Who may ask `__schema`/`__type`: the contract allows only signed-in users in production. */
export type IntrospectionPolicy = 'authenticated' | 'everyone'

/** Why a document is refused, or null: depth, aliases (fragments counted as spread), introspection. */
const documentProblem = (
  args: ExecutionArgs,
  introspection: IntrospectionPolicy,
): null | string => {
  const { aliases, depth, introspectionDepth, introspects } = measureKept(args.document)
  if (depth > MAX_GRAPHQL_DEPTH) {
    return `The query is nested deeper than ${MAX_GRAPHQL_DEPTH} levels.`
  }
  if (introspectionDepth > MAX_INTROSPECTION_DEPTH) {
    return `The introspection query is nested deeper than ${MAX_INTROSPECTION_DEPTH} levels.`
  }
  if (aliases > MAX_GRAPHQL_ALIASES) {
    return `The query uses more than ${MAX_GRAPHQL_ALIASES} aliases.`
  }
  // Payload's auth ran before validation: `user` is a verified account or API key, or null.
  const req = (args.contextValue as { req?: PayloadRequest } | undefined)?.req
  if (introspects && introspection === 'authenticated' && !req?.user) {
    return 'GraphQL introspection is only available to signed-in users.'
  }
  return null
}

/**
 * GraphQL's depth, alias and introspection limits as validation rules (Payload's
 * `graphQL.validationRules`), beside Payload's own complexity rule. The one rule reports when the
 * document is entered, before any operation is measured for complexity.
 */
export const graphqlRules = ({
  args,
  introspection,
}: {
  args: ExecutionArgs
  introspection: IntrospectionPolicy
}): ValidationRule[] => {
  const problem = args.document ? documentProblem(args, introspection) : null
  if (!problem) {
    return []
  }
  return [
    (context) => ({
      Document: (node) => {
        context.reportError(new GraphQLError(problem, { nodes: node }))
      },
    }),
  ]
}
