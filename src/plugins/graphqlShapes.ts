import type { CollectionAfterOperationHook, Config, Plugin } from 'payload'
import type { GraphQLOutputType } from 'graphql'

type GraphQLQueries = NonNullable<NonNullable<Config['graphQL']>['queries']>
type GraphQLModule = Parameters<GraphQLQueries>[0]

/** A permissions value in the shape of its GraphQL type: `true` grants all, missing denies. */
const spellOut = (GraphQL: GraphQLModule, type: GraphQLOutputType, value: unknown): unknown => {
  const nullable = GraphQL.getNullableType(type)
  if (GraphQL.isObjectType(nullable)) {
    const record = value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
    const filled: Record<string, unknown> = { ...record }
    for (const [name, field] of Object.entries(nullable.getFields())) {
      filled[name] = spellOut(GraphQL, field.type, value === true ? true : record[name])
    }
    return filled
  }
  if (nullable === GraphQL.GraphQLBoolean) {
    return value === true
  }
  // A `where` and such: none when everything is granted.
  return value === true ? null : value
}

/** A root query field as Payload built it. */
type QueryField = {
  args?: Record<string, unknown>
  resolve: (source: unknown, args: Record<string, unknown>, ...rest: unknown[]) => Promise<unknown>
  type: GraphQLOutputType
}

/**
 * Root queries Payload answers outside the shape GraphQL declares, corrected:
 * - Payload's permissions write "all allowed" as `true` and leave out what is denied, but GraphQL
 *   declares every permission a non-null object or Boolean: `Access { canAccessAdmin }` or
 *   `docAccessUser(id: 1) { create { permission } }` failed with an internal error. They are
 *   spelled out in full.
 * - `select: true` fetches only the fields asked for, but Payload keeps the last of repeated
 *   selections (`docs { roles } docs { id }`): a required field left out failed with an internal
 *   error. It is ignored; every field is fetched, and the answer is the same.
 */
const correctedQueries =
  (incoming?: GraphQLQueries): GraphQLQueries =>
  (GraphQL, context) => {
    const corrected: Record<string, QueryField> = {}
    for (const [name, field] of Object.entries(
      context.Query.fields as Record<string, QueryField>,
    )) {
      if (/^(?:Access|docAccess[A-Z].*)$/.test(name)) {
        corrected[name] = {
          ...field,
          resolve: async (source, args, ...rest) =>
            spellOut(GraphQL, field.type, await field.resolve(source, args, ...rest)),
        }
      } else if (field.args && 'select' in field.args) {
        corrected[name] = {
          ...field,
          resolve: (source, args, ...rest) =>
            field.resolve(source, { ...args, select: false }, ...rest),
        }
      }
    }
    return { ...(incoming?.(GraphQL, context) ?? {}), ...corrected }
  }

/** What a page of results has when Payload leaves it out: no limit, one page, nothing more. */
const pageDefaults = (docs: unknown[]) => ({
  hasNextPage: false,
  hasPrevPage: false,
  limit: 0,
  page: 1,
  pagingCounter: 1,
  totalDocs: docs.length,
  totalPages: 1,
})

/**
 * GraphQL declares a list's `docs`, `hasNextPage`, `limit`, `totalDocs`… non-null, but Payload
 * leaves some out: a join asked with `count: true, limit: 0` is answered by a count alone, and a
 * list with `pagination: false` that had to join tables has no `limit`. Asking for them failed
 * with an internal error; they are filled in (a count asks for no documents, so none are listed).
 */
const listsInFull: CollectionAfterOperationHook = ({ operation, req, result }) => {
  if (req.payloadAPI !== 'GraphQL' || !result || typeof result !== 'object') {
    return result
  }
  const list = result as Record<string, unknown>
  if (operation === 'count') {
    return { docs: [], hasNextPage: false, ...list }
  }
  if ((operation === 'find' || operation === 'findVersions') && Array.isArray(list.docs)) {
    const filled: Record<string, unknown> = { ...list }
    for (const [key, value] of Object.entries(pageDefaults(list.docs))) {
      filled[key] ??= value
    }
    return filled
  }
  return result
}

/** GraphQL answers in the shape its schema declares, where Payload's resolvers fall short. */
export const graphqlShapesPlugin: Plugin = (config) => ({
  ...config,
  graphQL: { ...config.graphQL, queries: correctedQueries(config.graphQL?.queries) },
  onInit: async (payload) => {
    // Every collection GraphQL lists, Payload's own included (they are added after the plugins).
    for (const { config: collection } of Object.values(payload.collections)) {
      const hooks = collection.hooks.afterOperation ?? []
      if (!hooks.includes(listsInFull)) {
        collection.hooks.afterOperation = [...hooks, listsInFull]
      }
    }
    await config.onInit?.(payload)
  },
})
