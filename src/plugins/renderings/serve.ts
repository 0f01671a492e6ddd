import type { Payload, Where } from 'payload'

import { createLocalReq } from 'payload'

import type { RenderingAsk } from '../../lib/renderings'
import { holds } from '../../lib/renderings'
import { listingsReady } from '../listings/store'
import { slugs } from '../../slugs'
import { renderArticles } from './render'
import { renderingShape } from './shape'
import type { StoredRendering } from './store'
import { readBySlug, readListingRenderings, renderingsReady } from './store'

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
 * A page of public articles as their renderings hold them: each article's JSON, in order, and the
 * JSON of the records its populated records name (read by slug, or made here; else null).
 */
export type RenderedPage = {
  bodies: Uint8Array[]
  ids: number[]
  related: (null | string)[]
  totalDocs: number
}

/**
 * The page of anonymous article reads `ask` names (an article by slug, or a page of a public list,
 * at depth 1), from the stored renderings: the page's ids from the slug's index or the lists' read
 * model, each article's JSON from its stored rendering, made (and stored) at once where there is
 * none or it no longer holds; with `make: false`, null instead (a read that must not write). Null when the renderings cannot answer it as Payload would (not
 * ready, a read access other than "published", an article unpublished meanwhile): Payload answers.
 */
export const renderedPage = async (
  payload: Payload,
  ask: RenderingAsk,
  { make = true }: { make?: boolean } = {},
): Promise<null | RenderedPage> => {
  if (!(await renderingsReady(payload)) || !(await readsPublishedOnly(payload))) {
    return null
  }
  const page = await pageOf(payload, ask)
  if (!page) {
    return null
  }
  const shape = renderingShape(payload)
  const now = new Date().toISOString()
  const bodies = new Map<number, Uint8Array>()
  const related = new Map<number, null | string>()
  const missing: number[] = []
  for (const id of page.ids) {
    const stored = page.stored.get(id)
    if (stored && holds(stored, shape, now)) {
      bodies.set(id, stored.body)
      related.set(id, stored.related)
    } else {
      missing.push(id)
    }
  }
  if (missing.length > 0) {
    if (!make) {
      return null
    }
    for (const made of await renderArticles(payload, missing)) {
      bodies.set(made.id, Buffer.from(made.body, 'utf8'))
      related.set(made.id, made.related)
    }
  }
  if (page.ids.some((id) => !bodies.has(id))) {
    // Unpublished since the page was read: Payload answers, as it would have.
    return null
  }
  return {
    bodies: page.ids.map((id) => bodies.get(id)!),
    ids: page.ids,
    related: page.ids.map((id) => related.get(id) ?? null),
    totalDocs: page.totalDocs,
  }
}
