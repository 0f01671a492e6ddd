import type { Config, SanitizedConfig } from 'payload'

import type { SharedRedis } from '../redis'
import type { Handle } from './handler'

import crypto from 'node:crypto'

import { readServerSettings } from '../lib/env'
import { carriesCredentials } from './credentials'
import { reanswer } from './handler'

type Entry = { at: number; body: Buffer; contentType: string; etag: string; generation: number }

// Writes from processes without Redis (npm run import, restore) bump no counter here: entries also expire.
const TTL_MS = 30_000

/** With REDIS_URL: the shared generation, and whether this instance can trust its cache now. */
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

/**
 * The response cache's state for one Payload instance (its config carries it, see
 * responseCacheOf): the generation, whether invalidation is installed, and the Redis link.
 */
export type ResponseCache = {
  /** Empties this instance's cache and, with Redis, every other instance's. */
  bump: () => void
  /**
   * Waits until Redis has taken this process's last bump, at most `timeoutMs`: for a process that
   * exits after writing (npm run import). False when Redis did not take it in time.
   */
  flush: (timeoutMs?: number) => Promise<boolean>
  /**
   * Bumped on every create, update or delete once it commits (src/plugins/cacheInvalidation.ts),
   * by upkeep, and, with Redis, when another instance bumps its own: one counter, no per-key
   * bookkeeping.
   */
  readonly generation: number
  /** Whether the invalidation plugin's hooks run: without them entries could go stale. */
  readonly invalidationInstalled: boolean
  markInvalidationInstalled: () => void
  /** For tests: drops every entry of this instance's cache, telling no other instance. */
  reset: () => void
  /**
   * Shares the generation through Redis: a bump stores a fresh token under `cache:generation` and
   * announces it on the `cache:invalidate` channel; every instance drops its cache on the message,
   * and also when the token it reads every POLL_MS changed (a message lost with a connection).
   * While Redis does not answer, the cache is bypassed, not served: bumps elsewhere would be
   * missed. Returns the function that detaches it.
   */
  share: (redis: SharedRedis) => () => void
  /** Whether entries may be served and stored now: always alone, with Redis only while it answers. */
  usable: () => boolean
}

export const createResponseCache = (): ResponseCache => {
  let generation = 0
  let invalidationInstalled = false
  let shared: null | SharedGeneration = null

  const share = (redis: SharedRedis): (() => void) => {
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

  return {
    bump: () => {
      generation += 1
      shared?.publish()
    },
    flush: async (timeoutMs = 5_000) => {
      const deadline = Date.now() + timeoutMs
      while (shared?.pending) {
        if (Date.now() > deadline) {
          return false
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      return true
    },
    get generation() {
      return generation
    },
    get invalidationInstalled() {
      return invalidationInstalled
    },
    markInvalidationInstalled: () => {
      invalidationInstalled = true
    },
    reset: () => {
      generation += 1
    },
    share,
    usable: () => (shared ? shared.usable() : true),
  }
}

const CUSTOM_KEY = 'responseCache'

/**
 * The response cache of the Payload instance built from `config`: created with the config (by
 * cacheInvalidationPlugin), so each config, and the instance and server made of it, has its own.
 * A config without that plugin gets a cache that never serves (its invalidation is not installed).
 */
export const responseCacheOf = (config: Pick<SanitizedConfig, 'custom'>): ResponseCache => {
  const custom = (config.custom ?? {}) as Record<string, unknown>
  return (custom[CUSTOM_KEY] as ResponseCache | undefined) ?? UNINSTALLED
}

/** A config's `custom` with a response cache of its own. */
export const withResponseCache = (custom: Config['custom']): Config['custom'] => ({
  ...custom,
  [CUSTOM_KEY]: createResponseCache(),
})

const UNINSTALLED = createResponseCache()

type CacheOptions = {
  /** The instance's state (responseCacheOf(config)). */
  cache: ResponseCache
  /** Off with CACHE=0 (the bench's cold runs). */
  enabled?: boolean
  /** Upper bound on the bytes of cached bodies. */
  maxBytes?: number
}

const isDraft = (url: URL): boolean => url.searchParams.getAll('draft').includes('true')

/**
 * The cache key, or null when the request must reach Payload (drafts, mutations, non-reads).
 * `body` is a GraphQL request's body text.
 */
const keyOf = (request: Request, url: URL, body: null | string): null | string => {
  // Drafts, and draft previews (the token is the credential), are never shared.
  if (isDraft(url) || url.pathname.startsWith('/api/preview/')) {
    return null
  }
  const path = `${url.pathname}${url.search}`
  if (request.method === 'GET') {
    return `GET ${path}`
  }
  if (request.method === 'POST' && url.pathname === '/api/graphql' && body) {
    // Read as text, not parsed again: a body that names a mutation anywhere is never kept.
    return /\bmutation\b/.test(body) ? null : `POST ${path} ${body}`
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
const cacheControlFor = (
  credentials: boolean,
  url: URL,
  cacheable: boolean,
  status: number,
  own: null | string,
): null | string => {
  if (credentials) {
    // An answer that says no-store itself (a preview token) keeps it.
    return own && /\bno-store\b/.test(own) ? null : PRIVATE_CACHE_CONTROL
  }
  if (own) {
    return null
  }
  if (isDraft(url)) {
    // Anonymous callers get published content here too, but a draft URL is never for sharing.
    return PRIVATE_CACHE_CONTROL
  }
  return status === 200 && cacheable ? PUBLIC_CACHE_CONTROL : null
}

const matches = (header: null | string, etag: string): boolean =>
  Boolean(header) && header!.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')

/** JSON reads, and the feeds and sitemap (XML): the same anonymous reads, dropped alike. */
const CACHED_TYPES = /^application\/(?:json|xml|rss\+xml|atom\+xml)\b/

/**
 * In-memory LRU of anonymous read answers (REST GETs and GraphQL queries), bounded by bytes, and
 * the Cache-Control of every answer. Serves only while the invalidation plugin is installed:
 * without it, entries could go stale. Credentials that do not verify loosen nothing: such a
 * request is anonymous and served from here.
 */
export const withCache = (
  handle: Handle,
  { cache, enabled = readServerSettings().cache, maxBytes = 64 * 1024 * 1024 }: CacheOptions,
): Handle => {
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

  /** The handler's answer with its Cache-Control settled. */
  const answer = async (
    request: Request,
    signedIn: () => Promise<boolean>,
    credentials: boolean,
    url: URL,
    cacheable: boolean,
  ) => {
    const response = await handle(request, signedIn)
    const control = cacheControlFor(
      credentials,
      url,
      cacheable,
      response.status,
      response.headers.get('cache-control'),
    )
    return control
      ? reanswer(response, response.body, (headers) => headers.set('cache-control', control))
      : response
  }

  return async (request, signedIn) => {
    const url = new URL(request.url)
    const credentials = carriesCredentials(request.headers)
    const graphqlBody =
      request.method === 'POST' && url.pathname === '/api/graphql'
        ? await request.clone().text()
        : null
    const cacheable = keyOf(request, url, graphqlBody) !== null
    const key =
      enabled && cache.invalidationInstalled && cache.usable() && cacheable
        ? keyOf(request, url, graphqlBody)
        : null
    if (!key || (credentials && (await signedIn()))) {
      return answer(request, signedIn, credentials, url, cacheable)
    }
    const hit = entries.get(key)
    if (hit && hit.generation === cache.generation && Date.now() - hit.at < TTL_MS) {
      entries.delete(key)
      entries.set(key, hit)
      const headers = new Headers({
        'cache-control': credentials ? PRIVATE_CACHE_CONTROL : PUBLIC_CACHE_CONTROL,
        etag: hit.etag,
        'x-cache': 'HIT',
      })
      if (matches(request.headers.get('if-none-match'), hit.etag)) {
        return new Response(null, { headers, status: 304 })
      }
      headers.set('content-type', hit.contentType)
      return new Response(new Uint8Array(hit.body), { headers, status: 200 })
    }
    if (hit) {
      remove(key)
    }
    const started = cache.generation
    const response = await answer(request, signedIn, credentials, url, cacheable)
    const contentType = response.headers.get('content-type') ?? ''
    if (
      response.status !== 200 ||
      response.headers.has('set-cookie') ||
      // A handler that said private (a draft preview) is never kept; neither is an answer to
      // credentials that did not verify (it is private for the CDN, and cheap to make again).
      /private|no-store/.test(response.headers.get('cache-control') ?? '') ||
      !CACHED_TYPES.test(contentType)
    ) {
      return response
    }
    const body = Buffer.from(await response.arrayBuffer())
    const cacheableNow =
      // Checked first: leaving the usable state bumps the generation.
      cache.usable() &&
      cache.generation === started &&
      // A GraphQL answer with errors depends on limits and state; only clean data is kept.
      !(request.method === 'POST' && body.includes('"errors"'))
    if (cacheableNow) {
      const etag =
        response.headers.get('etag') ||
        `W/"${crypto.createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`
      store(key, { at: Date.now(), body, contentType, etag, generation: started })
    }
    return reanswer(response, new Uint8Array(body))
  }
}
