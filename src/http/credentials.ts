import type { Request } from 'express'
import type { Payload } from 'payload'

import { executeAuthStrategies } from 'payload'

/** True when the request carries an Authorization header or Payload's token cookie, valid or not. */
export const carriesCredentials = (req: Request): boolean =>
  Boolean(req.headers.authorization) || /(?:^|;\s*)payload-token=/.test(req.headers.cookie ?? '')

const webHeaders = (req: Request): Headers => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      headers.append(name, item)
    }
  }
  return headers
}

const verdicts = new WeakMap<Request, Promise<boolean>>()

/**
 * True when Payload's own auth strategies accept the request's credentials. Anyone can send a
 * header, so decisions that loosen a limit ask this; it runs at most once per request.
 */
export const isSignedIn = (payload: Payload, req: Request): Promise<boolean> => {
  if (!carriesCredentials(req)) {
    return Promise.resolve(false)
  }
  let verdict = verdicts.get(req)
  if (!verdict) {
    verdict = executeAuthStrategies({ canSetHeaders: false, headers: webHeaders(req), payload })
      .then(({ user }) => Boolean(user))
      .catch(() => false)
    verdicts.set(req, verdict)
  }
  return verdict
}
