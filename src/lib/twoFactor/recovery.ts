import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto'

/** How many recovery codes an enrolment gives. */
export const RECOVERY_CODE_COUNT = 10

/** A recovery code as kept: salted scrypt hash, and when it was used (each works once). */
export type StoredRecoveryCode = { hash: string; salt: string; usedAt?: null | string }

// No 0/O or 1/I/L: codes are typed from paper.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

// scrypt at N=2^12: a sign-in may check all ten codes, and ~50 bits per code already resist guessing.
const hashOf = (code: string, salt: string): string =>
  scryptSync(code, Buffer.from(salt, 'hex'), 32, { N: 4096 }).toString('hex')

/** `XXXXX-XXXXX`, upper case, ambiguous letters read as what they look like. */
export const normalizeRecoveryCode = (raw: unknown): null | string => {
  if (typeof raw !== 'string') {
    return null
  }
  const plain = raw.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
  return /^[A-Z0-9]{10}$/.test(plain) ? `${plain.slice(0, 5)}-${plain.slice(5)}` : null
}

const randomCode = (): string => {
  const bytes = randomBytes(10)
  const chars = [...bytes].map((byte) => ALPHABET[byte % ALPHABET.length])
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`
}

/** New codes: the plain ones to show once, and what to keep (never the plain codes). */
export const newRecoveryCodes = (
  count: number = RECOVERY_CODE_COUNT,
): { plain: string[]; stored: StoredRecoveryCode[] } => {
  const plain = Array.from({ length: count }, randomCode)
  const stored = plain.map((code) => {
    const salt = randomBytes(16).toString('hex')
    return { hash: hashOf(code, salt), salt, usedAt: null }
  })
  return { plain, stored }
}

/** The index of the unused stored code `raw` matches, or -1. */
export const matchRecoveryCode = (stored: StoredRecoveryCode[], raw: unknown): number => {
  const code = normalizeRecoveryCode(raw)
  if (!code) {
    return -1
  }
  return stored.findIndex(
    (entry) =>
      !entry.usedAt &&
      timingSafeEqual(Buffer.from(hashOf(code, entry.salt), 'hex'), Buffer.from(entry.hash, 'hex')),
  )
}

/** How many codes are left unused. */
export const unusedRecoveryCodes = (stored: StoredRecoveryCode[]): number =>
  stored.filter((entry) => !entry.usedAt).length
