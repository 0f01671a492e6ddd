import type { NextFunction, Request, Response } from 'express'

import type { SharedRedis } from '../redis'

import crypto from 'node:crypto'

import { readServerSettings } from '../lib/env'
import { carriesCredentials } from './credentials'

type Entry = { at: number; body: Buffer; contentType: string; etag: string; generation: number }

// Writes from processes without Redis (npm run import, restore) bump no counter here: entries also expire.
const TTL_MS = 30_000

/**
 * Bumped on every create, update or delete once it commits (src/plugins/cacheInvalidation.ts), by
 * upkeep, and, with Redis, when another instance bumps its own: one counter, no per-key bookkeeping.
 */
let generation = 0
let invalidationInstalled = false

/** With REDIS_URL: the shared generation, and whether this instance can trust its cache now. */
let shared: null | SharedGeneration = null

type SharedGeneration = {
  /** A bump Redis did not take (it was down): sent again when it answers. */
  pending: boolean
  publish: () => void
  usable: () => boolean
}

/** How often each instance reads the shared generation: a lost message is noticed within this. */
const POLL_MS = 500
/** The cache is trusted only while the shared generation was read this recently. */
const FRESH_MS = 1_500

/** Empties this instance's cache and, with Redis, every other instance's. One function for all. */
export const bumpCacheGeneration = (): void => {
  generation += 1
  shared?.publish()
}

export const markCacheInvalidationInstalled = (): void => {
  invalidationInstalled = true
}

/**
 * Shares the generation through Redis: a bump stores a fresh token under `cache:generation` and
 * announces it on the `cache:invalidate` channel; every instance drops its cache on the message,
 * and also when the token it reads every POLL_MS changed (a message lost with a connection).
 * While Redis does not answer, the cache is bypassed, not served: bumps elsewhere would be missed.
 * Returns the function that detaches it.
 */
export const shareCacheGeneration = (redis: SharedRedis): (() => void) => {
  const tokenKey = redis.key('cache:generation')
  const channel = redis.key('cache:invalidate')
  let subscribed = false
  let readAt = 0
  let lastToken: null | string | undefined
  let wasUsable = false

  const usable = () => {
    const now = subscribed && redis.ok() && Date.now() - readAt < FRESH_MS
    if (now !== wasUsable) {
      wasUsable = now
      // Leaving: answers being made may predate a bump we will not hear of. Returning: entries
      // kept from before the outage may have missed bumps made during it.
      generation += 1
    }
    return now
  }

  const state: SharedGeneration = {
    pending: false,
    publish: () => {
      const token = crypto.randomUUID()
      state.pending = true
      if (redis.client.status !== 'ready') {
        return
      }
      redis.client
        .multi()
        .set(tokenKey, token)
        .publish(channel, redis.instance)
        .exec()
        .then((results) => {
          const error = results?.find(([failure]) => failure)?.[0]
          if (!results || error) {
            throw error ?? new Error('the bump was not applied')
          }
          state.pending = false
          // Our own token: no need to drop the cache again when the next poll reads it.
          lastToken = token
          redis.succeeded()
        })
        .catch((error: unknown) => redis.failed(error))
    },
    usable,
  }

  const poll = async () => {
    if (redis.client.status !== 'ready') {
      usable()
      return
    }
    try {
      const token = await redis.client.get(tokenKey)
      readAt = Date.now()
      if (token !== lastToken) {
        lastToken = token
        generation += 1
      }
      redis.succeeded()
      if (state.pending) {
        state.publish()
      }
    } catch (error) {
      redis.failed(error)
    }
    usable()
  }
  const timer = setInterval(() => void poll(), POLL_MS)
  timer.unref()

  const subscribe = () => {
    redis.subscriber.subscribe(channel).then(
      () => {
        subscribed = true
        void poll()
      },
      (error: unknown) => redis.failed(error),
    )
  }
  redis.subscriber.on('ready', subscribe)
  redis.subscriber.on('close', () => {
    subscribed = false
    usable()
  })
  redis.subscriber.on('message', (from: string, sender: string) => {
    if (from === channel && sender !== redis.instance) {
      generation += 1
    }
  })
  if (redis.subscriber.status === 'ready') {
    subscribe()
  }
  shared = state
  return () => {
    clearInterval(timer)
    if (shared === state) {
      shared = null
    }
  }
}

/**
 * Waits until Redis has taken this process's last bump, at most `timeoutMs`: for a process that
 * exits after writing (npm run import). False when Redis did not take it in time.
 */
export const flushCacheGeneration = async (timeoutMs = 5_000): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs
  while (shared?.pending) {
    if (Date.now() > deadline) {
      return false
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return true
}

/** Whether entries may be served and stored now: always alone, with Redis only while it answers. */
const cacheUsable = (): boolean => (shared ? shared.usable() : true)

type ResponseCacheOptions = {
  /** Off with CACHE=0 (the bench's cold runs). */
  enabled?: boolean
  /** Upper bound on the bytes of cached bodies. */
  maxBytes?: number
  /** Whether the request's credentials are valid (src/http/credentials.ts, once per request). */
  signedIn: (req: Request) => Promise<boolean>
}

/** The cache key, or null when the request must reach Payload (drafts, mutations, non-reads). */
const keyOf = (req: Request): null | string => {
  // Drafts, and draft previews (the token is the credential), are never shared.
  if (/[?&]draft=true(?:&|$)/.test(req.originalUrl) || req.path.startsWith('/preview/')) {
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

/** What a shared cache (a CDN) may keep an anonymous read for; the same as this cache's TTL. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=30, stale-while-revalidate=60'
/**
 * Answers to a request with credentials: `private` keeps them out of every shared cache (a CDN),
 * `no-cache` has the browser ask again each time. Not `no-store`: with it on the admin's own
 * fetches, Chromium never let the admin's edit page settle after a save (the e2e suite caught it).
 */
export const PRIVATE_CACHE_CONTROL = 'private, no-cache'

/**
 * The Cache-Control an API answer goes out with, or null to keep the handler's own: private for
 * any request carrying credentials (valid or not: RFC 9111 lets a shared cache keep an answer to
 * an Authorization request when it says `public`), public for a successful anonymous read.
 */
export const cacheControlFor = (
  req: Request,
  status: number,
  own: null | string,
): null | string => {
  if (carriesCredentials(req)) {
    // An answer that says no-store itself (a preview token) keeps it.
    return own && /\bno-store\b/.test(own) ? null : PRIVATE_CACHE_CONTROL
  }
  if (own) {
    return null
  }
  if (/[?&]draft=true(?:&|$)/.test(req.originalUrl)) {
    // Anonymous callers get published content here too, but a draft URL is never for sharing.
    return PRIVATE_CACHE_CONTROL
  }
  return status === 200 && keyOf(req) ? PUBLIC_CACHE_CONTROL : null
}

const matches = (header: string | undefined, etag: string): boolean =>
  Boolean(header) && header!.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')

/**
 * In-memory LRU of anonymous read responses (REST GETs and GraphQL queries), bounded by bytes.
 * Serves only while the invalidation plugin is installed: without it, entries could go stale.
 * Credentials that do not verify loosen nothing: such a request is anonymous and served from here.
 */
export const responseCache = ({
  enabled = readServerSettings().cache,
  maxBytes = 64 * 1024 * 1024,
  signedIn,
}: ResponseCacheOptions) => {
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

  const cached = async (req: Request, res: Response, next: NextFunction) => {
    const key = enabled && invalidationInstalled && cacheUsable() ? keyOf(req) : null
    if (!key || (carriesCredentials(req) && (await signedIn(req)))) {
      return next()
    }
    const hit = entries.get(key)
    if (hit && hit.generation === generation && Date.now() - hit.at < TTL_MS) {
      entries.delete(key)
      entries.set(key, hit)
      res.setHeader(
        'Cache-Control',
        carriesCredentials(req) ? PRIVATE_CACHE_CONTROL : PUBLIC_CACHE_CONTROL,
      )
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
        // A handler that said private (a draft preview) is never kept; neither is an answer to
        // credentials that did not verify (it is private for the CDN, and cheap to make again).
        !/private|no-store/.test(String(res.getHeader('cache-control') ?? '')) &&
        // JSON reads, and the feeds and sitemap (XML): the same anonymous reads, dropped alike.
        /^application\/(?:json|xml|rss\+xml|atom\+xml)\b/.test(contentType) &&
        // Checked first: leaving the usable state bumps the generation.
        cacheUsable() &&
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
  return (req: Request, res: Response, next: NextFunction) => {
    cached(req, res, next).catch(next)
  }
}
