import crypto from 'node:crypto'

import { errors, jwtVerify, SignJWT } from 'jose'

/** The audience every preview token carries: nothing else signed with the secret passes as one. */
export const PREVIEW_AUDIENCE = 'preview'

/**
 * What a preview token names: the document, and the staff account that asked for it (JWT `sub`),
 * as whom the draft is read. Tokens signed before `sub` existed name no account.
 */
export type PreviewClaims = { collection: string; id: string; issuer?: string }

/**
 * The key preview tokens are signed with, derived from the Payload secret: a session token
 * (signed with the secret itself) can never pass as a preview token, nor the other way round.
 */
export const previewSigningKey = (secret: string): Uint8Array =>
  new Uint8Array(crypto.createHmac('sha256', secret).update('draft-preview-token').digest())

/** A short-lived HS256 JWT for one document's latest draft. */
export const signPreviewToken = async ({
  collection,
  id,
  issuer,
  secret,
  ttlSeconds,
}: PreviewClaims & { secret: string; ttlSeconds: number }): Promise<{
  expiresAt: Date
  token: string
}> => {
  const now = Math.floor(Date.now() / 1000)
  const expiresAt = new Date((now + ttlSeconds) * 1000)
  const jwt = new SignJWT({ collection, id })
  if (issuer !== undefined) {
    jwt.setSubject(issuer)
  }
  const token = await jwt
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setAudience(PREVIEW_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds)
    .sign(previewSigningKey(secret))
  return { expiresAt, token }
}

/** The claims of a valid preview token, or why it is refused (expired, forged, other audience). */
export const verifyPreviewToken = async (
  secret: string,
  token: string,
): Promise<{ claims: PreviewClaims } | { error: string }> => {
  try {
    const { payload } = await jwtVerify(token, previewSigningKey(secret), {
      algorithms: ['HS256'],
      audience: PREVIEW_AUDIENCE,
      requiredClaims: ['exp'],
    })
    const { collection, id, sub } = payload as { collection?: unknown; id?: unknown; sub?: unknown }
    if (typeof collection !== 'string' || (typeof id !== 'string' && typeof id !== 'number')) {
      return { error: 'The preview token names no document.' }
    }
    return {
      claims: { collection, id: String(id), ...(typeof sub === 'string' ? { issuer: sub } : {}) },
    }
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      return { error: 'The preview token has expired: ask for a new one.' }
    }
    return { error: 'The preview token is not valid.' }
  }
}

const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{([a-z]+)\}/g, (whole, name: string) =>
    name in values ? encodeURIComponent(values[name]!) : whole,
  )

/** The frontend's preview address: PREVIEW_URL filled in, else `${siteUrl}/preview?token=…&slug=…`. */
export const previewAddress = ({
  id,
  siteUrl,
  slug,
  template,
  token,
}: {
  id: string
  siteUrl: string
  slug: string
  template: null | string
  token: string
}): string => fill(template ?? `${siteUrl}/preview?token={token}&slug={slug}`, { id, slug, token })

export { fill as fillTemplate }
