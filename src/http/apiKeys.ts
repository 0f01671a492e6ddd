import type { NextFunction, Request, RequestHandler, Response } from 'express'
import type { Payload } from 'payload'

import { bearerAsApiKey, hasExpired, isDueForTouch, LAST_USED_INTERVAL_MS } from '../lib/apiKeys'
import { verifiedCaller } from './credentials'
import { sendError } from './errors'

/**
 * Accepts `Authorization: Bearer <key>` for integrators' keys by rewriting it to Payload's own
 * `api-clients API-Key <key>`. Mount before the rate limits and credential checks, which read the
 * header. A Bearer JWT is left alone: Payload accepts those as sign-in tokens itself.
 */
export const bearerKeys: RequestHandler = (req, _res, next) => {
  const rewritten = bearerAsApiKey(req.headers.authorization)
  if (rewritten) {
    req.headers.authorization = rewritten
  }
  next()
}

type ApiKeyChecksArgs = { getPayload: () => Payload }

/**
 * Refuses an expired key with 401 (Payload itself knows no expiry), and notes when a key was last
 * used. The note is written at most once a minute per key, directly through the database adapter
 * without the request: system work outside the caller's transaction, with no hooks (no audit
 * record, no webhook), and a failure is logged, never the request's failure.
 */
export const apiKeyChecks = ({ getPayload }: ApiKeyChecksArgs): RequestHandler => {
  // Keys this process touched lately, so concurrent requests do not each write.
  const touched = new Map<number | string, number>()

  const touch = (payload: Payload, id: number | string, now: number) => {
    touched.set(id, now)
    if (touched.size > 10_000) {
      touched.clear()
    }
    void payload.db
      .updateOne({
        collection: 'api-clients',
        data: { lastUsedAt: new Date(now).toISOString() },
        id,
        returning: false,
      })
      .catch((error: unknown) => {
        touched.delete(id)
        payload.logger.warn({ err: error, id }, 'could not note when an API key was last used')
      })
  }

  const check = async (req: Request, res: Response, next: NextFunction) => {
    try {
      const payload = getPayload()
      const caller = await verifiedCaller(payload, req)
      if (!caller?.key) {
        // An unknown or disabled key: Payload answers as for anyone else.
        next()
        return
      }
      const now = Date.now()
      if (hasExpired(caller.key.expiresAt, now)) {
        sendError(
          res,
          401,
          `This API key expired at ${new Date(caller.key.expiresAt as string).toISOString()}.`,
        )
        return
      }
      const last = touched.get(caller.id)
      if (
        isDueForTouch(caller.key.lastUsedAt, now) &&
        (last === undefined || now - last >= LAST_USED_INTERVAL_MS)
      ) {
        touch(payload, caller.id, now)
      }
      next()
    } catch (error) {
      next(error)
    }
  }

  // Requests without a key go on at once, with no promise made for them.
  return (req, res, next) => {
    if (req.headers.authorization?.startsWith('api-clients API-Key ')) {
      void check(req, res, next)
    } else {
      next()
    }
  }
}
