import fs from 'node:fs'
import path from 'node:path'
import { getPayload } from 'payload'
import pg from 'pg'

import { buildPortalConfig } from '../src/config'
import { runMigrations } from '../src/database'
import { importBatches } from '../src/import/importBatch'
import {
  articleParagraphs,
  articleTitle,
  organizationName,
  personName,
  planNumber,
  positionTitle,
} from '../tests/helpers/articleText'

/**
 * Articles per second through the importer as `npm run import` runs it (importBatches: parsing,
 * extraction, linking, batches of 500, the next one worked out while one is written) on a small
 * fresh database: a SQLite file, or the PostgreSQL database BENCH_IMPORT_DATABASE_URI names
 * (dropped and created again), so PostgreSQL's figure is whatever path the importer takes there.
 */
const count = Number(process.env.BENCH_IMPORTS ?? 2000)
const BATCH_SIZE = 500
const postgresUri = process.env.BENCH_IMPORT_DATABASE_URI

/** Drops and creates the database of `uri`, connected to POSTGRES_URI (or `postgres` beside it). */
const freshPostgres = async (uri: string): Promise<void> => {
  const url = new URL(uri)
  const name = url.pathname.slice(1)
  url.pathname = '/postgres'
  const admin = new pg.Client({ connectionString: process.env.POSTGRES_URI ?? url.toString() })
  await admin.connect()
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await admin.query(`CREATE DATABASE "${name}"`)
  } finally {
    await admin.end()
  }
}

const main = async () => {
  let databaseUri: string
  if (postgresUri) {
    await freshPostgres(postgresUri)
    databaseUri = postgresUri
  } else {
    const file = path.resolve('bench/data/import.db')
    for (const suffix of ['', '-wal', '-shm']) {
      fs.rmSync(`${file}${suffix}`, { force: true })
    }
    databaseUri = `file:${file}`
  }
  const payload = await getPayload({ config: buildPortalConfig({ databaseUri }) })
  await runMigrations(payload)
  const board = await payload.create({
    collection: 'organizations',
    data: {
      name: 'Ban Quản lý Khu kinh tế tỉnh',
      shortName: 'BQLKKT',
      _status: 'published',
    } as never,
  })

  // The importer's file format (../shared/fixtures/articles): slug, title, title again, kind, paragraphs.
  const texts = Array.from({ length: count }, (_, n) => {
    const title = articleTitle(n, organizationName(n % 20))
    const paragraphs = articleParagraphs(n, {
      org: organizationName(n % 20),
      person: `ông ${personName(n)}`,
      plan: planNumber(n, 'BQLKKT'),
      title: positionTitle(n),
    })
    return {
      name: `nhap-thu-${n}.txt`,
      text: [`nhap-thu-${n}`, title, title, 'Article', ...paragraphs].join('\n\n'),
    }
  })

  const began = performance.now()
  let failed = 0
  let oneByOne = 0
  const batches = Array.from({ length: Math.ceil(texts.length / BATCH_SIZE) }, (_, at) =>
    texts.slice(at * BATCH_SIZE, (at + 1) * BATCH_SIZE),
  )
  // As `npm run import` runs them: the next batch worked out while the current one is written.
  for await (const outcomes of importBatches({ batches, department: board.id, payload })) {
    failed += outcomes.filter((outcome) => outcome.status === 'failed').length
    oneByOne += outcomes.filter((outcome) => !outcome.batched).length
  }
  const seconds = (performance.now() - began) / 1000
  await payload.db.destroy?.()
  process.stdout.write(`${JSON.stringify({ failed, oneByOne, perSec: count / seconds })}\n`)
}

main().then(
  () => {
    process.exit(0)
  },
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
