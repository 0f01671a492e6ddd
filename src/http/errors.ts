import type { ErrorRequestHandler, Response } from 'express'

import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../lib/database/unavailable'
import { errorShape } from '../lib/errorShape'

/** The one error shape of every endpoint: `{ errors: [{ message }] }`. */
export const sendError = (res: Response, status: number, message: string): void => {
  if (res.headersSent) {
    res.end()
    return
  }
  res.status(status).json(errorShape(message))
}

type BodyParserError = Error & { status?: number; statusCode?: number; type?: string }

/**
 * Last handler: body-parser's own errors become 400/413 with a readable message; a database that
 * cannot be reached (met before Payload's own handling: a signed-in caller's lookup) a 503;
 * anything unexpected becomes a plain 500 without a stack trace (the log keeps the detail).
 */
export const errorHandler: ErrorRequestHandler = (err: BodyParserError, req, res, _next) => {
  const status = err.status ?? err.statusCode ?? 500
  if (err.type === 'entity.parse.failed') {
    sendError(res, 400, 'The request body is not valid JSON.')
    return
  }
  if (err.type === 'entity.too.large' || status === 413) {
    sendError(res, 413, 'The request body is larger than this server accepts.')
    return
  }
  if (status >= 400 && status < 500) {
    sendError(res, status, err.message || 'Bad request.')
    return
  }
  if (isDatabaseUnavailable(err)) {
    req.log?.error({ err }, 'database unavailable')
    sendError(res, 503, DATABASE_UNAVAILABLE_MESSAGE)
    return
  }
  req.log?.error({ err }, 'unhandled error')
  sendError(res, 500, 'Something went wrong.')
}
