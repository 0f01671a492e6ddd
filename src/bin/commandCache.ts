import type { SanitizedConfig } from 'payload'

import pino from 'pino'

import { responseCacheOf } from '../http/cache'
import { readRedisTarget } from '../lib/env'
import { connectRedis } from '../redis'

/**
 * A command's response cache, shared through Redis with REDIS_URL, so that a bump once its writes
 * commit drops every instance's cached answers, not only its own. Throws, naming the variable,
 * when REDIS_URL makes no sense.
 */
export const commandCache = async (config: Promise<SanitizedConfig> | SanitizedConfig) => {
  const target = readRedisTarget()
  const redis = target
    ? connectRedis({ logger: pino({ level: 'warn' }, pino.destination(2)), target })
    : null
  const cache = responseCacheOf(await config)
  if (redis) {
    cache.share(redis)
  }
  return { cache, redis }
}
