import type { Request } from 'express'
import type { IncomingHttpHeaders } from 'node:http'
import type { Payload } from 'payload'

import { executeAuthStrategies } from 'payload'

/** True when the request carries an Authorization header or Payload's token cookie, valid or not. */
export const carriesCredentials = (headers: Headers | IncomingHttpHeaders): boolean => {
  const header = (name: string) =>
    headers instanceof Headers ? headers.get(name) : (headers[name] as string | undefined)
  return Boolean(header('authorization')) || /(?:^|;\s*)payload-token=/.test(header('cookie') ?? '')
}

const webHeaders = (req: Request): Headers => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      headers.append(name, item)
    }
  }
  return headers
}

/** Who verified credentials belong to: an account (`users`) or an integrator key (`api-clients`). */
export type Caller = {
  collection: string
  id: number | string
  /** An API key's expiry and last use, read with the key (null for accounts). */
  key: null | { expiresAt: unknown; lastUsedAt: unknown }
}

const verdicts = new WeakMap<Request, Promise<Caller | null>>()

/**
 * The caller whose credentials Payload's own auth strategies accept, or null. Anyone can send a
 * header, so every decision in Express that loosens something (the response cache, rate limits)
 * asks this; it runs at most once per request. Inside Payload, the policy reads `req.user`.
 */
export const verifiedCaller = (payload: Payload, req: Request): Promise<Caller | null> => {
  if (!carriesCredentials(req.headers)) {
    return Promise.resolve(null)
  }
  let verdict = verdicts.get(req)
  if (!verdict) {
    verdict = executeAuthStrategies({ canSetHeaders: false, headers: webHeaders(req), payload })
      .then(({ user }) => {
        if (!user) {
          return null
        }
        const record = user as unknown as Record<string, unknown>
        return {
          collection: String(user.collection),
          id: user.id as number | string,
          key:
            user.collection === 'api-clients'
              ? { expiresAt: record.expiresAt, lastUsedAt: record.lastUsedAt }
              : null,
        }
      })
      .catch(() => null)
    verdicts.set(req, verdict)
  }
  return verdict
}

/** True when the request's credentials verify (see verifiedCaller). */
export const isSignedIn = async (payload: Payload, req: Request): Promise<boolean> =>
  Boolean(await verifiedCaller(payload, req))
