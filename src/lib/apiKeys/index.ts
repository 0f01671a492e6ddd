/** The slug of the integrators' keys collection, as Payload's API-key header names it. */
const KEY_SCHEME = 'api-clients API-Key'

/** A JSON Web Token: three base64url parts (the last may be empty for unsigned ones). */
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]*$/

/** How often, at most, a key's `lastUsedAt` is written. */
export const LAST_USED_INTERVAL_MS = 60_000

/**
 * Payload's form of an `Authorization: Bearer <key>` header, or null to leave the header alone.
 * Payload reads `Bearer <jwt>` as a sign-in token itself (jwtOrder), so a JWT stays as it is.
 */
export const bearerAsApiKey = (authorization: string | undefined): null | string => {
  const match = authorization?.match(/^Bearer\s+(\S+)\s*$/i)
  if (!match || JWT_SHAPE.test(match[1]!)) {
    return null
  }
  return `${KEY_SCHEME} ${match[1]}`
}

/** True when a key with this expiry may no longer be used at `now`. */
export const hasExpired = (expiresAt: unknown, now: number): boolean => {
  if (typeof expiresAt !== 'string' && !(expiresAt instanceof Date)) {
    return false
  }
  const time = new Date(expiresAt).getTime()
  return !Number.isNaN(time) && time <= now
}

/** True when `lastUsedAt` is older than the write interval (or was never written). */
export const isDueForTouch = (lastUsedAt: unknown, now: number): boolean => {
  if (typeof lastUsedAt !== 'string' && !(lastUsedAt instanceof Date)) {
    return true
  }
  const time = new Date(lastUsedAt).getTime()
  return Number.isNaN(time) || now - time >= LAST_USED_INTERVAL_MS
}
