import type { Env } from './database'
import { SettingsError } from './database'

/** Two-step sign-in policy: AUTH_2FA. */
export type AuthSettings = {
  /** `required`: admin and bbt accounts must enrol before anything else; else offered to all. */
  twoFactorRequired: boolean
}

/**
 * AUTH_2FA: `required`, or unset/empty/`optional` (offered, enforced for those who enrolled).
 * Read on each call, so a running process and the tests see the value in force.
 */
export const readAuthSettings = (env: Env = process.env): AuthSettings => {
  const raw = env.AUTH_2FA?.trim().toLowerCase() ?? ''
  if (raw === '' || raw === 'optional' || raw === 'off' || raw === '0') {
    return { twoFactorRequired: false }
  }
  if (raw === 'required') {
    return { twoFactorRequired: true }
  }
  throw new SettingsError(`AUTH_2FA "${env.AUTH_2FA}" must be "required" or unset`)
}
