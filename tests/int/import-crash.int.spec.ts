/**
 * `kill -9` of `npm run import` halfway through a folder: the database passes its integrity
 * checks, every article in it is whole (the same as a clean import makes it), and a re-run
 * finishes the rest without duplicating articles or what they link.
 */
import type { ChildProcess } from 'node:child_process'
import type { Payload } from 'payload'

import { createClient } from '@libsql/client'
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { getPayload } from 'payload'
import pg from 'pg'

import { FTS_SQL } from '../../collections/search/sqlite'
import { buildPortalConfig } from '../../src/config'
import { runMigrations } from '../../src/database'
import { lexicalToPlainText } from '../../src/lib/richtext/lexical'
import { forgetPayload } from '../helpers/forgetPayload'
import { waitFor } from '../helpers/waitFor'
import {
  dropThrowawayDatabase,
  testDatabase,
  throwawayDatabaseUri,
} from '../helpers/initPayloadInt'

// Setup and read-backs are system work (overrideAccess: true); the importer under test is a process.

const root = process.cwd()
// SQLite and PostgreSQL, the databases of the bulk import writer (MongoDB imports one by one).
const onSql = testDatabase() === 'mongodb' ? describe.skip : describe
const onPostgres = testDatabase() === 'postgres'
const throwawaySqliteUri = () =>
  `file:${path.join(os.tmpdir(), `cms-test-${crypto.randomUUID()}.db`)}`
/** A database for the test: a SQLite file, or one created on the POSTGRES_URI server. */
const throwawayUri = () => (onPostgres ? throwawayDatabaseUri() : throwawaySqliteUri())

type Row = Record<string, unknown>
/** A connection of the test's own to a database the importer writes, of either kind. */
type Client = { close: () => Promise<void>; execute: (sql: string) => Promise<{ rows: Row[] }> }

const connect = async (databaseUri: string): Promise<Client> => {
  if (!onPostgres) {
    const client = createClient({ url: databaseUri })
    return { close: async () => client.close(), execute: (sql) => client.execute(sql) }
  }
  const client = new pg.Client({ connectionString: databaseUri })
  await client.connect()
  return { close: () => client.end(), execute: (sql) => client.query(sql) }
}

const FILES = 40
/** Articles committed before the kill; well short of FILES, so the kill lands mid-folder. */
const KILL_AFTER = 5
const DEADLINE_MS = 60_000

const STP = fs.readFileSync(
  path.join(
    root,
    'tests/fixtures/articles/so-tu-phap-trien-khai-ke-hoach-pho-bien-giao-duc-phap-luat.txt',
  ),
  'utf8',
)
const BQL = fs.readFileSync(
  path.join(
    root,
    'content/articles/kiem-tra-cong-tac-cai-cach-hanh-chinh-tai-ban-quan-ly-khu-kinh-te.txt',
  ),
  'utf8',
)
const STP_TITLE = 'Sở Tư pháp triển khai kế hoạch phổ biến, giáo dục pháp luật năm 2024'
const BQL_TITLE = 'Kiểm tra công tác cải cách hành chính tại Ban quản lý Khu kinh tế'
const LEADERS = ['Trần Thị Lan', 'Nguyễn Thị Hoa', 'Phạm Thị Thu']
const GUESTS = [
  'Lê Quang Huy',
  'Hoàng Văn Nam',
  'Đặng Minh Tuấn',
  'Bùi Đức Long',
  'Ngô Văn Khải',
  'Đinh Công Thành',
  'Võ Thị Mai',
  'Lý Văn Phúc',
]

/**
 * Article `n` of the folder, from the two sample files: its own slug and title, and people and
 * plans that recur across articles and first appear at different points of the folder, so the
 * linker both creates and reuses records before and after the kill.
 */
const articleText = (n: number): string => {
  const no = String(n).padStart(2, '0')
  if (n % 4 === 0) {
    return BQL.replace(
      'kiem-tra-cong-tac-cai-cach-hanh-chinh-tai-ban-quan-ly-khu-kinh-te',
      `kiem-tra-cai-cach-hanh-chinh-dot-${no}`,
    )
      .replaceAll(BQL_TITLE, `${BQL_TITLE} (đợt ${n})`)
      .replace('(đạt 19%)', `(đạt ${10 + n}%)`)
  }
  return STP.replace(
    'so-tu-phap-trien-khai-ke-hoach-pho-bien-giao-duc-phap-luat',
    `so-tu-phap-pho-bien-phap-luat-dot-${no}`,
  )
    .replaceAll(STP_TITLE, `${STP_TITLE} (đợt ${n})`)
    .replaceAll('15/KH-STP', `${10 + Math.floor(n / 4)}/KH-STP`)
    .replaceAll('Trần Thị Lan', LEADERS[n % LEADERS.length]!)
    .replaceAll('Lê Quang Huy', GUESTS[Math.floor(n / 6) % GUESTS.length]!)
    .replace('30/3/2024', `${1 + (n % 28)}/4/2024`)
}

const fileOf = (databaseUri: string) => databaseUri.slice('file:'.length)

type Exit = { code: null | number; signal: NodeJS.Signals | null }
type ImportRun = {
  child: ChildProcess
  exited: Promise<Exit>
  stderr: () => string
  stdout: () => string
}

/** `npm run import -- <folder>` as its own process group, so one kill reaches the launcher and the importer it spawned. */
const startImport = (folder: string, databaseUri: string): ImportRun => {
  const child = spawn(process.execPath, ['scripts/launch.mjs', 'src/bin/import.ts', folder], {
    cwd: root,
    detached: true,
    env: {
      ...process.env,
      DATABASE_URI: databaseUri,
      // Small batches (each one transaction), so the folder takes several and a kill lands between.
      IMPORT_BATCH_SIZE: '3',
      NODE_OPTIONS: '',
      PAYLOAD_SECRET: 'import-crash-test-secret',
      SEED_DEMO: '0',
    },
  })
  let stdout = ''
  let stderr = ''
  child.stdout!.on('data', (chunk) => (stdout += chunk))
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  )
  return { child, exited, stderr: () => stderr, stdout: () => stdout }
}

/** Processes of a group that still run (zombies waiting to be reaped have stopped); Linux /proc, else kill(0). */
const liveInGroup = (group: number): number => {
  if (!fs.existsSync('/proc/self/stat')) {
    try {
      process.kill(-group, 0)
      return 1
    } catch {
      return 0
    }
  }
  let live = 0
  for (const name of fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    let stat: string
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8')
    } catch {
      continue
    }
    // After the command name's closing parenthesis: state, parent pid, process group.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (Number(pgrp) === group && state !== 'Z') {
      live += 1
    }
  }
  return live
}

/**
 * Whether another connection holds the write lock (this client waits for no lock, so BEGIN
 * IMMEDIATE fails at once when one does); when it does not, the lock is let go at once. On
 * PostgreSQL: whether another session's transaction has written (it holds a transaction id).
 */
const writerActive = async (db: Client): Promise<boolean> => {
  if (onPostgres) {
    return (
      (await countOf(
        db,
        `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()
          AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL`,
      )) > 0
    )
  }
  try {
    await db.execute('BEGIN IMMEDIATE')
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      return true
    }
    throw error
  }
  await db.execute('ROLLBACK')
  return false
}

const countOf = async (db: Client, sql: string): Promise<number> =>
  Number((await db.execute(sql)).rows[0]!.n)

const openPayload = async (databaseUri: string, key: string): Promise<Payload> =>
  getPayload({ config: buildPortalConfig({ databaseUri }), key })

/** Closes the connection too (the adapter's destroy leaves libsql's open), so no stray handle stays on the file. */
const closePayload = async (payload: Payload, key: string) => {
  await payload.db.destroy?.()
  ;(payload.db as unknown as { client?: { close: () => void } }).client?.close()
  forgetPayload(key)
}

/**
 * The database's own consistency check: SQLite's integrity_check, or on PostgreSQL amcheck's
 * check of every B-tree index against its table; an empty list when sound.
 */
const integrityProblems = async (db: Client): Promise<unknown[]> => {
  if (!onPostgres) {
    const rows = (await db.execute('PRAGMA integrity_check')).rows
    return rows.map((row) => row.integrity_check).filter((line) => line !== 'ok')
  }
  await db.execute('CREATE EXTENSION IF NOT EXISTS amcheck')
  // bt_index_check raises on a corrupt index, so a failure shows as the thrown error.
  await db.execute(
    `SELECT bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE a.amname = 'btree' AND n.nspname = current_schema()`,
  )
  return []
}

/** Rows that point at a missing row: SQLite's foreign_key_check (PostgreSQL enforces them as written). */
const brokenForeignKeys = async (db: Client): Promise<Row[]> =>
  onPostgres ? [] : (await db.execute('PRAGMA foreign_key_check')).rows

type Linked =
  { _status?: null | string; name?: string; number?: string } | null | number | string | undefined

/** A linked record by what it is, not its id; a link to a missing record shows as such. */
const label = (value: Linked): string =>
  value && typeof value === 'object'
    ? `${value.name ?? value.number} (${value._status})`
    : `missing #${String(value)}`

const idOf = (value: unknown): unknown =>
  value && typeof value === 'object' ? (value as { id: unknown }).id : value

/**
 * Everything each article consists of, by slug and without ids: its fields, department, links,
 * citations, versions, search entry (with its FTS row) and audit records.
 */
const shapesOf = async (payload: Payload) => {
  const all = { overrideAccess: true, pagination: false } as const
  const articles = (await payload.find({ ...all, collection: 'articles', depth: 1 })).docs
  const versions = (await payload.findVersions({ ...all, collection: 'articles', depth: 1 })).docs
  const where = (field: string) => ({ [field]: { equals: 'articles' } })
  const entries = (
    await payload.find({ ...all, collection: 'search-index', where: where('target') })
  ).docs
  const audits = (
    await payload.find({ ...all, collection: 'audit-log', where: where('targetCollection') })
  ).docs
  // The entries the full-text index holds: FTS5's rows, or PostgreSQL's tsvector filled.
  const db = payload.db as unknown as {
    client?: { execute: (sql: string) => Promise<{ rows: Row[] }> }
    pool?: { query: (sql: string) => Promise<{ rows: Row[] }> }
  }
  const indexed = onPostgres
    ? await db.pool!.query('SELECT id FROM search_index WHERE search_title IS NOT NULL')
    : await db.client!.execute(`SELECT ${FTS_SQL.rowId} AS id FROM ${FTS_SQL.title}`)
  const inFts = new Set(indexed.rows.map((row) => Number(row.id)))
  const labels = (values: Linked[] | null | undefined) => (values ?? []).map(label).sort()
  return Object.fromEntries(
    articles.map((article) => [
      String(article.slug),
      {
        audits: audits
          .filter((record) => record.targetId === String(article.id))
          .map((record) => record.action),
        body: lexicalToPlainText(article.body),
        byline: article.byline,
        citations: (article.citations ?? []).map((citation) => citation.number),
        copies: articles.filter((other) => other.slug === article.slug).length,
        department: label(article.department as Linked),
        eventDate: article.eventDate,
        organizations: labels(article.organizations as Linked[]),
        people: labels(article.people as Linked[]),
        placements: article.placements,
        plans: labels(article.plans as Linked[]),
        search: entries
          .filter((entry) => entry.docId === String(article.id))
          .map((entry) => ({
            department: entry.department === String(idOf(article.department)),
            fts: inFts.has(Number(entry.id)),
            published: entry.published,
            slug: entry.slug,
            title: entry.title,
          })),
        status: article._status,
        title: article.title,
        versions: versions
          .filter((version) => idOf(version.parent) === article.id)
          .map(({ latest, version }) => ({
            latest,
            people: labels(version.people as Linked[]),
            plans: labels(version.plans as Linked[]),
            status: version._status,
            title: version.title,
          })),
      },
    ]),
  )
}

type Shapes = Awaited<ReturnType<typeof shapesOf>>

/** The records of every type, by what they are, so duplicates and strays show. */
const census = async (payload: Payload) => {
  const all = async (collection: 'articles' | 'organizations' | 'people' | 'plans') =>
    (await payload.find({ collection, depth: 0, overrideAccess: true, pagination: false }))
      .docs as unknown as Array<Record<string, unknown>>
  return {
    articles: (await all('articles')).map((doc) => doc.slug).sort(),
    organizations: (await all('organizations')).map((doc) => `${doc.name} (${doc._status})`).sort(),
    people: (await all('people')).map((doc) => `${doc.slug} ${doc.name} (${doc._status})`).sort(),
    plans: (await all('plans')).map((doc) => `${doc.number} (${doc._status})`).sort(),
    searchEntries: (await payload.count({ collection: 'search-index', overrideAccess: true }))
      .totalDocs,
  }
}

/** Rows of each content type that lack a version or a search entry, and search entries that point at nothing. */
const strays = async (db: Client) => {
  const out: Record<string, number> = {}
  for (const table of ['articles', 'organizations', 'people', 'plans']) {
    out[table] = await countOf(
      db,
      `SELECT count(*) AS n FROM ${table} t
        WHERE NOT EXISTS (SELECT 1 FROM _${table}_v v WHERE v.parent_id = t.id)
           OR NOT EXISTS (SELECT 1 FROM search_index s WHERE s.target = '${table}' AND s.doc_id = CAST(t.id AS TEXT))`,
    )
    out[`search:${table}`] = await countOf(
      db,
      `SELECT count(*) AS n FROM search_index s
        WHERE s.target = '${table}' AND NOT EXISTS (SELECT 1 FROM ${table} t WHERE CAST(t.id AS TEXT) = s.doc_id)`,
    )
  }
  out.fts =
    (await countOf(db, 'SELECT count(*) AS n FROM search_index')) -
    (await countOf(
      db,
      onPostgres
        ? 'SELECT count(search_title) AS n FROM search_index'
        : `SELECT count(*) AS n FROM ${FTS_SQL.title}`,
    ))
  return out
}
const NO_STRAYS = {
  articles: 0,
  fts: 0,
  organizations: 0,
  people: 0,
  plans: 0,
  'search:articles': 0,
  'search:organizations': 0,
  'search:people': 0,
  'search:plans': 0,
}

/** The province's directory, as the demo seed creates it: the importer infers departments from it. */
const createDirectory = async (payload: Payload) => {
  const ubnd = await payload.create({
    collection: 'organizations',
    data: {
      _status: 'published',
      documentCode: 'UBND',
      name: 'Ủy ban nhân dân tỉnh',
      shortName: 'UBND',
    },
    overrideAccess: true,
  })
  for (const [shortName, name] of [
    ['SNV', 'Sở Nội vụ'],
    ['BQLKKT', 'Ban Quản lý Khu kinh tế tỉnh'],
  ] as const) {
    await payload.create({
      collection: 'organizations',
      data: { _status: 'published', documentCode: shortName, name, parent: ubnd.id, shortName },
      overrideAccess: true,
    })
  }
}

onSql('npm run import killed with SIGKILL halfway through a folder', () => {
  let folder: string
  let crashedUri = ''
  let referenceUri = ''
  let reference: ImportRun
  let crashed: ImportRun | undefined
  let rerun: ImportRun | undefined
  let committedAtKill = 0

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'import-crash-'))
    for (let n = 1; n <= FILES; n += 1) {
      fs.writeFileSync(
        path.join(folder, `article-${String(n).padStart(2, '0')}.txt`),
        articleText(n),
      )
    }
    // One migrated database with the directory, copied, so both imports start from the same state.
    crashedUri = await throwawayUri()
    const setup = await openPayload(crashedUri, 'import-crash-setup')
    await runMigrations(setup)
    await createDirectory(setup)
    if (onPostgres) {
      await closePayload(setup, 'import-crash-setup')
      // A copy made by the server, from the database as a template (nobody is connected to it now).
      referenceUri = await throwawayUri()
      await dropThrowawayDatabase(referenceUri)
      const server = await connect(process.env.POSTGRES_URI!)
      try {
        await server.execute(
          `CREATE DATABASE "${new URL(referenceUri).pathname.slice(1)}" TEMPLATE "${new URL(crashedUri).pathname.slice(1)}"`,
        )
      } finally {
        await server.close()
      }
    } else {
      await (setup.db as unknown as { client: Client }).client.execute(
        'PRAGMA wal_checkpoint(TRUNCATE)',
      )
      await closePayload(setup, 'import-crash-setup')
      referenceUri = throwawaySqliteUri()
      fs.copyFileSync(fileOf(crashedUri), fileOf(referenceUri))
    }
    // The clean import runs alongside the one that gets killed.
    reference = startImport(folder, referenceUri)
  })

  afterAll(async () => {
    for (const run of [crashed, rerun, reference]) {
      if (run?.child.pid && run.child.exitCode === null && run.child.signalCode === null) {
        process.kill(-run.child.pid, 'SIGKILL')
        await run.exited
      }
    }
    for (const uri of [crashedUri, referenceUri].filter(Boolean)) {
      await dropThrowawayDatabase(uri)
    }
    if (folder) {
      fs.rmSync(folder, { force: true, recursive: true })
    }
  })

  it('should leave a sound database whose every article is whole', async () => {
    const run = startImport(folder, crashedUri)
    crashed = run
    const watcher = await connect(crashedUri)
    let exitedEarly = false
    void run.exited.then(() => (exitedEarly = true))
    await waitFor(
      `${KILL_AFTER} imported articles`,
      async () =>
        exitedEarly || (await countOf(watcher, 'SELECT count(*) AS n FROM articles')) >= KILL_AFTER,
      {
        detail: () => run.stdout() + run.stderr(),
        intervalMs: 20,
        timeoutMs: DEADLINE_MS,
      },
    )
    // Kill while the importer holds the write lock: inside an article's transaction, after it wrote.
    await waitFor(
      'the importer to be writing',
      async () => exitedEarly || (await writerActive(watcher)),
      {
        detail: () => run.stdout() + run.stderr(),
        intervalMs: 20,
        timeoutMs: DEADLINE_MS,
      },
    )
    await watcher.close()
    expect(exitedEarly).toBe(false)
    // The launcher and the importer it started: the kill must reach the process that writes.
    expect(liveInGroup(run.child.pid!)).toBeGreaterThanOrEqual(2)
    process.kill(-run.child.pid!, 'SIGKILL')
    expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' })
    await waitFor('every process of the import to stop', () => liveInGroup(run.child.pid!) === 0, {
      detail: () => run.stdout() + run.stderr(),
      intervalMs: 20,
      timeoutMs: DEADLINE_MS,
    })
    expect(run.stdout()).not.toMatch(/files in/)

    const db = await connect(crashedUri)
    try {
      expect(await integrityProblems(db)).toEqual([])
      expect(await brokenForeignKeys(db)).toEqual([])
      committedAtKill = await countOf(db, 'SELECT count(*) AS n FROM articles')
      expect(await strays(db)).toEqual(NO_STRAYS)
    } finally {
      await db.close()
    }
    // Killed mid-folder: some articles are in, not all.
    expect(committedAtKill).toBeGreaterThanOrEqual(KILL_AFTER)
    expect(committedAtKill).toBeLessThan(FILES)

    const crashedPayload = await openPayload(crashedUri, 'import-crash-crashed')
    let present: Shapes
    try {
      present = await shapesOf(crashedPayload)
    } finally {
      await closePayload(crashedPayload, 'import-crash-crashed')
    }
    // The re-run the next test checks starts now, alongside the end of the clean import.
    rerun = startImport(folder, crashedUri)

    const finished = await reference.exited
    expect([finished.code, reference.stdout()]).toEqual([
      0,
      expect.stringMatching(`${FILES} created`),
    ])
    const referencePayload = await openPayload(referenceUri, 'import-crash-reference')
    let expected: Shapes
    try {
      expected = await shapesOf(referencePayload)
    } finally {
      await closePayload(referencePayload, 'import-crash-reference')
    }
    expect(Object.keys(present)).toHaveLength(committedAtKill)
    for (const shape of Object.values(expected)) {
      // What a normal import makes of each file, so "whole" compares against something.
      expect(shape).toMatchObject({
        copies: 1,
        search: [{ fts: true, published: true }],
        status: 'published',
      })
      expect(shape.versions).toHaveLength(1)
      expect(shape.audits.length).toBeGreaterThan(0)
      expect(shape.people.length).toBeGreaterThan(0)
      expect(shape.plans.length).toBeGreaterThan(0)
    }
    expect(present).toEqual(
      Object.fromEntries(Object.keys(present).map((slug) => [slug, expected[slug]])),
    )
  }, 120_000)

  it('should import the rest on a re-run, skip what was in, and duplicate nothing', async () => {
    // Started by the previous test once it had read what the kill left.
    expect(rerun).toBeDefined()
    const run = rerun!
    const { code } = await run.exited
    // Paired with its stderr, so a failure shows why.
    expect([code, run.stderr()]).toEqual([0, expect.any(String)])
    expect(run.stdout()).toMatch(
      new RegExp(
        `${FILES} files in [\\d.]+ s: ${FILES - committedAtKill} created, 0 updated, ${committedAtKill} skipped, 0 failed`,
      ),
    )

    const db = await connect(crashedUri)
    try {
      expect(await integrityProblems(db)).toEqual([])
      expect(await brokenForeignKeys(db)).toEqual([])
      expect(await strays(db)).toEqual(NO_STRAYS)
    } finally {
      await db.close()
    }
    const crashedPayload = await openPayload(crashedUri, 'import-crash-crashed')
    const referencePayload = await openPayload(referenceUri, 'import-crash-reference')
    try {
      const after = await census(crashedPayload)
      expect(after.articles).toHaveLength(FILES)
      expect(new Set(after.articles).size).toBe(FILES)
      expect(after).toEqual(await census(referencePayload))
      expect(await shapesOf(crashedPayload)).toEqual(await shapesOf(referencePayload))
    } finally {
      await closePayload(crashedPayload, 'import-crash-crashed')
      await closePayload(referencePayload, 'import-crash-reference')
    }
  }, 120_000)
})
