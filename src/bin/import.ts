/**
 * `npm run import -- <file or folder>... [--department <short name>] [--status draft|published]`
 * Imports article text files; a bad file gets one line naming it and why, the others go on.
 */
import type { Payload } from 'payload'

import { SingleBar } from 'cli-progress'
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { getPayload } from 'payload'

import config from '../../payload.config'
import { runMigrations, withStartupLock } from '../database'
import type { ImportStatus } from '../import/importArticle'
import { articleFiles } from '../import/files'
import { importBatches } from '../import/importBatch'
import { readImportBatchSize } from '../lib/env'
import { asSystem } from '../access/asSystem'
import { commandCache } from './commandCache'

/**
 * Files read and written per transaction (IMPORT_BATCH_SIZE, default 500): large enough to
 * amortize, small enough that a failed batch is soon retried file by file.
 */
const batchSize = (): number => {
  try {
    return readImportBatchSize()
  } catch (error) {
    return fail((error as Error).message)
  }
}

const usage =
  'usage: npm run import -- <file or folder>... [--department <short name>] [--status draft|published]'

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`)
  process.exit(2)
}

const departmentId = async (payload: Payload, name: string) => {
  // System lookup for an operator's command.
  const { docs } = await payload.find({
    collection: 'organizations',
    depth: 0,
    // Reverse joins are never needed here, and each is a query over the archive.
    joins: false,
    limit: 1,
    ...asSystem(),
    where: {
      or: [
        { shortName: { equals: name } },
        { documentCode: { equals: name } },
        { name: { equals: name } },
      ],
    },
  })
  return (
    docs[0]?.id ??
    fail(`--department "${name}" names no organization (use its short name, e.g. BQLKKT)`)
  )
}

const main = async () => {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { department: { type: 'string' }, status: { type: 'string' } },
    })
  } catch (error) {
    return fail(`${(error as Error).message}\n${usage}`)
  }
  const { positionals, values } = parsed
  if (positionals.length === 0) {
    return fail(usage)
  }
  const status = values.status ?? 'published'
  if (status !== 'draft' && status !== 'published') {
    return fail(`--status must be draft or published, got "${status}"`)
  }
  const BATCH_SIZE = batchSize()
  const { files, missing } = articleFiles(positionals)
  for (const target of missing) {
    process.stderr.write(`${target}: no such file or folder\n`)
  }

  // With REDIS_URL, the servers' caches are emptied when this import's writes commit, not 30 s later.
  let shared
  try {
    shared = await commandCache(config)
  } catch (error) {
    return fail((error as Error).message)
  }
  const { cache, redis } = shared

  const payload = await getPayload({ config })
  // A server starting on the same PostgreSQL database at this moment migrates in turn with us.
  await withStartupLock(payload, () => runMigrations(payload))
  const department = values.department ? await departmentId(payload, values.department) : undefined

  const counts: Record<ImportStatus, number> = {
    created: 0,
    failed: missing.length,
    skipped: 0,
    updated: 0,
  }
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: 'Nhập bài {bar} {value}/{total} {file}', hideCursor: true })
    : null
  bar?.start(files.length, 0, { file: '' })
  const say = (line: string) => {
    bar?.stop()
    process.stderr.write(`${line}\n`)
    bar?.start(
      files.length,
      counts.created + counts.updated + counts.skipped + counts.failed - missing.length,
    )
  }
  const started = Date.now()
  // New articles are written a batch at a time (src/import/importBatch); the rest one by one.
  // The next batch's files are read and worked out while the current one is written.
  function* readBatches(): Generator<Array<{ name: string; text: string }>> {
    for (let start = 0; start < files.length; start += BATCH_SIZE) {
      const readable: Array<{ name: string; text: string }> = []
      for (const file of files.slice(start, start + BATCH_SIZE)) {
        try {
          readable.push({ name: file, text: fs.readFileSync(file, 'utf8') })
        } catch (error) {
          counts.failed += 1
          say(`${file}: ${(error as Error).message.split('\n')[0]}`)
          bar?.increment(1, { file })
        }
      }
      yield readable
    }
  }
  for await (const outcomes of importBatches({
    batches: readBatches(),
    department,
    onFallback: (reason, count) =>
      say(`${count} files could not be written together (${reason}); importing them one by one`),
    payload,
    status,
  })) {
    for (const outcome of outcomes) {
      counts[outcome.status] += 1
      if (outcome.status === 'failed') {
        say(`${outcome.name}: ${outcome.reason}`)
      }
      bar?.increment(1, { file: outcome.name })
    }
  }
  bar?.stop()
  const seconds = (Date.now() - started) / 1000
  process.stdout.write(
    `${files.length} files in ${seconds.toFixed(1)} s: ${counts.created} created, ${counts.updated} updated, ${counts.skipped} skipped, ${counts.failed} failed\n`,
  )
  if (redis) {
    // Batches are written past Payload's hooks: one bump for them all, delivered before exiting.
    cache.bump()
    if (!(await cache.flush())) {
      process.stderr.write(
        `Redis (${redis.where}) did not answer: the servers show this import within 30 s\n`,
      )
    }
    await redis.close()
  }
  await payload.db.destroy?.()
  process.exit(counts.failed > 0 ? 1 : 0)
}

main().catch((error) => {
  process.stderr.write(`Import failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
