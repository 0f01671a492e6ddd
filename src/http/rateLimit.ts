/**
 * Rate limits per client IP (per key for integrators' API keys), counted in one-minute windows:
 * in Redis when REDIS_URL is set, so they count across instances, else in this process's memory.
 * While Redis does not answer, each instance counts in its own memory, and Redis again once it does.
 *
 * Environment (read once at start; a value that is not a positive whole number stops the start):
 * - `RATE_LIMIT`: `0` turns every limit off (the benchmark does); anything else or unset keeps them on.
 * - `RATE_LIMIT_LOGIN` (default 10): failed logins (`POST /api/<users>/login`) per minute; successful
 *   logins do not count. GraphQL login and forgot-password mutations share this number, and there
 *   every attempt counts, because GraphQL answers a failed login with 200.
 * - `RATE_LIMIT_FORGOT_PASSWORD` (default 5): `POST /api/<users>/forgot-password` per minute.
 * - `RATE_LIMIT_GRAPHQL` (default 300): requests to `/api/graphql` per minute.
 * - `RATE_LIMIT_API` (default 1200): every other request under `/api` per minute.
 * - `RATE_LIMIT_STAFF_FACTOR` (default 5): requests whose credentials verify get this many times
 *   the GraphQL and API limits: signed-in accounts keyed by IP, API keys (`api-clients`) by key.
 *   Credentials that do not verify (a forged header) get the anonymous limits.
 * - `TRUST_PROXY`: `1` when behind a reverse proxy, so the client IP comes from `X-Forwarded-For`;
 *   otherwise that header is ignored and the key is the connecting address.
 *
 * `/api/health` and `/api/ready` are never limited. Over a limit: 429, `Retry-After` in seconds and
 * `{ errors: [{ message }] }`.
 */
import type { Request, RequestHandler } from 'express'
import type { IncrementResponse, Options, Store } from 'express-rate-limit'

import type { SharedRedis } from '../redis'
import type { Caller } from './credentials'

import { ipKeyGenerator, MemoryStore, rateLimit } from 'express-rate-limit'
import { RedisStore } from 'rate-limit-redis'

import type { RateLimitOptions } from '../lib/env'
import { DEFAULT_RATE_LIMITS as DEFAULTS, readRateLimits } from '../lib/env'
import { sendError } from './errors'

export type { RateLimitOptions }

export type RateLimiters = {
  /** Mount on `/api`: picks the login, forgot-password, GraphQL or general limit by path. */
  api: RequestHandler
  /** Counts a GraphQL login or forgot-password mutation; the GraphQL limits call it. */
  graphqlAuth: RequestHandler
}

/** The limits the environment asks for, or `false` when `RATE_LIMIT=0` (read in src/lib/env). */
export const rateLimitsFromEnv = readRateLimits

const WINDOW_MS = 60_000

/** The client's address; IPv4 seen through a dual-stack socket is keyed as plain IPv4. */
const clientKey = (req: Request): string => {
  const address = req.ip ?? req.socket.remoteAddress ?? 'unknown'
  // Without this every IPv4 client ('::ffff:a.b.c.d') would share one IPv6 /56 bucket.
  return ipKeyGenerator(address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, ''))
}

/**
 * Counts in Redis while it answers, else in this process's memory (so limits hold per instance
 * during an outage). A count begun in one and ended in the other (a successful login's decrement
 * across the switch) is off by one for one window at most.
 */
const sharedOrLocalStore = (redis: SharedRedis, name: string): Store => {
  const prefix = redis.key(`rate-limit:${name}:`)
  const memory = new MemoryStore()
  const shared = new RedisStore({
    prefix,
    sendCommand: (command: string, ...args: string[]) =>
      redis.client.call(command, ...args) as never,
  })
  // The store loads its scripts at once; while Redis is down that fails, and it loads them again
  // on first use. Nothing may be left unhandled meanwhile.
  const scripts = shared as unknown as Record<string, Promise<unknown>>
  for (const script of ['incrementScriptSha', 'getScriptSha']) {
    scripts[script]?.catch(() => {})
  }
  const either = async <T>(inRedis: () => Promise<T>, inMemory: () => Promise<T> | T) => {
    if (redis.ok()) {
      try {
        const result = await inRedis()
        redis.succeeded()
        return result
      } catch (error) {
        redis.failed(error)
      }
    }
    return inMemory()
  }
  return {
    decrement: (key) =>
      either(
        () => shared.decrement(key),
        () => memory.decrement(key),
      ),
    increment: (key): Promise<IncrementResponse> =>
      either(
        () => shared.increment(key),
        () => memory.increment(key),
      ),
    init: (options: Options) => {
      memory.init(options)
      shared.init(options)
    },
    localKeys: false,
    prefix,
    resetKey: (key) =>
      either(
        () => shared.resetKey(key),
        () => memory.resetKey(key),
      ),
    shutdown: () => memory.shutdown(),
  }
}

type LimiterArgs = {
  /** How requests are counted: by client address unless given. */
  keyOf?: (req: Request) => Promise<string> | string
  limit: number
  message: string
  /** A unique name: the key prefix of this limit's counts in Redis. */
  name: string
  /** Whether the request's credentials verify; only then does staffFactor apply. */
  signedIn?: (req: Request) => Promise<boolean>
  /** Extra allowance for requests whose credentials verify. */
  staffFactor?: number
  skipSuccessfulRequests?: boolean
}

const limiter =
  (redis: null | SharedRedis) =>
  ({
    keyOf = clientKey,
    limit,
    message,
    name,
    signedIn,
    skipSuccessfulRequests = false,
    staffFactor = 1,
  }: LimiterArgs) =>
    rateLimit({
      handler: (_req, res) => {
        sendError(
          res,
          429,
          `${message} Try again in ${res.getHeader('Retry-After') ?? 60} seconds.`,
        )
      },
      keyGenerator: keyOf,
      legacyHeaders: false,
      limit:
        signedIn && staffFactor > 1
          ? async (req: Request) => ((await signedIn(req)) ? limit * staffFactor : limit)
          : limit,
      skipSuccessfulRequests,
      standardHeaders: 'draft-7',
      store: redis ? sharedOrLocalStore(redis, name) : new MemoryStore(),
      windowMs: WINDOW_MS,
    })

const pass: RequestHandler = (_req, _res, next) => next()

export type RateLimitContext = {
  /** Shared counts (REDIS_URL); none: this process's memory. */
  redis?: null | SharedRedis
  /** Who the request's credentials verify as (src/http/credentials.ts); none: nobody. */
  verify?: (req: Request) => Promise<Caller | null>
}

/**
 * The limiters of one server. Login and forgot-password get no staff allowance and always count
 * by address: those limits exist to slow password guessing, whatever the request carries.
 */
export const rateLimits = (
  options?: Partial<RateLimitOptions> | false,
  { redis = null, verify }: RateLimitContext = {},
): RateLimiters => {
  if (options === false) {
    return { api: pass, graphqlAuth: pass }
  }
  const fromEnv = rateLimitsFromEnv()
  if (options === undefined && fromEnv === false) {
    return { api: pass, graphqlAuth: pass }
  }
  const settings = { ...DEFAULTS, ...(fromEnv || {}), ...options }
  const signedIn = async (req: Request) => Boolean(await verify?.(req))
  // An integrator's key is counted on its own, wherever it calls from; everyone else by address.
  const callerKey = async (req: Request) => {
    const caller = await verify?.(req)
    return caller?.collection === 'api-clients' ? `api-key:${caller.id}` : clientKey(req)
  }
  const make = limiter(redis)
  const login = make({
    limit: settings.loginFailuresPerMinute,
    message: 'Too many failed logins from this address.',
    name: 'login',
    skipSuccessfulRequests: true,
  })
  const forgotPassword = make({
    limit: settings.forgotPasswordPerMinute,
    message: 'Too many password reset requests from this address.',
    name: 'forgot-password',
  })
  const graphqlAuth = make({
    limit: settings.loginFailuresPerMinute,
    message: 'Too many login or password reset attempts from this address.',
    name: 'graphql-auth',
  })
  const graphql = make({
    keyOf: callerKey,
    limit: settings.graphqlPerMinute,
    message: 'Too many GraphQL requests from this address.',
    name: 'graphql',
    signedIn,
    staffFactor: settings.staffFactor,
  })
  const general = make({
    keyOf: callerKey,
    limit: settings.apiPerMinute,
    message: 'Too many requests from this address.',
    name: 'api',
    signedIn,
    staffFactor: settings.staffFactor,
  })

  // Paths are relative to the `/api` mount; Payload matches endpoint paths case-insensitively.
  const api: RequestHandler = (req, res, next) => {
    const path = req.path.toLowerCase().replace(/(.)\/$/, '$1')
    if (path === '/health' || path === '/ready') {
      next()
    } else if (req.method === 'POST' && /^\/[^/]+\/login$/.test(path)) {
      login(req, res, next)
    } else if (req.method === 'POST' && /^\/[^/]+\/forgot-password$/.test(path)) {
      forgotPassword(req, res, next)
    } else if (path === '/graphql') {
      graphql(req, res, next)
    } else {
      general(req, res, next)
    }
  }
  return { api, graphqlAuth }
}
