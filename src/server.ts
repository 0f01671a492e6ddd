import type { Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Payload, SanitizedConfig } from 'payload'

import type { IntrospectionPolicy } from './http/graphqlLimits'
import type { MaintenanceTask } from './maintenance'
import type { RateLimitOptions } from './http/rateLimit'

import compression from 'compression'
import express from 'express'
import { STATUS_CODES } from 'node:http'
import { getPayload } from 'payload'
import pino from 'pino'
import { pinoHttp } from 'pino-http'

import { runMigrations, withStartupLock } from './database'
import { bumpCacheGeneration } from './http/cache'
import { errorHandler, sendError } from './http/errors'
import { health, ready } from './http/health'
import { payloadRoutes } from './http/payloadRoutes'
import { rateLimits } from './http/rateLimit'
import { securityHeaders } from './http/security'
import { maintenanceTasks } from './maintenance'
import { cacheSqliteStatements } from './sqliteStatements'

export type PortalServerOptions = {
  config: Promise<SanitizedConfig>
  /** Serve the Next admin at /admin; tests of the API leave it off and need no build. */
  admin?: boolean
  dev?: boolean
  /** Who may introspect GraphQL; by default signed-in users only when NODE_ENV=production. */
  introspection?: IntrospectionPolicy
  /** Largest JSON body accepted. */
  jsonLimit?: string
  logLevel?: string
  /** Runs after migrations, before the port opens (the demo seed). */
  onReady?: (payload: Payload) => Promise<void>
  port?: number
  /** Overrides the RATE_LIMIT_* settings (tests use small ones); `false` turns limits off. */
  rateLimits?: Partial<RateLimitOptions> | false
}

export type PortalServer = {
  close: () => Promise<void>
  /** Runs every maintenance task once now (the server also runs them on a timer). */
  maintain: (now?: number) => Promise<void>
  payload: Payload
  port: number
  server: Server
  url: string
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
  const dev = options.dev ?? process.env.NODE_ENV !== 'production'
  const logger = pino({
    level: options.logLevel ?? process.env.LOG_LEVEL ?? 'info',
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
  })

  const limits = rateLimits(options.rateLimits)
  cacheSqliteStatements()
  const payload = await getPayload({ config: options.config })
  // Instances started together on one empty PostgreSQL database take turns: one migrates and seeds.
  await withStartupLock(payload, async () => {
    await runMigrations(payload)
    await options.onReady?.(payload)
  })

  const app = express()
  app.disable('x-powered-by')
  // One proxy hop: the address the proxy saw, never a client-written leftmost X-Forwarded-For.
  app.set('trust proxy', process.env.TRUST_PROXY === '1' ? 1 : false)
  app.use(pinoHttp({ autoLogging: { ignore: (req) => req.url === '/api/health' }, logger }))
  app.use(securityHeaders({ dev }))
  app.use(compression())

  const current = () => payload
  app.get('/api/health', health({ getPayload: current }))
  app.get('/api/ready', ready({ getPayload: current }))
  app.use('/api', limits.api)
  app.use(
    '/api',
    payloadRoutes({
      config: options.config,
      graphqlAuthLimit: limits.graphqlAuth,
      introspection:
        options.introspection ??
        (process.env.NODE_ENV === 'production' ? 'authenticated' : 'everyone'),
      jsonLimit: options.jsonLimit ?? '1mb',
    }),
  )

  if (options.admin) {
    const { default: next } = await import('next')
    const nextApp = next({ dev, dir: process.cwd() })
    await nextApp.prepare()
    const handle = nextApp.getRequestHandler()
    app.get('/', (_req, res) => res.redirect(302, '/admin'))
    app.use(vietnameseByDefault, (req, res) => handle(req, res))
  } else {
    app.use((req, res) => sendError(res, 404, `Route not found "${req.path}"`))
  }
  app.use(errorHandler)

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
    const body = JSON.stringify({ errors: [{ message }] })
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

  /**
   * Maintenance declared by the content plugins (src/maintenance.ts): once at start, then on each
   * task's timer, one run at a time. A failure is logged and tried again next time.
   */
  let maintaining: Promise<void> = Promise.resolve()
  const maintain = (now?: number): Promise<void> => {
    maintaining = maintaining.then(async () => {
      for (const task of maintenanceTasks(payload)) {
        await runTask(task, now)
      }
    })
    return maintaining
  }
  const runTask = async (task: MaintenanceTask, now?: number) => {
    try {
      const rewritten = await task.run(payload, now)
      if (rewritten > 0) {
        // Written past Payload's hooks: cached public answers may hold the old values.
        bumpCacheGeneration()
        logger.info({ rewritten, task: task.name }, 'maintenance rewrote records')
      }
    } catch (error) {
      logger.error({ err: error, task: task.name }, 'maintenance failed')
    }
  }
  const timers = maintenanceTasks(payload).map((task) =>
    setInterval(() => {
      maintaining = maintaining.then(() => runTask(task))
    }, task.everyMs).unref(),
  )
  void maintain()

  let closing: Promise<void> | null = null
  const close = () => {
    closing ??= (async () => {
      for (const timer of timers) {
        clearInterval(timer)
      }
      await maintaining
      // Stop accepting, let in-flight requests finish, then close the database.
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
      await payload.db.destroy?.()
    })()
    return closing
  }

  return { close, maintain, payload, port, server, url: `http://127.0.0.1:${port}` }
}
