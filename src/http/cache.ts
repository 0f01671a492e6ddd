import type { Config, SanitizedConfig } from 'payload'

import type { SharedRedis } from '../redis'
import type { Answer } from './bridge'
import type { Handle } from './handler'

import crypto from 'node:crypto'

import { readServerSettings } from '../lib/env'
import { plainHeaders } from './bridge'
import { carriesCredentials } from './credentials'
import { bufferedResponse, reanswer, requestText } from './handler'

/** The answers of a hit: to an anonymous request, and to one whose credentials did not verify. */
type Answers = { anonymous: Answer; credentials: Answer }

type Entry = {
  at: number
  body: Buffer
  etag: string
  generation: number
  /** 200: the stored answer's headers, its ETag and X-Cache. */
  ok: Answers
  /** 304 to a matching If-None-Match. */
  notModified: Answers
}

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
      if (!subscribed && redis.subscriber.status === 'ready') {
        // A SUBSCRIBE that timed out (a loaded machine) is not tried again by any event.
        subscribe()
      }
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

    let subscribing = false
    function subscribe() {
      if (subscribing) {
        return
      }
      subscribing = true
      redis.subscriber.subscribe(channel).then(
        () => {
          subscribing = false
          subscribed = true
          void poll()
        },
        (error: unknown) => {
          subscribing = false
          redis.failed(error)
        },
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
const keyOf = (method: string, url: URL, body: null | string): null | string => {
  // Drafts, and draft previews (the token is the credential), are never shared.
  if (isDraft(url) || url.pathname.startsWith('/api/preview/')) {
    return null
  }
  const path = `${url.pathname}${url.search}`
  if (method === 'GET') {
    return `GET ${path}`
  }
  if (method === 'POST' && url.pathname === '/api/graphql' && body) {
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

/**
 * Whether a miss's answer may be kept, by its status and headers (`header` looks one up): a 200
 * of a cached type, setting no cookie, that no handler said is private (a draft preview is never
 * kept; neither is an answer to credentials that did not verify: it is private for the CDN, and
 * cheap to make again).
 */
const keepable = (status: number, header: (name: string) => null | string | undefined): boolean =>
  status === 200 &&
  !header('set-cookie') &&
  !/private|no-store/.test(header('cache-control') ?? '') &&
  CACHED_TYPES.test(header('content-type') ?? '')

/** Headers sorted by name, as a web Response's Headers list them (a miss through the Handle). */
const sorted = (list: [string, string][]): [string, string][] =>
  list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

/** The ETag of an answer the cache keeps that has none of its own: a digest of its body. */
const etagOf = (body: Buffer): string =>
  `W/"${crypto.createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`

const matches = (header: null | string | undefined, etag: string): boolean =>
  Boolean(header) && header!.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')

/** JSON reads, and the feeds and sitemap (XML): the same anonymous reads, dropped alike. */
const CACHED_TYPES = /^application\/(?:json|xml|rss\+xml|atom\+xml)\b/

/** What the cache needs to know of a request that carries no credentials to answer it. */
export type AnonymousRead = {
  /** A GraphQL request's body text, else null. */
  body: null | string
  ifNoneMatch: null | string | undefined
  method: string
  url: URL
}

/**
 * A Handle with the cache in front, and `hit`: the cache's answer to a request without
 * credentials, or null when the request must go through the Handle (a miss, or not cacheable).
 * Transport may ask `hit` before building the web Request; the Handle answers a hit the same.
 */
export type CachedHandle = Handle & {
  /**
   * An anonymous read answered outside the Handle (a stored rendering, src/http/renderings.ts):
   * `produce` makes the answer (null: the Handle must answer), which goes out as a miss through
   * the Handle would, with its Cache-Control and, when the cache keeps it, its ETag.
   */
  answered: (read: AnonymousRead, produce: () => Promise<Answer | null>) => Promise<Answer | null>
  hit: (read: AnonymousRead) => Answer | null
}

/**
 * In-memory LRU of anonymous read answers (REST GETs and GraphQL queries), bounded by bytes, and
 * the Cache-Control of every answer. Serves only while the invalidation plugin is installed:
 * without it, entries could go stale. Credentials that do not verify loosen nothing: such a
 * request is anonymous and served from here.
 */
export const withCache = (
  handle: Handle,
  { cache, enabled = readServerSettings().cache, maxBytes = 64 * 1024 * 1024 }: CacheOptions,
): CachedHandle => {
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

  /** Whether entries may be served and stored now. */
  const serving = () => enabled && cache.invalidationInstalled && cache.usable()

  /**
   * The one place that decides what a hit looks like (both ways in answer with it): the entry
   * under `key` as it goes out, or null when there is none or it is stale (then it is dropped).
   * Headers in the order a web Response's Headers would list them (sorted).
   */
  const lookup = (
    key: string,
    credentials: boolean,
    ifNoneMatch: null | string | undefined,
  ): Answer | null => {
    const entry = entries.get(key)
    if (!entry) {
      return null
    }
    if (entry.generation !== cache.generation || Date.now() - entry.at >= TTL_MS) {
      remove(key)
      return null
    }
    entries.delete(key)
    entries.set(key, entry)
    const answers = matches(ifNoneMatch, entry.etag) ? entry.notModified : entry.ok
    return credentials ? answers.credentials : answers.anonymous
  }

  /**
   * An entry of the answer a miss sends (`headers`, `body`): a hit is that answer again, with
   * its ETag and X-Cache: HIT, and private to credentials that did not verify (as their miss is).
   */
  const entryOf = (
    headers: [name: string, value: string][],
    body: Buffer,
    etag: string,
    generation: number,
  ): Entry => {
    const own = headers.filter(
      ([name]) => name !== 'cache-control' && name !== 'etag' && name !== 'x-cache',
    )
    const control = headers.find(([name]) => name === 'cache-control')?.[1] ?? PUBLIC_CACHE_CONTROL
    const ok = (cacheControl: string): Answer => ({
      body,
      headers: sorted([
        ...own,
        ['cache-control', cacheControl],
        ['etag', etag],
        ['x-cache', 'HIT'],
      ]),
      status: 200,
    })
    const notModified = (cacheControl: string): Answer => ({
      body: null,
      headers: [
        ['cache-control', cacheControl],
        ['etag', etag],
        ['x-cache', 'HIT'],
      ],
      status: 304,
    })
    return {
      at: Date.now(),
      body,
      etag,
      generation,
      notModified: {
        anonymous: notModified(control),
        credentials: notModified(PRIVATE_CACHE_CONTROL),
      },
      ok: { anonymous: ok(control), credentials: ok(PRIVATE_CACHE_CONTROL) },
    }
  }

  const hit = ({ body, ifNoneMatch, method, url }: AnonymousRead): Answer | null => {
    const key = serving() ? keyOf(method, url, body) : null
    return key ? lookup(key, false, ifNoneMatch) : null
  }

  const cached: Handle = async (request, signedIn) => {
    const url = new URL(request.url)
    const credentials = carriesCredentials(request.headers)
    const graphqlBody =
      request.method === 'POST' && url.pathname === '/api/graphql'
        ? (requestText(request) ?? (await request.clone().text()))
        : null
    const readKey = keyOf(request.method, url, graphqlBody)
    const cacheable = readKey !== null
    const key = serving() ? readKey : null
    if (!key || (credentials && (await signedIn()))) {
      return answer(request, signedIn, credentials, url, cacheable)
    }
    const found = lookup(key, credentials, request.headers.get('if-none-match'))
    if (found) {
      return bufferedResponse(found.body, { headers: found.headers, status: found.status })
    }
    const started = cache.generation
    const response = await answer(request, signedIn, credentials, url, cacheable)
    if (!keepable(response.status, (name) => response.headers.get(name))) {
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
      const etag = response.headers.get('etag') || etagOf(body)
      store(key, entryOf(plainHeaders(response.headers), body, etag, started))
      // The miss carries the ETag its hits will: the same answer either way.
      return reanswer(response, body, (headers) => headers.set('etag', etag))
    }
    return reanswer(response, body)
  }

  const answered = async (
    read: AnonymousRead,
    produce: () => Promise<Answer | null>,
  ): Promise<Answer | null> => {
    const { method, url } = read
    const readKey = keyOf(method, url, read.body)
    const cacheable = readKey !== null
    const key = serving() ? readKey : null
    const started = cache.generation
    const made = await produce()
    if (!made) {
      return null
    }
    const own = made.headers.find(([name]) => name === 'cache-control')?.[1] ?? null
    const control = cacheControlFor(false, url, cacheable, made.status, own)
    const headers = sorted(
      control
        ? [...made.headers.filter(([name]) => name !== 'cache-control'), ['cache-control', control]]
        : [...made.headers],
    )
    // As a miss through the Handle: kept when it may be (see `cached`), and then with its ETag.
    if (
      key === null ||
      !keepable(made.status, (wanted) => headers.find(([name]) => name === wanted)?.[1]) ||
      !cache.usable() ||
      cache.generation !== started
    ) {
      return { ...made, headers }
    }
    const body = made.body === null ? Buffer.alloc(0) : Buffer.concat([made.body].flat())
    const etag = etagOf(body)
    const kept = sorted([...headers, ['etag', etag]])
    store(key, entryOf(kept, body, etag, started))
    return { body, headers: kept, status: made.status }
  }
  return Object.assign(cached, { answered, hit })
}
