import type { CollectionSlug, Payload } from 'payload'

import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { getPayload } from 'payload'

import { buildPortalConfig } from '../../src/config'
import { request } from '../helpers/http'
import type { TestServer } from '../helpers/startServer'
import { startServer } from '../helpers/startServer'
import { committedMigrations, migrationsPending } from '../../src/database'
import { forgetPayload } from '../helpers/forgetPayload'
import { dropThrowawayDatabase, testDatabase } from '../helpers/initPayloadInt'

// Setup and read-backs pass overrideAccess: true as system work; the requests under test use the caller's own access.

const root = process.cwd()

type Run = { code: null | number; ms: number; stderr: string; stdout: string }

/** Runs `npm run backup|restore`'s entry point as its own process, stdin a pipe (no TTY). */
const run = (
  script: 'backup' | 'restore',
  args: string[],
  { cwd, databaseUri }: { cwd: string; databaseUri: string },
) =>
  new Promise<Run>((resolve) => {
    const started = Date.now()
    const child = spawn(
      process.execPath,
      [path.join(root, 'scripts/launch.mjs'), path.join(root, `src/bin/${script}.ts`), ...args],
      {
        cwd,
        env: { ...process.env, DATABASE_URI: databaseUri, NODE_OPTIONS: '' },
      },
    )
    child.stdin.end()
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, ms: Date.now() - started, stderr, stdout })
    })
  })

const sha256 = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex')
const fileHash = (file: string) => sha256(fs.readFileSync(file))
const fileOf = (databaseUri: string) => databaseUri.slice('file:'.length)
const oneLine = (text: string) => text.trim().split('\n')

type Doc = Record<string, any>

/** Every document of every collection (and its versions), all locales, hidden fields included. */
const contentOf = async (payload: Payload): Promise<Record<string, Doc[]>> => {
  const content: Record<string, Doc[]> = {}
  for (const collection of payload.config.collections) {
    const slug = collection.slug as CollectionSlug
    const { docs } = await payload.find({
      collection: slug,
      depth: 0,
      // Joins are computed from other collections; each collection is compared on its own rows.
      joins: false as never,
      locale: 'all',
      overrideAccess: true,
      pagination: false,
      showHiddenFields: true,
      sort: 'id',
    })
    content[slug] = docs as Doc[]
    if (collection.versions) {
      const versions = await payload.findVersions({
        collection: slug,
        depth: 0,
        locale: 'all',
        overrideAccess: true,
        pagination: false,
        sort: 'id',
      })
      content[`${slug}:versions`] = versions.docs as Doc[]
    }
  }
  return content
}

const hashesOf = (content: Record<string, Doc[]>) =>
  Object.fromEntries(
    Object.entries(content).map(([name, docs]) => [name, sha256(JSON.stringify(docs))]),
  )

const bootOn = async (databaseUri: string, key: string) =>
  getPayload({ config: buildPortalConfig({ databaseUri }), key })

// SQLite's backup is VACUUM INTO and an atomic swap of the database file, PostgreSQL's pg_dump and
// pg_restore; each is tested on its own database. MongoDB's commands point to mongodump.
const onSqlite = testDatabase() === 'sqlite' ? describe : describe.skip
const onPostgres = testDatabase() === 'postgres' ? describe : describe.skip

// In order: the later tests use the backup and the restored database the first one makes.
onSqlite('backup and restore of the embedded database', () => {
  const PASSWORD = 'Mật-khẩu-sao-lưu-2024'
  let server: TestServer
  let work: string
  let backupFile: string
  let restoredUri: string
  let snapshot: Record<string, Doc[]>
  const opened: Payload[] = []

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-backup-'))
    // The scripts take media/ from their working folder, as the server does.
    fs.mkdirSync(path.join(work, 'serving/media'), { recursive: true })
    fs.writeFileSync(path.join(work, 'serving/media/anh-hoi-nghi.jpg'), 'Ảnh hội nghị tổng kết năm')
    fs.mkdirSync(path.join(work, 'restoring/media'), { recursive: true })
    fs.writeFileSync(path.join(work, 'restoring/media/tep-cu.jpg'), 'tệp của cơ sở dữ liệu cũ')
    backupFile = path.join(work, 'backups/cms-backup.db')
    // A folder of its own, so listing it sees only what the restore did.
    restoredUri = `file:${path.join(work, 'restored/cms.db')}`

    server = await startServer()
    const org = async (name: string, shortName: string) =>
      server.payload.create({
        collection: 'organizations',
        data: { _status: 'published', documentCode: shortName, name, shortName },
        overrideAccess: true,
      })
    const bql = await org('Ban Quản lý Khu kinh tế tỉnh', 'BQLKKT')
    await org('Sở Nội vụ', 'SNV')
    await org('Ủy ban nhân dân tỉnh', 'UBND')
    await server.payload.create({
      collection: 'users',
      data: { department: bql.id, email: 'bientap@test.vn', password: PASSWORD, roles: ['editor'] },
      overrideAccess: true,
    })
    for (let i = 1; i <= 40; i += 1) {
      await server.payload.create({
        collection: 'articles',
        data: {
          _status: i % 3 === 0 ? 'draft' : 'published',
          department: bql.id,
          summary:
            `Đoàn công tác của tỉnh làm việc với doanh nghiệp trong khu kinh tế, lần thứ ${i}. `.repeat(
              20,
            ),
          title: `Hội nghị triển khai Kế hoạch số ${i}/KH-BQLKKT về cải cách hành chính`,
        },
        overrideAccess: true,
      })
    }
  })

  afterAll(async () => {
    for (const payload of opened) {
      await payload.db.destroy?.()
    }
    await server?.cleanup()
    fs.rmSync(work, { force: true, recursive: true })
  })

  it('should take a consistent backup while writes go on, and restore exactly that content', async () => {
    const before = await contentOf(server.payload)
    const department = before.organizations[0]!.id
    let writing = true
    let writes = 0
    const load = (async () => {
      while (writing) {
        await server.payload.create({
          collection: 'articles',
          data: {
            _status: 'published',
            department,
            title: `Tin nhanh trong lúc sao lưu số ${writes + 1}`,
          },
          overrideAccess: true,
        })
        writes += 1
        // SQLite calls are synchronous underneath: yield, or the child's exit is never noticed.
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    await new Promise((resolve) => setTimeout(resolve, 200))
    const writesAtStart = writes
    const backup = await run('backup', [backupFile], {
      cwd: path.join(work, 'serving'),
      databaseUri: server.databaseUri,
    })
    const writesDuringBackup = writes - writesAtStart
    writing = false
    await load

    expect(backup.stderr).toBe('')
    expect(backup.code).toBe(0)
    expect(backup.stdout).toMatch(
      /^Backup written to .*cms-backup\.db \(\d+ bytes, \d+ tables, \d+ rows, 1 media files\) in \d+ ms\n$/,
    )
    expect(writesDuringBackup).toBeGreaterThan(0)

    const manifest = JSON.parse(fs.readFileSync(`${backupFile}.json`, 'utf8'))
    expect(manifest.sha256).toBe(fileHash(backupFile))
    expect(manifest.source).toEqual({ file: fileOf(server.databaseUri), kind: 'sqlite' })
    expect(manifest.tables.users).toBe(1)
    expect(manifest.tables.payload_migrations).toBeGreaterThan(0)
    expect(fs.readFileSync(`${backupFile}.media/anh-hoi-nghi.jpg`, 'utf8')).toBe(
      'Ảnh hội nghị tổng kết năm',
    )

    // Read the snapshot from a copy, so opening it cannot change the backup file.
    const copy = path.join(work, 'snapshot-copy.db')
    fs.copyFileSync(backupFile, copy)
    const snapshotPayload = await bootOn(`file:${copy}`, 'backup-snapshot')
    opened.push(snapshotPayload)
    snapshot = await contentOf(snapshotPayload)
    const after = await contentOf(server.payload)

    // The load only creates: what it did not touch is exactly as before, and what it touched
    // still holds every earlier document unchanged, plus the writes that landed in time.
    // (Newer documents are not compared: without SQLite transactions in Payload, a snapshot may
    // catch one mid-create, e.g. an article whose audit record is not written yet.)
    const beforeHashes = hashesOf(before)
    const snapshotHashes = hashesOf(snapshot)
    const afterHashes = hashesOf(after)
    const touched = Object.keys(after).filter((name) => afterHashes[name] !== beforeHashes[name])
    expect(touched).toEqual(expect.arrayContaining(['articles', 'articles:versions', 'audit-log']))
    for (const name of Object.keys(before)) {
      if (!touched.includes(name)) {
        expect([name, snapshotHashes[name]]).toEqual([name, beforeHashes[name]])
        continue
      }
      const held = new Map(snapshot[name]!.map((doc) => [String(doc.id), JSON.stringify(doc)]))
      const lost = before[name]!.filter((doc) => held.get(String(doc.id)) !== JSON.stringify(doc))
      expect([name, lost]).toEqual([name, []])
    }
    expect(snapshot.articles.length).toBe(manifest.tables.articles)
    expect(snapshot.articles.length).toBeGreaterThan(before.articles.length)
    expect(snapshot.articles.length).toBeLessThanOrEqual(after.articles.length)

    const restore = await run('restore', [backupFile, '--yes'], {
      cwd: path.join(work, 'restoring'),
      databaseUri: restoredUri,
    })
    expect(restore.stderr).toBe('')
    expect(restore.code).toBe(0)
    expect(oneLine(restore.stdout)).toHaveLength(1)
    expect(restore.stdout).toContain(`Restored ${backupFile} into ${fileOf(restoredUri)}`)
    expect(fs.readdirSync(path.join(work, 'restoring/media'))).toEqual(['anh-hoi-nghi.jpg'])
    expect(fs.readdirSync(path.dirname(fileOf(restoredUri)))).toEqual(['cms.db'])

    const restored = await bootOn(restoredUri, 'restored')
    opened.push(restored)
    expect(await migrationsPending(restored)).toBe(0)
    const restoredContent = await contentOf(restored)
    expect(hashesOf(restoredContent)).toEqual(snapshotHashes)
    expect(restoredContent.articles.map((doc) => doc.title.vi)).toContain(
      'Hội nghị triển khai Kế hoạch số 40/KH-BQLKKT về cải cách hành chính',
    )
    // Password hashes came back too: the restored account can still sign in.
    const signedIn = await restored.login({
      collection: 'users',
      data: { email: 'bientap@test.vn', password: PASSWORD },
    })
    expect(signedIn.token).toEqual(expect.any(String))
  })

  it('should refuse to overwrite an existing backup unless --force', async () => {
    const hash = fileHash(backupFile)
    const manifest = fs.readFileSync(`${backupFile}.json`, 'utf8')
    const refused = await run('backup', [backupFile], {
      cwd: path.join(work, 'serving'),
      databaseUri: server.databaseUri,
    })
    expect(refused.code).not.toBe(0)
    expect(oneLine(refused.stderr)).toEqual([
      `${backupFile} already exists; choose another file, or add --force to overwrite it.`,
    ])
    expect(fileHash(backupFile)).toBe(hash)
    expect(fs.readFileSync(`${backupFile}.json`, 'utf8')).toBe(manifest)

    await server.payload.create({
      collection: 'organizations',
      data: { _status: 'published', name: 'Sở Tài chính', shortName: 'STC' },
      overrideAccess: true,
    })
    const forced = await run('backup', [backupFile, '--force'], {
      cwd: path.join(work, 'serving'),
      databaseUri: server.databaseUri,
    })
    expect(forced.stderr).toBe('')
    expect(forced.code).toBe(0)
    const rewritten = JSON.parse(fs.readFileSync(`${backupFile}.json`, 'utf8'))
    expect(rewritten.tables.organizations).toBe(JSON.parse(manifest).tables.organizations + 1)
    expect(rewritten.sha256).toBe(fileHash(backupFile))
    expect(fs.readdirSync(path.dirname(backupFile)).sort()).toEqual([
      'cms-backup.db',
      'cms-backup.db.json',
      'cms-backup.db.media',
    ])
  })

  /**
   * The database the refusals below must leave untouched, byte for byte: restored by the command
   * in its own process, never opened in this one. A connection of this process (the restored
   * database is opened above) closes lazily and may checkpoint its WAL into the file at any later
   * moment, which changed its bytes, not its content, in the middle of a refusal.
   */
  let quietUri: string | undefined
  const quietTarget = async (): Promise<string> => {
    if (!quietUri) {
      const uri = `file:${path.join(work, 'quiet/cms.db')}`
      fs.mkdirSync(path.join(work, 'quiet-cwd/media'), { recursive: true })
      const restore = await run('restore', [backupFile, '--yes'], {
        cwd: path.join(work, 'quiet-cwd'),
        databaseUri: uri,
      })
      expect(restore.code).toBe(0)
      quietUri = uri
    }
    return quietUri
  }

  it('should refuse to restore without --yes when there is no terminal to ask, changing nothing', async () => {
    const targetUri = await quietTarget()
    const target = fileOf(targetUri)
    const hash = fileHash(target)
    const listing = fs.readdirSync(path.dirname(target)).sort()
    const media = fs.readdirSync(path.join(work, 'restoring/media'))
    fs.writeFileSync(path.join(work, 'restoring/media/moi.jpg'), 'tải lên sau khi khôi phục')

    const refused = await run('restore', [backupFile], {
      cwd: path.join(work, 'restoring'),
      databaseUri: targetUri,
    })
    expect(refused.code).not.toBe(0)
    expect(refused.stdout).toBe('')
    expect(oneLine(refused.stderr)).toHaveLength(1)
    expect(refused.stderr).toMatch(/without confirmation.*--yes/)
    expect(fileHash(target)).toBe(hash)
    expect(fs.readdirSync(path.dirname(target)).sort()).toEqual(listing)
    expect(fs.readdirSync(path.join(work, 'restoring/media')).sort()).toEqual(
      [...media, 'moi.jpg'].sort(),
    )
  })

  it('should refuse a corrupt backup with one line and leave the database untouched', async () => {
    const targetUri = await quietTarget()
    const target = fileOf(targetUri)
    const hash = fileHash(target)
    const listing = fs.readdirSync(path.dirname(target)).sort()
    const corrupt = path.join(work, 'corrupt.db')
    fs.writeFileSync(corrupt, crypto.randomBytes(64 * 1024))

    const refused = await run('restore', [corrupt, '--yes'], {
      cwd: path.join(work, 'restoring'),
      databaseUri: targetUri,
    })
    expect(refused.code).not.toBe(0)
    expect(refused.stdout).toBe('')
    expect(oneLine(refused.stderr)).toEqual([
      `${corrupt} is not a usable backup: file is not a database. Nothing was changed.`,
    ])
    expect(fileHash(target)).toBe(hash)
    expect(fs.readdirSync(path.dirname(target)).sort()).toEqual(listing)
  })

  it('should refuse a backup whose checksum does not match its manifest', async () => {
    const targetUri = await quietTarget()
    const target = fileOf(targetUri)
    const hash = fileHash(target)
    const damaged = path.join(work, 'damaged.db')
    fs.copyFileSync(backupFile, damaged)
    const manifest = JSON.parse(fs.readFileSync(`${backupFile}.json`, 'utf8'))
    fs.writeFileSync(
      `${damaged}.json`,
      JSON.stringify({ ...manifest, sha256: sha256('another file') }),
    )

    const refused = await run('restore', [damaged, '--yes'], {
      cwd: path.join(work, 'restoring'),
      databaseUri: targetUri,
    })
    expect(refused.code).not.toBe(0)
    expect(oneLine(refused.stderr)).toHaveLength(1)
    expect(refused.stderr).toContain('does not match the checksum')
    expect(fileHash(target)).toBe(hash)
  })

  it('should refuse a SQLite file that is not a CMS database', async () => {
    const targetUri = await quietTarget()
    const target = fileOf(targetUri)
    const hash = fileHash(target)
    const other = path.join(work, 'other.db')
    const { createClient } = await import('@libsql/client')
    const client = createClient({ url: `file:${other}` })
    await client.execute('create table notes (body text)')
    client.close()

    const refused = await run('restore', [other, '--yes'], {
      cwd: path.join(work, 'restoring'),
      databaseUri: targetUri,
    })
    expect(refused.code).not.toBe(0)
    expect(oneLine(refused.stderr)).toHaveLength(1)
    expect(refused.stderr).toContain('no payload_migrations table')
    expect(fileHash(target)).toBe(hash)
  })

  it('should refuse to restore over a database the running server has open', async () => {
    const count = async () =>
      (await server.payload.count({ collection: 'articles', overrideAccess: true })).totalDocs
    const articles = await count()
    const refused = await run('restore', [backupFile, '--yes'], {
      cwd: path.join(work, 'restoring'),
      databaseUri: server.databaseUri,
    })
    expect(refused.code).not.toBe(0)
    expect(oneLine(refused.stderr)).toHaveLength(1)
    expect(refused.stderr).toContain('is open in another process (is the server running?)')
    expect(await count()).toBe(articles)
    expect((await request(`${server.url}/api/health`)).status).toBe(200)
    const leftovers = fs
      .readdirSync(path.dirname(fileOf(server.databaseUri)))
      .filter((name) => name.startsWith(`${path.basename(fileOf(server.databaseUri))}.restore-`))
    expect(leftovers).toEqual([])
  })
})

describe('backup and restore commands: usage, PostgreSQL and MongoDB', () => {
  const cwd = os.tmpdir()

  it('should print the usage line when the file is missing', async () => {
    const backup = await run('backup', [], { cwd, databaseUri: 'file:./nowhere.db' })
    expect(backup.code).not.toBe(0)
    expect(oneLine(backup.stderr)).toEqual(['Usage: npm run backup -- <file> [--force]'])
    const restore = await run('restore', [], { cwd, databaseUri: 'file:./nowhere.db' })
    expect(restore.code).not.toBe(0)
    expect(oneLine(restore.stderr)).toEqual(['Usage: npm run restore -- <file> [--yes]'])
  })

  it('should point to mongodump and mongorestore on MongoDB', async () => {
    const databaseUri = 'mongodb://127.0.0.1:1/cms'
    const backup = await run('backup', ['cms.archive'], { cwd, databaseUri })
    expect(backup.code).not.toBe(0)
    expect(oneLine(backup.stderr)).toEqual([
      'DATABASE_URI is MongoDB, which this command does not copy: run mongodump --uri "$DATABASE_URI" --archive=cms.archive',
    ])
    const restore = await run('restore', ['cms.archive', '--yes'], { cwd, databaseUri })
    expect(restore.code).not.toBe(0)
    expect(oneLine(restore.stderr)).toHaveLength(1)
    expect(restore.stderr).toContain('mongorestore --uri "$DATABASE_URI" --archive=cms.archive')
  })

  it('should fail in one line, writing nothing, when the PostgreSQL server cannot be reached', async () => {
    const databaseUri = 'postgres://127.0.0.1:1/cms'
    const backup = await run('backup', ['unreachable.dump'], { cwd, databaseUri })
    expect(backup.code).not.toBe(0)
    expect(oneLine(backup.stderr)).toHaveLength(1)
    expect(backup.stderr).toMatch(/^Backup failed: .*ECONNREFUSED/)
    expect(fs.existsSync(path.join(cwd, 'unreachable.dump'))).toBe(false)
  })
})

// In order: the later tests use the backup the first one makes.
onPostgres('backup and restore of a PostgreSQL database', () => {
  let server: TestServer
  let work: string
  let backupFile: string
  let dumpedArticles = 0
  let serving = true
  let department: number
  const articles = async (from: number, to: number) => {
    for (let i = from; i <= to; i += 1) {
      await server.payload.create({
        collection: 'articles',
        data: { _status: 'published', department, title: `Bài viết sao lưu số ${i}` },
        overrideAccess: true,
      })
    }
  }

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-pg-backup-'))
    fs.mkdirSync(path.join(work, 'media'), { recursive: true })
    fs.writeFileSync(path.join(work, 'media/anh-hoi-nghi.jpg'), 'Ảnh hội nghị tổng kết năm')
    backupFile = path.join(work, 'backups/cms.dump')
    server = await startServer()
    const org = await server.payload.create({
      collection: 'organizations',
      data: {
        _status: 'published',
        documentCode: 'BQLKKT',
        name: 'Ban Quản lý',
        shortName: 'BQLKKT',
      },
      overrideAccess: true,
    })
    department = org.id as number
    await articles(1, 20)
  })

  afterAll(async () => {
    if (serving) {
      await server?.cleanup()
    } else {
      await dropThrowawayDatabase(server.databaseUri)
    }
    fs.rmSync(work, { force: true, recursive: true })
  })

  it('should dump the database while writes go on, with a manifest of that same snapshot', async () => {
    const [backup] = await Promise.all([
      run('backup', [backupFile], { cwd: work, databaseUri: server.databaseUri }),
      articles(21, 30),
    ])
    expect(backup.stderr).toBe('')
    expect(backup.code).toBe(0)
    const manifest = JSON.parse(fs.readFileSync(`${backupFile}.json`, 'utf8'))
    expect(manifest.sha256).toBe(fileHash(backupFile))
    expect(manifest.migrations).toEqual(committedMigrations(server.payload).map(({ name }) => name))
    expect(manifest.source).toEqual({
      database: new URL(server.databaseUri).pathname.slice(1),
      host: new URL(server.databaseUri).host,
      kind: 'postgres',
    })
    expect(manifest.tables.articles).toBeGreaterThanOrEqual(20)
    expect(manifest.tables.articles).toBeLessThanOrEqual(30)
    expect(fs.readFileSync(path.join(`${backupFile}.media`, 'anh-hoi-nghi.jpg'), 'utf8')).toBe(
      'Ảnh hội nghị tổng kết năm',
    )
    dumpedArticles = manifest.tables.articles
  })

  it('should refuse to restore while the server is connected, changing nothing', async () => {
    const restore = await run('restore', [backupFile, '--yes'], {
      cwd: work,
      databaseUri: server.databaseUri,
    })
    expect(restore.code).not.toBe(0)
    expect(oneLine(restore.stderr)).toHaveLength(1)
    expect(restore.stderr).toContain('other sessions (is the server running?)')
    const { totalDocs } = await server.payload.count({
      collection: 'articles',
      overrideAccess: true,
    })
    expect(totalDocs).toBe(30)
  })

  it('should refuse a backup whose checksum does not match its manifest', async () => {
    const damaged = path.join(work, 'backups/damaged.dump')
    fs.copyFileSync(backupFile, damaged)
    const manifest = JSON.parse(fs.readFileSync(`${backupFile}.json`, 'utf8'))
    fs.writeFileSync(`${damaged}.json`, JSON.stringify({ ...manifest, sha256: sha256('other') }))
    const restore = await run('restore', [damaged, '--yes'], {
      cwd: work,
      databaseUri: server.databaseUri,
    })
    expect(restore.code).not.toBe(0)
    expect(restore.stderr).toContain('does not match the checksum')
  })

  it('should load the backup into the stopped database, exactly as it was dumped', async () => {
    const before = await contentOf(server.payload)
    await server.close()
    forgetPayload()
    serving = false
    fs.writeFileSync(path.join(work, 'media/sau-sao-luu.jpg'), 'tệp sau khi sao lưu')
    const restore = await run('restore', [backupFile, '--yes'], {
      cwd: work,
      databaseUri: server.databaseUri,
    })
    expect(restore.stderr).toBe('')
    expect(restore.code).toBe(0)
    expect(fs.readdirSync(path.join(work, 'media'))).toEqual(['anh-hoi-nghi.jpg'])

    const payload = await bootOn(server.databaseUri, 'pg-restored')
    try {
      expect(await migrationsPending(payload)).toBe(0)
      const after = await contentOf(payload)
      // The dumped rows: the first ones as they were, the ones written after the snapshot absent.
      expect(after.articles).toHaveLength(dumpedArticles)
      expect(hashesOf({ articles: after.articles })).toEqual(
        hashesOf({ articles: before.articles!.slice(0, dumpedArticles) }),
      )
      expect(hashesOf({ users: after.users! })).toEqual(hashesOf({ users: before.users! }))
      // Search works on what was restored (its generated columns came back with the table).
      const found = await payload.find({
        collection: 'search-index',
        limit: 1,
        overrideAccess: true,
        where: { keyTitle: { like: 'bai viet sao luu so 1' } },
      })
      expect(found.totalDocs).toBeGreaterThan(0)
    } finally {
      await payload.db.destroy?.()
      forgetPayload('pg-restored')
    }
  })
})
