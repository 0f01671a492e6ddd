/**
 * Rate limits per client IP, counted in one-minute windows in this process's memory.
 *
 * Environment (read once at start; a value that is not a positive whole number stops the start):
 * - `RATE_LIMIT`: `0` turns every limit off (the benchmark does); anything else or unset keeps them on.
 * - `RATE_LIMIT_LOGIN` (default 10): failed logins (`POST /api/<users>/login`) per minute; successful
 *   logins do not count. GraphQL login and forgot-password mutations share this number, and there
 *   every attempt counts, because GraphQL answers a failed login with 200.
 * - `RATE_LIMIT_FORGOT_PASSWORD` (default 5): `POST /api/<users>/forgot-password` per minute.
 * - `RATE_LIMIT_GRAPHQL` (default 300): requests to `/api/graphql` per minute.
 * - `RATE_LIMIT_API` (default 1200): every other request under `/api` per minute.
 * - `RATE_LIMIT_STAFF_FACTOR` (default 5): requests carrying an `Authorization` header or a
 *   `payload-token` cookie get this many times the GraphQL and API limits (still keyed by IP).
 * - `TRUST_PROXY`: `1` when behind a reverse proxy, so the client IP comes from `X-Forwarded-For`;
 *   otherwise that header is ignored and the key is the connecting address.
 *
 * `/api/health` and `/api/ready` are never limited. Over a limit: 429, `Retry-After` in seconds and
 * `{ errors: [{ message }] }`.
 */
import type { Request, RequestHandler } from 'express'

import { ipKeyGenerator, rateLimit } from 'express-rate-limit'

import { carriesCredentials } from './credentials'
import { sendError } from './errors'

export type RateLimitOptions = {
  /** Requests under `/api` per minute that no other limit covers. */
  apiPerMinute: number
  /** `POST /api/<users>/forgot-password` per minute. */
  forgotPasswordPerMinute: number
  /** Requests to `/api/graphql` per minute. */
  graphqlPerMinute: number
  /** Failed `POST /api/<users>/login` per minute; also every GraphQL login or forgot-password. */
  loginFailuresPerMinute: number
  /** Multiplier of the GraphQL and API limits for requests that carry credentials. */
  staffFactor: number
}

export type RateLimiters = {
  /** Mount on `/api`: picks the login, forgot-password, GraphQL or general limit by path. */
  api: RequestHandler
  /** Counts a GraphQL login or forgot-password mutation; the GraphQL limits call it. */
  graphqlAuth: RequestHandler
}

const DEFAULTS: RateLimitOptions = {
  apiPerMinute: 1200,
  forgotPasswordPerMinute: 5,
  graphqlPerMinute: 300,
  loginFailuresPerMinute: 10,
  staffFactor: 5,
}

const VARIABLES: Record<keyof RateLimitOptions, string> = {
  apiPerMinute: 'RATE_LIMIT_API',
  forgotPasswordPerMinute: 'RATE_LIMIT_FORGOT_PASSWORD',
  graphqlPerMinute: 'RATE_LIMIT_GRAPHQL',
  loginFailuresPerMinute: 'RATE_LIMIT_LOGIN',
  staffFactor: 'RATE_LIMIT_STAFF_FACTOR',
}

/** The limits the environment asks for, or `false` when `RATE_LIMIT=0`. */
export const rateLimitsFromEnv = (
  env: Record<string, string | undefined> = process.env,
): RateLimitOptions | false => {
  if (env.RATE_LIMIT === '0') {
    return false
  }
  const options = { ...DEFAULTS }
  for (const [key, name] of Object.entries(VARIABLES) as [keyof RateLimitOptions, string][]) {
    const raw = env[name]?.trim()
    if (raw) {
      if (!/^[1-9]\d*$/.test(raw)) {
        throw new Error(
          `${name} must be a positive whole number (requests per minute), not "${raw}".`,
        )
      }
      options[key] = Number(raw)
    }
  }
  return options
}

const WINDOW_MS = 60_000

/** The client's address; IPv4 seen through a dual-stack socket is keyed as plain IPv4. */
const clientKey = (req: Request): string => {
  const address = req.ip ?? req.socket.remoteAddress ?? 'unknown'
  // Without this every IPv4 client ('::ffff:a.b.c.d') would share one IPv6 /56 bucket.
  return ipKeyGenerator(address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, ''))
}

type LimiterArgs = {
  limit: number
  message: string
  /** Extra allowance for requests that carry credentials. */
  staffFactor?: number
  skipSuccessfulRequests?: boolean
}

const limiter = ({
  limit,
  message,
  skipSuccessfulRequests = false,
  staffFactor = 1,
}: LimiterArgs) =>
  rateLimit({
    handler: (_req, res) => {
      sendError(res, 429, `${message} Try again in ${res.getHeader('Retry-After') ?? 60} seconds.`)
    },
    keyGenerator: clientKey,
    legacyHeaders: false,
    limit: (req: Request) => (carriesCredentials(req) ? limit * staffFactor : limit),
    skipSuccessfulRequests,
    standardHeaders: 'draft-7',
    windowMs: WINDOW_MS,
  })

const pass: RequestHandler = (_req, _res, next) => next()

/**
 * The limiters of one server (each keeps its own counts). Login and forgot-password get no staff
 * allowance: anyone can send a header, and those limits exist to slow password guessing.
 */
export const rateLimits = (options?: Partial<RateLimitOptions> | false): RateLimiters => {
  if (options === false) {
    return { api: pass, graphqlAuth: pass }
  }
  const fromEnv = rateLimitsFromEnv()
  if (options === undefined && fromEnv === false) {
    return { api: pass, graphqlAuth: pass }
  }
  const settings = { ...DEFAULTS, ...(fromEnv || {}), ...options }
  const login = limiter({
    limit: settings.loginFailuresPerMinute,
    message: 'Too many failed logins from this address.',
    skipSuccessfulRequests: true,
  })
  const forgotPassword = limiter({
    limit: settings.forgotPasswordPerMinute,
    message: 'Too many password reset requests from this address.',
  })
  const graphqlAuth = limiter({
    limit: settings.loginFailuresPerMinute,
    message: 'Too many login or password reset attempts from this address.',
  })
  const graphql = limiter({
    limit: settings.graphqlPerMinute,
    message: 'Too many GraphQL requests from this address.',
    staffFactor: settings.staffFactor,
  })
  const general = limiter({
    limit: settings.apiPerMinute,
    message: 'Too many requests from this address.',
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
