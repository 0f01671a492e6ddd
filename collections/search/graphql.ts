import type { GraphQLExtension, PayloadRequest } from 'payload'

import { BadRequest } from '../../src/errors'

import { parseSearchParams } from './params'
import { search } from './search'

type Args = { limit?: null | number; q: string; type?: null | string }

/**
 * Adds `search(q: String!, type: String, limit: Int): SearchResult` to the queries another plugin
 * may already have added; the same rules and visibility as `GET /api/search`.
 */
export const withSearchQuery =
  (incoming?: GraphQLExtension): GraphQLExtension =>
  (GraphQL, context) => {
    const { GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLString } = GraphQL
    // Ids are typed as Payload types them: Int on SQLite, String on MongoDB.
    const idType = context.config.db.defaultIDType === 'number' ? GraphQLInt : GraphQLString
    const SearchHit = new GraphQLObjectType({
      name: 'SearchHit',
      fields: {
        collection: { type: new GraphQLNonNull(GraphQLString) },
        id: { type: new GraphQLNonNull(idType) },
        slug: { type: GraphQLString },
        snippet: { type: new GraphQLNonNull(GraphQLString) },
        title: { type: new GraphQLNonNull(GraphQLString) },
      },
    })
    const SearchResult = new GraphQLObjectType({
      name: 'SearchResult',
      fields: {
        docs: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(SearchHit))) },
        totalDocs: { type: new GraphQLNonNull(GraphQLInt) },
      },
    })
    return {
      ...(incoming?.(GraphQL, context) ?? {}),
      search: {
        type: SearchResult,
        args: {
          limit: { type: GraphQLInt },
          q: { type: new GraphQLNonNull(GraphQLString) },
          type: { type: GraphQLString },
        },
        resolve: async (_root: unknown, args: Args, { req }: { req: PayloadRequest }) => {
          const parsed = parseSearchParams(req.payload, args)
          if ('error' in parsed) {
            throw new BadRequest(parsed.error)
          }
          return search(req, parsed.query)
        },
      },
    }
  }
