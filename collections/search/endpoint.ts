import type { Endpoint } from 'payload'

import { parseSearchParams } from './params'
import { search } from './search'
import { errorResponse } from '../../src/lib/errorShape'

/**
 * `GET /api/search?q=…&type=…&limit=…`, a root endpoint, so Payload has already authenticated the
 * caller (JWT or API key) and `req.user` decides what they find.
 */
export const searchEndpoint: Endpoint = {
  path: '/search',
  method: 'get',
  handler: async (req) => {
    const query = req.query ?? {}
    const parsed = parseSearchParams(req.payload, {
      limit: query.limit,
      q: query.q,
      type: query.type,
    })
    if ('error' in parsed) {
      return errorResponse(400, parsed.error)
    }
    return Response.json(await search(req, parsed.query))
  },
}
