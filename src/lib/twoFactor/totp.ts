import { generateSecret, generateSync, generateURI, verifySync } from 'otplib'

/** The period of the codes authenticator apps show (RFC 6238 default). */
export const PERIOD_SECONDS = 30

/** How far a code may be from now: one period either side, for clocks a little off. */
const TOLERANCE_SECONDS = PERIOD_SECONDS

/** A new Base32 secret (160 bits) for an authenticator app. */
export const newSecret = (): string => generateSecret()

/** The `otpauth://` address an authenticator app scans, labelled with the portal and the account. */
export const otpauthUri = (issuer: string, account: string, secret: string): string =>
  generateURI({ issuer, label: account, secret })

/** Six digits, spaces and dashes removed (apps show `123 456`); anything else is not a code. */
export const normalizeCode = (raw: unknown): null | string => {
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    return null
  }
  const digits = String(raw).replace(/[\s-]/g, '')
  return /^\d{6}$/.test(digits) ? digits : null
}

/**
 * The time step a code belongs to when it is valid now and later than `afterStep` (the last one
 * used: a code is good once), or null. The caller records the step so the code cannot be replayed.
 */
export const acceptedStep = (
  secret: string,
  rawCode: unknown,
  afterStep: null | number = null,
  nowMs: number = Date.now(),
): null | number => {
  const code = normalizeCode(rawCode)
  if (!code) {
    return null
  }
  const result = verifySync({
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    secret,
    token: code,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  })
  if (!result.valid) {
    return null
  }
  // The matched step: the period the code belongs to (the TOTP result carries it).
  const matched = result as { epoch?: number; timeStep?: number }
  return typeof matched.timeStep === 'number'
    ? matched.timeStep
    : Math.floor((matched.epoch ?? nowMs / 1000) / PERIOD_SECONDS)
}

/** The code an app would show now (tests and the setup check use it). */
export const currentCode = (secret: string, nowMs: number = Date.now()): string =>
  generateSync({ epoch: Math.floor(nowMs / 1000), secret })
