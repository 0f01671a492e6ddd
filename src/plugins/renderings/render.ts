import type { Payload } from 'payload'

import { handleEndpoints } from 'payload'

import type { FieldShape } from '../../lib/renderings'
import { refsOf, validUntilOf } from '../../lib/renderings'
import { slugs } from '../../slugs'
import type { NewRendering } from './store'
import { readClock, renderingsReady, storeRenderings } from './store'
import { renderingShape } from './shape'

/** Most articles made in one read: the anonymous page cap. */
export const RENDER_BATCH = 100

/**
 * Makes the public renderings of articles `ids` and stores them: each as Payload's own REST
 * handler answers an anonymous `GET /api/articles?depth=1` (the same code path, access and hooks
 * as any visitor's read), with the records it was made of. Articles the public cannot read are
 * left out. Stored only if no write moved the clock meanwhile (store.ts); returned either way.
 */
export const renderArticles = async (payload: Payload, ids: number[]): Promise<NewRendering[]> => {
  const made: NewRendering[] = []
  const fieldsOf = (slug: string) =>
    payload.collections[slug as keyof typeof payload.collections]?.config.fields as
      FieldShape[] | undefined
  for (let at = 0; at < ids.length; at += RENDER_BATCH) {
    const chunk = ids.slice(at, at + RENDER_BATCH)
    const clock = await readClock(payload)
    const url = new URL(`http://localhost${payload.config.routes.api}/${slugs.articles}`)
    url.searchParams.set('depth', '1')
    url.searchParams.set('limit', String(chunk.length))
    url.searchParams.set('where[id][in]', chunk.join(','))
    const response = await handleEndpoints({ config: payload.config, request: new Request(url) })
    if (response.status !== 200) {
      throw new Error(`Rendering articles answered ${response.status}`)
    }
    const { docs } = (await response.json()) as { docs: Record<string, unknown>[] }
    const batch = docs.map((doc) => ({
      body: JSON.stringify(doc),
      id: Number(doc.id),
      refs: refsOf(slugs.articles, doc, fieldsOf),
      validUntil: validUntilOf(doc),
    }))
    await storeRenderings(payload, clock, renderingShape(payload), batch)
    made.push(...batch)
  }
  return made
}

type Queue = { ids: Set<number>; running: boolean }
const queues = new WeakMap<Payload, Queue>()

/**
 * Makes the renderings of `ids` again in the background, after the write that dropped them has
 * committed: a visitor then finds them made. A rendering not made (the process ends, a write
 * comes between) is made when first asked for.
 */
export const queueRenderings = (payload: Payload, ids: number[]): void => {
  if (ids.length === 0) {
    return
  }
  let queue = queues.get(payload)
  if (!queue) {
    queue = { ids: new Set(), running: false }
    queues.set(payload, queue)
  }
  for (const id of ids) {
    queue.ids.add(id)
  }
  if (queue.running) {
    return
  }
  queue.running = true
  const drain = async (state: Queue) => {
    try {
      while (state.ids.size > 0 && (await renderingsReady(payload))) {
        const chunk = [...state.ids].slice(0, RENDER_BATCH)
        for (const id of chunk) {
          state.ids.delete(id)
        }
        await renderArticles(payload, chunk)
      }
    } catch (error) {
      payload.logger.warn({ err: error, msg: 'Public renderings were not made again' })
      state.ids.clear()
    } finally {
      state.running = false
    }
  }
  // After the current request: the write's answer goes first.
  setImmediate(() => void drain(queue))
}
