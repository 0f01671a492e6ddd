import crypto from 'node:crypto'

const FORM = /^whsec_([A-Za-z0-9+/]+={0,2})$/

/** Why a secret is not in Standard Webhooks form (`whsec_` + base64 of 24 to 64 bytes), or null. */
export const secretProblemOf = (value: unknown): null | string => {
  if (typeof value !== 'string' || !FORM.test(value)) {
    return 'secret must be whsec_ followed by base64 (Standard Webhooks form)'
  }
  const bytes = Buffer.from(value.slice('whsec_'.length), 'base64').length
  if (bytes < 24 || bytes > 64) {
    return `secret must hold 24 to 64 bytes; this one holds ${bytes}`
  }
  return null
}

/** A fresh secret in Standard Webhooks form: 32 random bytes. */
export const generateSecret = (): string => `whsec_${crypto.randomBytes(32).toString('base64')}`
