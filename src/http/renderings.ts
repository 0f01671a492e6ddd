import type { SanitizedConfig } from 'payload'

import { getPayload, headersWithCors } from 'payload'

import type { Handle } from './handler'
import { bufferedResponse } from './handler'
import { carriesCredentials } from './credentials'
import { pageAnswer, renderingAsk } from '../lib/renderings'
import { renderedPage } from '../plugins/renderings'

/**
 * Answers the public article reads the stored renderings hold (src/lib/renderings: renderingAsk)
 * from them: an article by slug, or a page of every article, a topic's or a department's, newest
 * first, at depth 1, for a caller without credentials. The page's ids come from the slug's index
 * or the lists' read model; each article's JSON from its stored rendering, made (and stored) at
 * once where there is none or it no longer holds. The answer is the one Payload gives, byte for
 * byte; anything the renderings cannot answer so goes to Payload.
 */
export const withRenderings =
  (config: Promise<SanitizedConfig>, handle: Handle, { enabled = true } = {}): Handle =>
  async (request, signedIn) => {
    const ask =
      enabled && request.method === 'GET' && !carriesCredentials(request.headers)
        ? renderingAsk(new URL(request.url))
        : null
    if (!ask) {
      return handle(request, signedIn)
    }
    const payload = await getPayload({ config })
    const page = await renderedPage(payload, ask)
    if (!page) {
      return handle(request, signedIn)
    }
    const headers = headersWithCors({
      headers: new Headers({ 'Content-Type': 'application/json' }),
      req: { headers: request.headers, payload } as never,
    })
    return bufferedResponse(
      pageAnswer(page.bodies, { limit: ask.limit, page: ask.page, totalDocs: page.totalDocs }),
      { headers, status: 200 },
    )
  }
