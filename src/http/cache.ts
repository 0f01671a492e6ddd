import type { NextFunction, Request, Response } from 'express'

import crypto from 'node:crypto'

type Entry = { at: number; body: Buffer; contentType: string; etag: string; generation: number }

// Writes from other processes (npm run import, restore) bump no counter here: entries also expire.
const TTL_MS = 30_000

/** Bumped on every create, update or delete (src/plugins/cacheInvalidation.ts): one counter, no per-key bookkeeping. */
let generation = 0
let invalidationInstalled = false

export const bumpCacheGeneration = (): void => {
  generation += 1
}

export const markCacheInvalidationInstalled = (): void => {
  invalidationInstalled = true
}

type ResponseCacheOptions = {
  /** Off with CACHE=0 (the bench's cold runs). */
  enabled?: boolean
  /** Upper bound on the bytes of cached bodies. */
  maxBytes?: number
}

const isAnonymous = (req: Request): boolean =>
  !req.headers.authorization && !/(?:^|;\s*)payload-token=/.test(req.headers.cookie ?? '')

/** The cache key, or null when the request must reach Payload (drafts, mutations, non-reads). */
const keyOf = (req: Request): null | string => {
  if (/[?&]draft=true(?:&|$)/.test(req.originalUrl)) {
    return null
  }
  if (req.method === 'GET') {
    return `GET ${req.originalUrl}`
  }
  const query = (req.body as { query?: unknown } | undefined)?.query
  if (req.method === 'POST' && req.path === '/graphql' && typeof query === 'string') {
    return /\bmutation\b/.test(query) ? null : `POST ${req.originalUrl} ${JSON.stringify(req.body)}`
  }
  return null
}

const matches = (header: string | undefined, etag: string): boolean =>
  Boolean(header) && header!.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')

/**
 * In-memory LRU of anonymous read responses (REST GETs and GraphQL queries), bounded by bytes.
 * Serves only while the invalidation plugin is installed: without it, entries could go stale.
 */
export const responseCache = ({
  enabled = process.env.CACHE !== '0',
  maxBytes = 64 * 1024 * 1024,
}: ResponseCacheOptions = {}) => {
  // A Map keeps insertion order: re-inserting on a hit makes its first key the least recently used.
  const entries = new Map<string, Entry>()
  let bytes = 0

  /** What an entry holds: its body and its key (a GraphQL key carries the whole query). */
  const sizeOf = (key: string, entry: Entry) => entry.body.length + key.length * 2

  const remove = (key: string) => {
    const entry = entries.get(key)
    if (entry) {
      bytes -= sizeOf(key, entry)
      entries.delete(key)
    }
  }

  const store = (key: string, entry: Entry) => {
    if (entry.body.length > maxBytes / 8) {
      return
    }
    remove(key)
    entries.set(key, entry)
    bytes += sizeOf(key, entry)
    while (bytes > maxBytes) {
      remove(entries.keys().next().value as string)
    }
  }

  return (req: Request, res: Response, next: NextFunction) => {
    const key = enabled && invalidationInstalled && isAnonymous(req) ? keyOf(req) : null
    if (!key) {
      return next()
    }
    const hit = entries.get(key)
    if (hit && hit.generation === generation && Date.now() - hit.at < TTL_MS) {
      entries.delete(key)
      entries.set(key, hit)
      res.setHeader('Cache-Control', 'public, max-age=30, stale-while-revalidate=60')
      res.setHeader('ETag', hit.etag)
      res.setHeader('X-Cache', 'HIT')
      if (matches(req.headers['if-none-match'], hit.etag)) {
        res.status(304).end()
        return
      }
      res.setHeader('Content-Type', hit.contentType)
      res.status(200).end(hit.body)
      return
    }
    if (hit) {
      remove(key)
    }
    const started = generation
    const chunks: Buffer[] = []
    const write = res.write.bind(res) as (...args: unknown[]) => boolean
    const end = res.end.bind(res) as (...args: unknown[]) => Response
    const keep = (chunk: unknown, encoding: unknown) => {
      if (chunk && typeof chunk !== 'function') {
        chunks.push(
          Buffer.isBuffer(chunk)
            ? chunk
            : Buffer.from(
                chunk as string,
                typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
              ),
        )
      }
    }
    res.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      keep(chunk, encoding)
      return write(chunk, encoding, callback)
    }) as Response['write']
    res.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
      keep(chunk, encoding)
      const sent = Buffer.concat(chunks)
      // A small Buffer is a slice of a shared 8 KB slab and would keep the whole slab alive, so
      // a cache of small answers would hold several times the bytes it counts: copy it out.
      const body = Buffer.allocUnsafeSlow(sent.length)
      sent.copy(body)
      const contentType = String(res.getHeader('content-type') ?? '')
      const cacheable =
        res.statusCode === 200 &&
        !res.getHeader('set-cookie') &&
        contentType.includes('application/json') &&
        generation === started &&
        // A GraphQL answer with errors depends on limits and state; only clean data is kept.
        !(req.method === 'POST' && body.includes('"errors"'))
      if (cacheable) {
        const etag =
          String(res.getHeader('etag') ?? '') ||
          `W/"${crypto.createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`
        store(key, { at: Date.now(), body, contentType, etag, generation: started })
      }
      return end(chunk, encoding, callback)
    }) as Response['end']
    next()
  }
}
