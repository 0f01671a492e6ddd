import type { Payload, SanitizedConfig, Where } from 'payload'

import { createLocalReq, getPayload, headersWithCors } from 'payload'

import type { Handle } from './handler'
import { bufferedResponse } from './handler'
import { carriesCredentials } from './credentials'
import type { RenderingAsk } from '../lib/renderings'
import { holds, pageAnswer, renderingAsk } from '../lib/renderings'
import { listingsReady } from '../plugins/listings/store'
import {
  readBySlug,
  readListingRenderings,
  renderArticles,
  renderingShape,
  renderingsReady,
} from '../plugins/renderings'
import type { StoredRendering } from '../plugins/renderings'
import { slugs } from '../slugs'

/** What the public may read of articles: the renderings are made for exactly this reader. */
const PUBLISHED: Where = { _status: { equals: 'published' } }

const publicReads = new WeakMap<Payload, Promise<boolean>>()

/** Whether an anonymous caller reads published articles, and nothing else (checked once). */
const readsPublishedOnly = (payload: Payload): Promise<boolean> => {
  let known = publicReads.get(payload)
  if (!known) {
    known = (async () => {
      const read = payload.collections[slugs.articles]?.config.access.read
      const req = await createLocalReq({}, payload)
      return JSON.stringify(await read?.({ req })) === JSON.stringify(PUBLISHED)
    })().catch(() => false)
    publicReads.set(payload, known)
  }
  return known
}

/** The page's article ids and the number of matches, or null when the renderings cannot tell. */
const pageOf = async (
  payload: Payload,
  ask: RenderingAsk,
): Promise<null | {
  ids: number[]
  stored: Map<number, StoredRendering>
  totalDocs: number
}> => {
  if (ask.kind === 'slug') {
    if (ask.page !== 1) {
      return null
    }
    const rows = await readBySlug(payload, ask.slug)
    const from = (ask.page - 1) * ask.limit
    const page = rows.slice(from, from + ask.limit)
    const stored = new Map(
      page.flatMap(({ id, stored: rendering }) => (rendering ? [[id, rendering] as const] : [])),
    )
    return { ids: page.map(({ id }) => id), stored, totalDocs: rows.length }
  }
  if (!(await listingsReady(payload))) {
    return null
  }
  return readListingRenderings(payload, ask.list, ask)
}

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
    if (!(await renderingsReady(payload)) || !(await readsPublishedOnly(payload))) {
      return handle(request, signedIn)
    }
    const page = await pageOf(payload, ask)
    if (!page) {
      return handle(request, signedIn)
    }
    const shape = renderingShape(payload)
    const now = new Date().toISOString()
    const bodies = new Map<number, Uint8Array>()
    const missing: number[] = []
    for (const id of page.ids) {
      const stored = page.stored.get(id)
      if (stored && holds(stored, shape, now)) {
        bodies.set(id, stored.body)
      } else {
        missing.push(id)
      }
    }
    if (missing.length > 0) {
      for (const made of await renderArticles(payload, missing)) {
        bodies.set(made.id, Buffer.from(made.body, 'utf8'))
      }
    }
    if (page.ids.some((id) => !bodies.has(id))) {
      // Unpublished since the page was read: Payload answers, as it would have.
      return handle(request, signedIn)
    }
    const headers = headersWithCors({
      headers: new Headers({ 'Content-Type': 'application/json' }),
      req: { headers: request.headers, payload } as never,
    })
    return bufferedResponse(
      pageAnswer(
        page.ids.map((id) => bodies.get(id)!),
        { limit: ask.limit, page: ask.page, totalDocs: page.totalDocs },
      ),
      { headers, status: 200 },
    )
  }
