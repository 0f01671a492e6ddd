import type { Env } from './database'
import { SettingsError } from './database'

export type RateLimitOptions = {
  /** Requests under `/api` per minute that no other limit covers. */
  apiPerMinute: number
  /** `POST /api/<users>/forgot-password` per minute. */
  forgotPasswordPerMinute: number
  /** Requests to `/api/graphql` per minute. */
  graphqlPerMinute: number
  /** Failed `POST /api/<users>/login` per minute; also every GraphQL login or forgot-password. */
  loginFailuresPerMinute: number
  /** Multiplier of the GraphQL and API limits for requests that carry credentials. */
  staffFactor: number
}

export const DEFAULT_RATE_LIMITS: RateLimitOptions = {
  apiPerMinute: 1200,
  forgotPasswordPerMinute: 5,
  graphqlPerMinute: 300,
  loginFailuresPerMinute: 10,
  staffFactor: 5,
}

const VARIABLES: Record<keyof RateLimitOptions, string> = {
  apiPerMinute: 'RATE_LIMIT_API',
  forgotPasswordPerMinute: 'RATE_LIMIT_FORGOT_PASSWORD',
  graphqlPerMinute: 'RATE_LIMIT_GRAPHQL',
  loginFailuresPerMinute: 'RATE_LIMIT_LOGIN',
  staffFactor: 'RATE_LIMIT_STAFF_FACTOR',
}

/** The limits the environment asks for (src/http/rateLimit.ts), or `false` when `RATE_LIMIT=0`. */
export const readRateLimits = (env: Env = process.env): false | RateLimitOptions => {
  if (env.RATE_LIMIT === '0') {
    return false
  }
  const options = { ...DEFAULT_RATE_LIMITS }
  for (const [key, name] of Object.entries(VARIABLES) as [keyof RateLimitOptions, string][]) {
    const raw = env[name]?.trim()
    if (raw) {
      if (!/^[1-9]\d*$/.test(raw)) {
        throw new SettingsError(
          `${name} must be a positive whole number (requests per minute), not "${raw}".`,
        )
      }
      options[key] = Number(raw)
    }
  }
  return options
}

/** IMPORT_BATCH_SIZE (default 500): files read and written per transaction by `npm run import`. */
export const readImportBatchSize = (env: Env = process.env): number => {
  const raw = env.IMPORT_BATCH_SIZE?.trim()
  const size = raw === undefined || raw === '' ? 500 : Number(raw)
  if (!Number.isInteger(size) || size < 1) {
    throw new SettingsError(`IMPORT_BATCH_SIZE must be a whole number of at least 1, got "${raw}"`)
  }
  return size
}
