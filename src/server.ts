import type { Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Payload, SanitizedConfig } from 'payload'

import type { RateLimitOptions } from './http/rateLimit'
import type { RedisTarget } from './lib/env'

import compression from 'compression'
import express from 'express'
import { STATUS_CODES } from 'node:http'
import { getPayload } from 'payload'
import pino from 'pino'

import { runMigrations, withStartupLock } from './database'
import { responseCacheOf } from './http/cache'
import { refreshInBackground, remakeRenderingsEagerly } from './plugins/renderings'
import { apiKeyChecks, bearerKeys } from './http/apiKeys'
import { verifiedCaller } from './http/credentials'
import { crossOrigin } from './http/cors'
import { errorHandler, sendError } from './http/errors'
import { health, ready } from './http/health'
import { requestLogging } from './http/logging'
import { payloadRoutes } from './http/payloadRoutes'
import { rateLimits } from './http/rateLimit'
import { securityHeaders } from './http/security'
import { readRedisTarget, readServerSettings } from './lib/env'
import { maintenanceTasks } from './maintenance'
import { allowJobRunners, runUpkeep } from './plugins/jobs'
import { connectRedis } from './redis'
import { errorShape } from './lib/errorShape'

export type PortalServerOptions = {
  config: Promise<SanitizedConfig>
  /** Serve the Next admin at /admin; tests of the API leave it off and need no build. */
  admin?: boolean
  dev?: boolean
  /** Overrides CORS_ORIGINS: the origins whose browsers may call the API. */
  corsOrigins?: '*' | string[]
  /** Run Payload's job queue in this process (scheduled publishing, upkeep); default on. */
  jobs?: boolean
  /** Largest JSON body accepted. */
  jsonLimit?: string
  logLevel?: string
  /** Runs after migrations, before the port opens (the demo seed). */
  onReady?: (payload: Payload) => Promise<void>
  port?: number
  /** Overrides the RATE_LIMIT_* settings (tests use small ones); `false` turns limits off. */
  rateLimits?: Partial<RateLimitOptions> | false
  /** Overrides REDIS_URL and REDIS_PREFIX; `null`: none, whatever the environment says. */
  redis?: null | RedisTarget
}

export type PortalServer = {
  close: () => Promise<void>
  /** Runs every upkeep task once now, in this process (the job queue runs them on schedule). */
  maintain: (now?: number) => Promise<void>
  payload: Payload
  port: number
  server: Server
  url: string
}

/** Stops this process's job runners and waits (10 s at most) for the jobs they are running. */
const stopJobRunners = async (payload: Payload): Promise<void> => {
  const runners = payload.crons.splice(0, payload.crons.length)
  await Promise.all(runners.map((runner) => runner.stop()))
  const deadline = Date.now() + 10_000
  while (runners.some((runner) => runner.isBusy()) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Keeps the admin Vietnamese unless the person chose a language (Payload's `payload-lng` cookie). */
const vietnameseByDefault: express.RequestHandler = (req, _res, next) => {
  if (!/(?:^|;\s*)payload-lng=/.test(req.headers.cookie ?? '')) {
    req.headers.cookie = req.headers.cookie
      ? `${req.headers.cookie}; payload-lng=vi`
      : 'payload-lng=vi'
  }
  next()
}

/** Express in front of Payload (REST, GraphQL) and Next (the admin). */
export const startPortalServer = async (options: PortalServerOptions): Promise<PortalServer> => {
  const serverSettings = readServerSettings()
  const dev = options.dev ?? !serverSettings.production
  const logger = pino({
    level: options.logLevel ?? serverSettings.logLevel,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
  })

  const redisTarget = options.redis === undefined ? readRedisTarget() : options.redis
  const redis = redisTarget ? connectRedis({ logger, target: redisTarget }) : null
  // This server's response cache: its state comes with the config (cacheInvalidationPlugin).
  const cache = responseCacheOf(await options.config)
  const unshareCache = redis ? cache.share(redis) : () => {}
  let payload: Payload
  try {
    payload = await getPayload({ config: options.config })
    // Instances started together on one empty PostgreSQL database take turns: one migrates and seeds.
    await withStartupLock(payload, async () => {
      await runMigrations(payload)
      await options.onReady?.(payload)
    })
  } catch (error) {
    unshareCache()
    await redis?.close()
    throw error
  }
  if (!redis && payload.db.name !== 'sqlite') {
    // A database server suggests several instances; nothing tells one instance of the others.
    logger.warn(
      "REDIS_URL is not set: the response cache and rate limits are this instance's alone. " +
        'Run one instance only, or set REDIS_URL on every instance: without it, one serves ' +
        "another's changes up to 30 s late and each counts its own failed logins.",
    )
  }
  const limits = rateLimits(options.rateLimits, {
    redis,
    verify: (req) => verifiedCaller(payload, req),
  })

  const app = express()
  app.disable('x-powered-by')
  // One proxy hop: the address the proxy saw, never a client-written leftmost X-Forwarded-For.
  app.set('trust proxy', serverSettings.trustProxy ? 1 : false)
  app.use(requestLogging(logger))
  app.use(securityHeaders({ dev }))
  // Compression for clients that accept it; the others (integrators' scripts, load generators)
  // would pay its wrapping of every response for nothing (about 5 % of a cached read's CPU). They
  // get the Vary it would have set, so a shared cache keeps the two apart.
  const compress = compression()
  app.use((req, res, next) => {
    if (req.headers['accept-encoding']) {
      compress(req, res, next)
      return
    }
    res.vary('Accept-Encoding')
    next()
  })

  // Before everything under /api, so preflights are answered and errors and 429s carry the origin.
  app.use('/api', crossOrigin(options.corsOrigins ?? serverSettings.corsOrigins))
  const current = () => payload
  app.get('/api/health', health({ getPayload: current }))
  app.get('/api/ready', ready({ getPayload: current }))
  // Bearer keys become Payload's own header before anything reads credentials.
  app.use('/api', bearerKeys)
  app.use('/api', limits.api)
  app.use('/api', apiKeyChecks({ getPayload: current }))
  app.use(
    '/api',
    payloadRoutes({
      cache,
      config: options.config,
      graphqlAuthLimit: limits.graphqlAuth,
      jsonLimit: options.jsonLimit ?? '1mb',
    }),
  )

  // The admin's Next server is prepared while the port is already open (the API and health do not
  // need it); admin requests that come sooner wait for it. The server is returned once it is ready.
  let adminReady: Promise<unknown> = Promise.resolve()
  if (options.admin) {
    const handler = (async () => {
      const { default: next } = await import('next')
      const nextApp = next({ dev, dir: process.cwd() })
      await nextApp.prepare()
      return nextApp.getRequestHandler()
    })()
    // A failure is thrown by the await below; a request meanwhile gets it through `next`.
    handler.catch(() => undefined)
    adminReady = handler
    app.get('/', (_req, res) => res.redirect(302, '/admin'))
    app.use(vietnameseByDefault, (req, res, next) =>
      handler.then((handle) => handle(req, res), next),
    )
  } else {
    app.use((req, res) => sendError(res, 404, `Route not found "${req.path}"`))
  }
  app.use(errorHandler)

  // Payload's job queue (src/plugins/jobs.ts): started on the migrated database, before the port
  // opens (Payload's handlers would otherwise start it, without runners, on the first request).
  if (options.jobs !== false) {
    allowJobRunners(payload)
    await getPayload({ config: options.config, cron: true })
  }

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port ?? 0, () => resolve(listening))
    listening.once('error', reject)
  })
  // Node answers a request it cannot parse (a URL or headers over 16 KB: 431) with no body; the
  // API's one error shape instead.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const status =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? 431
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 408
          : 400
    const message =
      status === 431
        ? 'The URL or headers are larger than this server accepts.'
        : status === 408
          ? 'The request took too long to arrive.'
          : 'The request is not valid HTTP.'
    const body = JSON.stringify(errorShape(message))
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    )
  })
  // Outlive clients' keep-alive (undici: 4 s, proxies: often 60 s) so they never reuse a socket we closed.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0)

  const maintain = async (now?: number): Promise<void> => {
    for (const task of maintenanceTasks(payload.config)) {
      await runUpkeep(payload, task, now)
    }
  }

  // Renderings a write dropped are made again behind it; those of another build (a deploy) too.
  const stopRemaking = serverSettings.renderings ? remakeRenderingsEagerly(payload) : async () => {}
  const stopRenderings = serverSettings.renderings ? refreshInBackground(payload) : async () => {}

  let closing: Promise<void> | null = null
  const close = () => {
    closing ??= (async () => {
      // Stop accepting at once, and the job runners beside it (a running job may take a while);
      // let in-flight requests and jobs finish, then close the database.
      const jobsStopped = stopJobRunners(payload)
      await new Promise<void>((resolve) => {
        // Keep-alive sockets go as soon as they are idle; a stuck one is cut after 10 s.
        const sweep = setInterval(() => server.closeIdleConnections(), 100)
        const deadline = setTimeout(() => server.closeAllConnections(), 10_000)
        server.close(() => {
          clearInterval(sweep)
          clearTimeout(deadline)
          resolve()
        })
        server.closeIdleConnections()
      })
      await jobsStopped
      await stopRenderings()
      await stopRemaking()
      unshareCache()
      await redis?.close()
      await payload.db.destroy?.()
    })()
    return closing
  }

  try {
    await adminReady
  } catch (error) {
    await close()
    throw error
  }

  return { close, maintain, payload, port, server, url: `http://127.0.0.1:${port}` }
}
