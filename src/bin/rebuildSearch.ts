/**
 * `npm run rebuild:search`: writes every row of the search index again from the records
 * (collections/search/reindex.ts), on SQLite and PostgreSQL in one transaction; idempotent. For
 * after a change to the folding rules (src/lib/vietnamese), a restore or a direct edit of the
 * database: saves keep the index current themselves.
 */
import { getPayload } from 'payload'
import pino from 'pino'

import { reindexAll } from '../../collections/search'
import config from '../../payload.config'
import { runMigrations, withStartupLock } from '../database'
import { responseCacheOf } from '../http/cache'
import { readRedisTarget } from '../lib/env'
import { connectRedis } from '../redis'

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

const main = async () => {
  if (process.argv.length > 2) {
    return fail('usage: npm run rebuild:search')
  }
  const redisTarget = readRedisTarget()
  // With REDIS_URL, the servers' cached search answers are dropped once the rebuild commits.
  const redis = redisTarget
    ? connectRedis({ logger: pino({ level: 'warn' }, pino.destination(2)), target: redisTarget })
    : null
  const cache = responseCacheOf(await config)
  if (redis) {
    cache.share(redis)
  }
  const payload = await getPayload({ config })
  await withStartupLock(payload, () => runMigrations(payload))
  const started = Date.now()
  const { changed, indexed, removed } = await reindexAll(payload)
  process.stdout.write(
    `Search index rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s: ${indexed} records, ${changed} rows rewritten, ${removed} removed\n`,
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
