import type { Env } from './database'
import { SettingsError } from './database'

/** Where the state every instance must share lives (REDIS_URL), or null for one instance alone. */
export type RedisTarget = {
  /** Prepended to every key and channel (REDIS_PREFIX): several sites, or test files, on one Redis. */
  prefix: string
  url: string
}

export const DEFAULT_REDIS_PREFIX = 'cms:'

/**
 * Reads REDIS_URL (`redis://host:port[/db]`, or `rediss://` for TLS) and REDIS_PREFIX. Unset or
 * empty: null. Anything else is refused with a message naming the variable.
 */
export const readRedisTarget = (env: Env = process.env): null | RedisTarget => {
  const raw = env.REDIS_URL?.trim()
  if (!raw) {
    return null
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    url = new URL('invalid:')
  }
  if ((url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname) {
    throw new SettingsError(
      `REDIS_URL "${raw.slice(0, 80)}" is not a Redis address; use redis://host:port, e.g. redis://127.0.0.1:6379`,
    )
  }
  if (url.pathname.length > 1 && !/^\/\d+$/.test(url.pathname)) {
    throw new SettingsError(
      `REDIS_URL "${raw.slice(0, 80)}" names a database "${url.pathname.slice(1)}"; Redis databases are numbers (redis://host:port/0)`,
    )
  }
  const prefix = env.REDIS_PREFIX?.trim() || DEFAULT_REDIS_PREFIX
  return { prefix, url: raw }
}
