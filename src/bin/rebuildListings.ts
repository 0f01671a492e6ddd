/**
 * `npm run rebuild:listings`: fills the read model of the public article lists again from the
 * articles on file (src/plugins/listings/store.ts), in one transaction; idempotent. For after a
 * restore of an older backup or a direct edit of the database: saves keep it current themselves.
 */
import { getPayload } from 'payload'
import pino from 'pino'

import config from '../../payload.config'
import { runMigrations, withStartupLock } from '../database'
import { responseCacheOf } from '../http/cache'
import { readRedisTarget } from '../lib/env'
import { rebuildListings } from '../plugins/listings'
import { connectRedis } from '../redis'

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

const main = async () => {
  if (process.argv.length > 2) {
    return fail('usage: npm run rebuild:listings')
  }
  const redisTarget = readRedisTarget()
  // With REDIS_URL, the servers' cached lists are dropped once the rebuild commits.
  const redis = redisTarget
    ? connectRedis({ logger: pino({ level: 'warn' }, pino.destination(2)), target: redisTarget })
    : null
  const cache = responseCacheOf(await config)
  if (redis) {
    cache.share(redis)
  }
  const payload = await getPayload({ config })
  await withStartupLock(payload, () => runMigrations(payload))
  if (payload.db.name !== 'sqlite' && payload.db.name !== 'postgres') {
    await payload.db.destroy?.()
    return fail('The read model is kept on SQLite and PostgreSQL only; MongoDB lists need none.')
  }
  const started = Date.now()
  const { counts, rows } = await rebuildListings(payload)
  process.stdout.write(
    `Read model rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s: ${rows} rows, ${counts} lists\n`,
  )
  if (redis) {
    cache.bump()
    await cache.flush()
    await redis.close()
  }
  await payload.db.destroy?.()
  process.exit(0)
}

main().catch((error) => {
  process.stderr.write(
    `Rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`,
  )
  process.exit(1)
})
