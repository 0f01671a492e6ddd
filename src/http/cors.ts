import type { RequestHandler } from 'express'

import cors from 'cors'

/** Request headers a frontend may send across origins: tokens, JSON, conflict checks, language. */
const ALLOWED_HEADERS = [
  'Accept-Language',
  'Authorization',
  'Content-Type',
  'If-Match',
  'If-None-Match',
  'X-Payload-HTTP-Method-Override',
]

/** Response headers a frontend's script may read. */
const EXPOSED_HEADERS = ['Content-Language', 'ETag', 'Location', 'Retry-After']

/**
 * Cross-origin calls from the browsers of `origins` (CORS_ORIGINS): preflights are answered here
 * (204, cached by the browser for 10 minutes) and every answer, errors and cached ones included,
 * names the caller's origin. Other origins get no CORS headers at all, so their browsers refuse.
 * Listed origins may send the admin's cookie too (credentials); `*` never, as browsers require.
 */
export const crossOrigin = (origins: '*' | string[]): RequestHandler => {
  if (origins !== '*' && origins.length === 0) {
    return (_req, _res, next) => next()
  }
  const allowed = origins === '*' ? null : new Set(origins.map((origin) => origin.toLowerCase()))
  const listed = (origin: string | undefined) =>
    Boolean(origin && allowed?.has(origin.toLowerCase()))
  const handle = cors({
    allowedHeaders: ALLOWED_HEADERS,
    credentials: allowed !== null,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
    optionsSuccessStatus: 204,
    // false leaves the request untouched: no CORS headers for an origin not listed.
    origin: allowed ? (origin, callback) => callback(null, listed(origin)) : '*',
  })
  return (req, res, next) => {
    // Another origin's preflight ends here with nothing granted (Payload's own OPTIONS answer
    // would list methods).
    if (allowed && req.method === 'OPTIONS' && req.headers.origin && !listed(req.headers.origin)) {
      res.vary('Origin').status(204).end()
      return
    }
    handle(req, res, next)
  }
}
