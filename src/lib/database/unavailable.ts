/**
 * Whether an error means the database cannot be reached now (stopped, restarting, cut off), as
 * opposed to a fault of the server or the caller's input. Such a request is answered 503: the
 * same request succeeds once the database is back, with nothing to fix on either side.
 */

/** What a caller is told. */
export const DATABASE_UNAVAILABLE_MESSAGE =
  'The database is unavailable at the moment; please try again shortly.'

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01 admin_shutdown, 57P02
 * crash_shutdown, 57P03 cannot_connect_now (starting up or shutting down).
 */
const SQLSTATE = /^(?:08[0-9A-Z]{3}|57P0[123])$/

/** Socket errors of a connection that cannot be made or was cut. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
])

/**
 * node-postgres and pg-pool report a lost or refused connection with these messages and no code
 * (pg 8.20, pg-pool 3.14).
 */
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|terminating connection due to administrator command|the database system is (?:starting up|shutting down|in recovery mode)|connect ECONNREFUSED/

type Failure = {
  cause?: unknown
  code?: unknown
  errors?: unknown
  message?: unknown
  originalError?: unknown
}

/**
 * Walks the error and what it wraps (drizzle's `cause`, GraphQL's `originalError`, an
 * AggregateError's `errors`: a refused connection to every address of a host), a few levels deep.
 */
export const isDatabaseUnavailable = (error: unknown): boolean => {
  const pending: [unknown, number][] = [[error, 0]]
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!
    if (!current || typeof current !== 'object' || depth > 5) {
      continue
    }
    const failure = current as Failure
    const code = typeof failure.code === 'string' ? failure.code : ''
    if (SQLSTATE.test(code) || SOCKET_CODES.has(code)) {
      return true
    }
    // drizzle's wrapper quotes the query and its values, which could hold any text: its cause tells.
    const message = typeof failure.message === 'string' ? failure.message : ''
    if (!message.startsWith('Failed query:') && MESSAGES.test(message)) {
      return true
    }
    pending.push([failure.cause, depth + 1], [failure.originalError, depth + 1])
    if (Array.isArray(failure.errors)) {
      for (const inner of failure.errors) {
        pending.push([inner, depth + 1])
      }
    }
  }
  return false
}
