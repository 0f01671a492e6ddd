import type { Payload, PayloadRequest } from 'payload'

import { createLocalReq, handleEndpoints } from 'payload'

import type { FieldShape } from '../../lib/renderings'
import { holds, namedByPopulated, refsOf, validUntilOf } from '../../lib/renderings'
import { slugs } from '../../slugs'
import type { NewRendering } from './store'
import {
  countRenderings,
  dropUnpublished,
  publishedIdsAfter,
  readClock,
  readShapes,
  renderingsReady,
  storeRenderings,
} from './store'
import { renderingShape } from './shape'

/** Most articles made in one read: the anonymous page cap. */
export const RENDER_BATCH = 100

/** Most ids in one find of the records GraphQL's loader would read. */
const LOADER_BATCH = 500

/**
 * The records GraphQL's loader reads of `ids` for a caller without credentials: its own find, with
 * its arguments (payload/dist/collections/dataloader.js: depth 0, access as that caller, no
 * drafts, no paging), from a request GraphQL's resolvers would see (`payloadAPI: 'GraphQL'`, no
 * user). Records the caller may not read are not found, as there.
 */
const loaderRecords = async (
  payload: Payload,
  req: PayloadRequest,
  collection: string,
  ids: (number | string)[],
): Promise<Record<string, unknown>[]> => {
  const found: Record<string, unknown>[] = []
  for (let at = 0; at < ids.length; at += LOADER_BATCH) {
    const { docs } = await payload.find({
      collection: collection as never,
      currentDepth: 0,
      depth: 0,
      disableErrors: true,
      draft: false,
      fallbackLocale: req.fallbackLocale as never,
      locale: req.locale as never,
      overrideAccess: false,
      pagination: false,
      req,
      showHiddenFields: false,
      where: { id: { in: ids.slice(at, at + LOADER_BATCH) } },
    })
    found.push(...(docs as Record<string, unknown>[]))
  }
  return found
}

/**
 * The records a batch of rendered articles' populated records name by id only (a person's
 * positions' organizations), as GraphQL's loader would read them, per article: `{ <collection>:
 * [records] }`, or null for none. GraphQL takes them from the rendering where a query goes that
 * level deeper (graphql.ts); REST never reads them.
 */
const relatedOf = async (
  payload: Payload,
  docs: Record<string, unknown>[],
  fieldsOf: (slug: string) => FieldShape[] | undefined,
): Promise<(null | Record<string, Record<string, unknown>[]>)[]> => {
  const named = docs.map((doc) => namedByPopulated(slugs.articles, doc, fieldsOf))
  const wanted = new Map<string, Set<number | string>>()
  for (const byCollection of named) {
    for (const [collection, ids] of byCollection) {
      const config = payload.collections[collection as keyof typeof payload.collections]?.config
      // Collections GraphQL leaves out are never loaded by it.
      if (config && config.graphQL !== false) {
        const all = wanted.get(collection) ?? new Set()
        ids.forEach((id) => all.add(id))
        wanted.set(collection, all)
      }
    }
  }
  if (wanted.size === 0) {
    return docs.map(() => null)
  }
  const req = await createLocalReq({}, payload)
  req.payloadAPI = 'GraphQL'
  const records = new Map<string, Map<number | string, Record<string, unknown>>>()
  for (const [collection, ids] of wanted) {
    const found = await loaderRecords(payload, req, collection, [...ids])
    records.set(collection, new Map(found.map((record) => [record.id as number | string, record])))
  }
  return named.map((byCollection) => {
    const related: Record<string, Record<string, unknown>[]> = {}
    for (const [collection, ids] of byCollection) {
      const list = [...ids].flatMap((id) => {
        const record = records.get(collection)?.get(id)
        return record ? [record] : []
      })
      if (list.length > 0) {
        related[collection] = list
      }
    }
    return Object.keys(related).length > 0 ? related : null
  })
}

/**
 * Makes the public renderings of articles `ids` and stores them: each as Payload's own REST
 * handler answers an anonymous `GET /api/articles?depth=1` (the same code path, access and hooks
 * as any visitor's read), with the records it was made of, and the records its populated records
 * name (relatedOf). Articles the public cannot read are left out. Stored only if no write moved
 * the clock meanwhile (store.ts); returned either way, saying whether it was stored.
 */
export const renderArticles = async (
  payload: Payload,
  ids: number[],
): Promise<(NewRendering & { stored: boolean })[]> => {
  const made: (NewRendering & { stored: boolean })[] = []
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
    const related = await relatedOf(payload, docs, fieldsOf)
    const batch = docs.map((doc, index) => {
      const records = Object.entries(related[index] ?? {}).flatMap(([collection, list]) =>
        list.map((record) => ({ collection, record })),
      )
      const terms = [validUntilOf(doc), ...records.map(({ record }) => validUntilOf(record))]
      return {
        body: JSON.stringify(doc),
        id: Number(doc.id),
        refs: [
          ...new Set([
            ...refsOf(slugs.articles, doc, fieldsOf),
            // Their own relations: one deleted empties it in the record GraphQL reads.
            ...records.flatMap(({ collection, record }) => refsOf(collection, record, fieldsOf)),
          ]),
        ],
        related: related[index] ? JSON.stringify(related[index]) : null,
        validUntil: terms.reduce<null | string>(
          (soonest, term) =>
            term !== null && (soonest === null || term < soonest) ? term : soonest,
          null,
        ),
      }
    })
    const stored = await storeRenderings(payload, clock, renderingShape(payload), batch)
    made.push(...batch.map((rendering) => ({ ...rendering, stored })))
  }
  return made
}

type Queue = { done: Promise<void>; ids: Set<number>; running: boolean }
/** The instances that serve visitors (startPortalServer), which remake renderings eagerly. */
const queues = new WeakMap<Payload, Queue>()

/**
 * Has writes through `payload` remake the renderings they dropped, in the background, as a server
 * does; returns what stops it (the server's close), once the batch under way is done. Other
 * processes (an import, a rebuild, the bench's corpus) only drop them: a server then makes each
 * missing one when first asked for, or on its next start.
 */
export const remakeRenderingsEagerly = (payload: Payload): (() => Promise<void>) => {
  const queue: Queue = { done: Promise.resolve(), ids: new Set(), running: false }
  queues.set(payload, queue)
  return async () => {
    queues.delete(payload)
    queue.ids.clear()
    await queue.done
  }
}

/** How often a background rendering is made again when a write kept it from being stored. */
const STORE_ATTEMPTS = 3

const drain = async (payload: Payload, queue: Queue): Promise<void> => {
  // A write that came between the read and the store keeps the whole batch out (store.ts), and
  // drops and queues only the renderings it touched: the others are tried again here, a few times.
  const attempts = new Map<number, number>()
  try {
    while (queue.ids.size > 0 && (await renderingsReady(payload))) {
      const chunk = [...queue.ids].slice(0, RENDER_BATCH)
      for (const id of chunk) {
        queue.ids.delete(id)
      }
      for (const { id, stored } of await renderArticles(payload, chunk)) {
        const tried = (attempts.get(id) ?? 0) + 1
        attempts.set(id, tried)
        if (!stored && tried < STORE_ATTEMPTS && queues.get(payload) === queue) {
          queue.ids.add(id)
        }
      }
    }
  } catch (error) {
    payload.logger.warn({ err: error, msg: 'Public renderings were not made again' })
    queue.ids.clear()
  } finally {
    queue.running = false
  }
}

/**
 * Makes the renderings of `ids` again in the background, after the write that dropped them has
 * committed: a visitor then finds them made. A rendering not made (the process ends, a write
 * comes between) is made when first asked for.
 */
export const queueRenderings = (payload: Payload, ids: number[]): void => {
  const queue = queues.get(payload)
  if (ids.length === 0 || !queue) {
    return
  }
  for (const id of ids) {
    queue.ids.add(id)
  }
  if (queue.running) {
    return
  }
  queue.running = true
  // After the current request: the write's answer goes first.
  queue.done = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
    drain(payload, queue),
  )
}

/** Whether some rendering is of another shape, or some published article has none. */
const needsRefresh = async (payload: Payload): Promise<boolean> => {
  const { otherShape, published, rendered } = await countRenderings(
    payload,
    renderingShape(payload),
  )
  return otherShape || rendered < published
}

/** Lets requests in between two batches of background work. */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Makes every published article's rendering that is missing, of another shape (a new build, other
 * media settings) or past its term, in id order, a batch at a time; drops those of articles no
 * longer published. For `npm run rebuild:renderings` and for a server that starts on renderings
 * of another build. Returns how many articles it looked at and how many it made.
 */
export const refreshRenderings = async (
  payload: Payload,
  {
    onBatch,
    stopped = () => false,
  }: {
    onBatch?: (progress: { checked: number; made: number }) => void
    /** Asked between batches: true ends the work there (a server closing). */
    stopped?: () => boolean
  } = {},
): Promise<{ checked: number; dropped: number; made: number }> => {
  const dropped = await dropUnpublished(payload)
  const shape = renderingShape(payload)
  let after = 0
  let checked = 0
  let made = 0
  while (!stopped()) {
    const ids = await publishedIdsAfter(payload, after, 1000)
    if (ids.length === 0) {
      break
    }
    after = ids[ids.length - 1]!
    const stored = await readShapes(payload, ids)
    const now = new Date().toISOString()
    const stale = ids.filter((id) => {
      const row = stored.get(id)
      return !row || !holds(row, shape, now)
    })
    for (let at = 0; at < stale.length && !stopped(); at += RENDER_BATCH) {
      made += (await renderArticles(payload, stale.slice(at, at + RENDER_BATCH))).length
      await yieldToRequests()
    }
    checked += ids.length
    onBatch?.({ checked, made })
  }
  return { checked, dropped, made }
}

/**
 * On a server's start: when stored renderings are of another build (a deploy) or fewer than the
 * published articles (a restore, a bulk load), makes them again in the background, a batch at a
 * time between requests. Visitors meanwhile get each missing one made on the spot. Returns what
 * stops it (the server's close).
 */
export const refreshInBackground = (payload: Payload): (() => Promise<void>) => {
  let stop = false
  const work = (async () => {
    if (!(await renderingsReady(payload)) || !(await needsRefresh(payload))) {
      return
    }
    const started = Date.now()
    const { checked, made } = await refreshRenderings(payload, { stopped: () => stop })
    if (!stop) {
      payload.logger.info(
        `Public renderings brought up to date in ${((Date.now() - started) / 1000).toFixed(1)} s: ${made} of ${checked} made`,
      )
    }
  })().catch((error: unknown) => {
    if (!stop) {
      payload.logger.warn({ err: error, msg: 'Public renderings were not brought up to date' })
    }
  })
  return async () => {
    stop = true
    await work
  }
}
