/**
 * `reindexAll` in a process of its own, as `npm run rebuild:search` runs it, that stops after its
 * first batch: prints `paused`, waits for a line on stdin, goes on, then prints its result as JSON.
 * Env: DATABASE_URI.
 */
import readline from 'node:readline'
import { getPayload } from 'payload'

import { reindexAll } from '../../collections/search'
import { buildPortalConfig } from '../../src/config'

const main = async () => {
  const payload = await getPayload({
    config: buildPortalConfig({ databaseUri: process.env.DATABASE_URI }),
  })
  const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]()
  let paused = false
  const done = await reindexAll(payload, {
    onBatch: async () => {
      if (!paused) {
        paused = true
        process.stdout.write('paused\n')
        await lines.next()
      }
    },
  })
  process.stdout.write(`${JSON.stringify(done)}\n`)
  await payload.db.destroy?.()
  process.exit(0)
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
