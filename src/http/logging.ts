import type { RequestHandler } from 'express'
import type { Logger } from 'pino'

import { pinoHttp } from 'pino-http'

/**
 * pino-http's request logging. It logs each answer at `info` and gives `req.log` (the error
 * handler's) a child logger bound to the request, serialised at once: work for every request even
 * when the level leaves `info` out (LOG_LEVEL warn or error, the bench's silent). Then `req.log`
 * is made by pino-http itself when first read, so what is logged stays the same.
 */
export const requestLogging = (logger: Logger): RequestHandler => {
  const logging = pinoHttp({ autoLogging: { ignore: (req) => req.url === '/api/health' }, logger })
  return (req, res, next) => {
    if (logger.isLevelEnabled('info')) {
      logging(req, res, next)
      return
    }
    Object.defineProperty(req, 'log', {
      configurable: true,
      enumerable: true,
      get() {
        delete (req as { log?: unknown }).log
        logging(req, res)
        return req.log
      },
    })
    next()
  }
}
