import type { Logger } from 'pino'

import crypto from 'node:crypto'
import { Redis } from 'ioredis'

import type { RedisTarget } from './lib/env'

/**
 * The connection to the Redis every instance shares (REDIS_URL). Redis may stop or restart at
 * any time; callers ask `ok()` first and fall back to what one instance can do alone (bypass
 * the response cache, count rate limits in memory). The outage is logged once, and its end once.
 */
export type SharedRedis = {
  /** Commands; never queued while disconnected, so a request never waits for Redis to return. */
  client: Redis
  /** Stops reconnecting and closes both connections. */
  close: () => Promise<void>
  /** Tells the handle a command failed: callers fall back for a moment, and the outage is logged. */
  failed: (error: unknown) => void
  /** This process, as other instances see it in published messages. */
  instance: string
  /** `name` under this site's prefix. */
  key: (name: string) => string
  /** Whether Redis answers now (connected, and no command failed in the last moments). */
  ok: () => boolean
  /** Tells the handle a command succeeded: ends the fallback after a failure. */
  succeeded: () => void
  /** A second connection for pub/sub (a subscribed connection takes no other commands). */
  subscriber: Redis
  /** REDIS_URL without its password, for logs. */
  where: string
}

/** How long callers fall back after a failed command before trying Redis again. */
const BACKOFF_MS = 2_000

/** A reply slower than this is a failure: requests wait at most this long on a frozen Redis. */
const COMMAND_TIMEOUT_MS = 500

const options = {
  // Fail fast while disconnected; the caller's fallback answers instead of a queued command.
  enableOfflineQueue: false,
  commandTimeout: COMMAND_TIMEOUT_MS,
  connectTimeout: 2_000,
  maxRetriesPerRequest: 0,
  // Try again every half second at most, forever: Redis coming back is noticed within a second.
  retryStrategy: (times: number) => Math.min(times * 100, 500),
  autoResubscribe: false,
  lazyConnect: false,
}

export const connectRedis = ({
  logger,
  target,
}: {
  logger: Pick<Logger, 'info' | 'warn'>
  target: RedisTarget
}): SharedRedis => {
  const redacted = new URL(target.url)
  if (redacted.password) {
    redacted.password = '***'
  }
  const where = redacted.toString()
  const client = new Redis(target.url, { ...options, connectionName: 'cms' })
  const subscriber = new Redis(target.url, { ...options, connectionName: 'cms-subscriber' })
  let closed = false
  let failedAt = 0
  /** null until the first connection succeeds or fails. */
  let up: boolean | null = null

  const ok = () => client.status === 'ready' && Date.now() - failedAt > BACKOFF_MS

  const changed = (now: boolean, reason?: string) => {
    if (up === now || closed) {
      return
    }
    const first = up === null
    up = now
    if (now) {
      logger.info(
        { redis: where },
        first
          ? 'Redis connected: cache invalidation and rate limits are shared with other instances'
          : 'Redis answers again: shared cache invalidation and rate limits resumed',
      )
    } else {
      logger.warn(
        { redis: where, reason },
        'Redis does not answer: the response cache is bypassed and rate limits count per instance until it does',
      )
    }
  }

  const failed = (error: unknown) => {
    failedAt = Date.now()
    changed(false, error instanceof Error ? error.message : String(error))
  }

  const succeeded = () => {
    if (client.status === 'ready') {
      failedAt = 0
      changed(true)
    }
  }

  client.on('ready', succeeded)
  // ioredis reports every failed reconnection attempt; the transition is logged once above.
  client.on('error', (error: Error) => failed(error))
  client.on('close', () => failed(new Error('connection closed')))
  subscriber.on('error', () => {})

  let closing: Promise<void> | null = null
  return {
    client,
    close: () => {
      closing ??= (async () => {
        // Closing is no outage: nothing more is logged.
        closed = true
        client.disconnect()
        subscriber.disconnect()
      })()
      return closing
    },
    failed,
    instance: crypto.randomUUID(),
    key: (name) => `${target.prefix}${name}`,
    ok,
    subscriber,
    succeeded,
    where,
  }
}
