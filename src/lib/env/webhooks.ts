import type { Env } from './database'
import { SettingsError } from './database'

export type WebhookSettings = {
  /** WEBHOOK_ALLOW_PRIVATE=1: loopback and private targets allowed (tests, on-premises receivers). */
  allowPrivate: boolean
  /** WEBHOOK_PAUSE_AFTER: deliveries in a row that exhausted their retries before a webhook pauses. */
  pauseAfter: number
  /** WEBHOOK_RETRIES: retries after the first attempt (the contract asks for at least 5). */
  retries: number
  /** WEBHOOK_RETRY_DELAY_MS: the first retry's delay; each next one doubles it. */
  retryDelayMs: number
}

export const WEBHOOK_DEFAULTS = {
  pauseAfter: 5,
  retries: 8,
  retryDelayMs: 30_000,
} as const

/** A whole-number setting of at least `min`, else a message naming the variable. */
export const integer = (env: Env, name: string, fallback: number, min: number): number => {
  const raw = env[name]?.trim()
  if (!raw) {
    return fallback
  }
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min) {
    throw new SettingsError(`${name} "${raw.slice(0, 40)}" must be a whole number, at least ${min}`)
  }
  return value
}

/** Reads the WEBHOOK_* settings; a bad value is refused with a message naming the variable. */
export const readWebhookSettings = (env: Env = process.env): WebhookSettings => {
  const allow = env.WEBHOOK_ALLOW_PRIVATE?.trim() ?? ''
  if (!['', '0', '1'].includes(allow)) {
    throw new SettingsError(`WEBHOOK_ALLOW_PRIVATE "${allow.slice(0, 40)}" must be 1 or 0`)
  }
  return {
    allowPrivate: allow === '1',
    pauseAfter: integer(env, 'WEBHOOK_PAUSE_AFTER', WEBHOOK_DEFAULTS.pauseAfter, 1),
    retries: integer(env, 'WEBHOOK_RETRIES', WEBHOOK_DEFAULTS.retries, 5),
    retryDelayMs: integer(env, 'WEBHOOK_RETRY_DELAY_MS', WEBHOOK_DEFAULTS.retryDelayMs, 1),
  }
}
