/**
 * What the `npm run rebuild:*` commands share: no arguments but their flags, the migrations under the startup lock,
 * the rebuild, its one line on stdout, then every instance's cached answers dropped (through Redis
 * with REDIS_URL, else this process's own), exit 0; on failure one line on stderr, exit 1.
 */
import type { Payload } from 'payload'

import { getPayload } from 'payload'

import { runMigrations, withStartupLock } from '../database'
import { commandCache } from './commandCache'

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

/**
 * Runs `rebuild`, which resolves the line to print (`{seconds}` in it: how long it took), or
 * `{ refused }`: a message for stderr, exit 1.
 */
export const runRebuild = (
  command: string,
  rebuild: (payload: Payload, flags: string[]) => Promise<{ refused: string } | string>,
  /** The flags the command takes (`--all`), each at most once. */
  { flags: known = [] }: { flags?: string[] } = {},
): void => {
  const main = async () => {
    const flags = process.argv.slice(2)
    if (flags.some((flag, at) => !known.includes(flag) || flags.indexOf(flag) !== at)) {
      const usage = known.map((flag) => ` [-- ${flag}]`).join('')
      return fail(`usage: npm run ${command}${usage}`)
    }
    // Loaded here, so that a setting that makes no sense fails in one line like any other error.
    const config = (await import('../../payload.config')).default
    // With REDIS_URL, the servers' cached answers are dropped once the rebuild commits.
    const { cache, redis } = await commandCache(config)
    const payload = await getPayload({ config })
    await withStartupLock(payload, () => runMigrations(payload))
    const started = Date.now()
    const done = await rebuild(payload, flags)
    if (typeof done !== 'string') {
      await payload.db.destroy?.()
      return fail(done.refused)
    }
    process.stdout.write(
      `${done.replace('{seconds}', ((Date.now() - started) / 1000).toFixed(1))}\n`,
    )
    cache.bump()
    if (redis) {
      await cache.flush()
      await redis.close()
    }
    await payload.db.destroy?.()
    process.exit(0)
  }
  main().catch((error) => {
    fail(`Rebuild failed: ${error instanceof Error ? error.message : String(error)}`)
  })
}
