/**
 * `npm run backup -- <file> [--force]`: a consistent copy of the configured database while the
 * server keeps serving. SQLite: `VACUUM INTO` on a separate connection (one WAL read snapshot, so
 * concurrent writes are either wholly in it or not at all), then `media/` as `<file>.media/` and a
 * manifest `<file>.json`. PostgreSQL: `pg_dump --format=custom` of a snapshot exported by a
 * repeatable-read transaction that also counts the rows and reads the migrations of that same
 * snapshot, then `media/` and the manifest alike. MongoDB: use mongodump. Every failure is one
 * line on stderr. With media on S3 (S3_BUCKET) there is no `media/` to copy: the manifest names
 * the bucket, which is the operator's to back up with the storage's own tools.
 */
import { createClient } from '@libsql/client'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'

import { readDatabaseTarget, readS3Settings, SettingsError } from '../lib/env'
import { runTool } from './pgTools'

const USAGE = 'Usage: npm run backup -- <file> [--force]'

const fail = (message: string, code = 1): never => {
  process.stderr.write(`${message}\n`)
  process.exit(code)
}

const parseArgs = (args: string[]): { file: string; force: boolean } => {
  const files = args.filter((arg) => !arg.startsWith('--'))
  const flags = args.filter((arg) => arg.startsWith('--'))
  if (files.length !== 1 || flags.some((flag) => flag !== '--force')) {
    return fail(USAGE, 2)
  }
  return { file: files[0]!, force: flags.includes('--force') }
}

const sha256File = async (file: string): Promise<string> => {
  const hash = crypto.createHash('sha256')
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer)
  }
  return hash.digest('hex')
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`

/** Rows per table and the applied migrations, read from the finished copy itself. */
const describeCopy = async (file: string) => {
  const copy = createClient({ url: `file:${file}` })
  try {
    const { rows } = await copy.execute(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name",
    )
    const tables: Record<string, number> = {}
    for (const { name } of rows) {
      const result = await copy.execute(
        `select count(*) as n from ${quoteIdentifier(String(name))}`,
      )
      tables[String(name)] = Number(result.rows[0]?.n ?? 0)
    }
    const migrations =
      'payload_migrations' in tables
        ? (await copy.execute('select name from payload_migrations order by id')).rows.map((row) =>
            String(row.name),
          )
        : []
    return { migrations, tables }
  } finally {
    copy.close()
  }
}

/**
 * pg_dump of one exported snapshot, with the row counts and migrations of that same snapshot, so
 * the manifest describes exactly what the dump holds while the server keeps writing.
 */
const dumpPostgres = async (url: string, file: string) => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    const { rows } = await client.query<{ snapshot: string }>(
      'SELECT pg_export_snapshot() AS snapshot',
    )
    const dumped = runTool('pg_dump', [
      '--format=custom',
      '--no-owner',
      '--no-privileges',
      `--snapshot=${rows[0]!.snapshot}`,
      `--file=${file}`,
      `--dbname=${url}`,
    ])
    const names = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
    )
    const tables: Record<string, number> = {}
    for (const { name } of names.rows) {
      const result = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${quoteIdentifier(name)}`,
      )
      tables[name] = Number(result.rows[0]?.n ?? 0)
    }
    const migrations =
      'payload_migrations' in tables
        ? (
            await client.query<{ name: string }>('SELECT name FROM payload_migrations ORDER BY id')
          ).rows.map((row) => row.name)
        : []
    // The snapshot lives as long as this transaction: pg_dump must have begun with it by now,
    // and it holds it itself from then on; waiting for the dump keeps the order obvious.
    await dumped
    await client.query('COMMIT')
    return { migrations, tables }
  } finally {
    await client.end()
  }
}

/** The database name and server of a PostgreSQL URL, without its credentials. */
const describeUrl = (url: string) => {
  const parsed = new URL(url)
  return { database: parsed.pathname.slice(1), host: parsed.host, kind: 'postgres' }
}

const describeFolder = (dir: string) => {
  let bytes = 0
  let files = 0
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      files += 1
      bytes += fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size
    }
  }
  return { bytes, files }
}

const main = async () => {
  const { file, force } = parseArgs(process.argv.slice(2))
  let source
  let s3
  try {
    source = readDatabaseTarget()
    s3 = readS3Settings()
  } catch (error) {
    return fail(error instanceof SettingsError ? error.message : String(error))
  }
  if (source.kind === 'mongodb') {
    return fail(
      `DATABASE_URI is MongoDB, which this command does not copy: run mongodump --uri "$DATABASE_URI" --archive=${file}`,
    )
  }

  const dest = path.resolve(file)
  const mediaDir = path.resolve(process.cwd(), 'media')
  const outputs = { db: dest, manifest: `${dest}.json`, media: `${dest}.media` }
  if (source.kind === 'sqlite') {
    if (dest === source.file || dest.startsWith(`${source.file}-`)) {
      return fail(`${dest} is the database itself; choose another backup file.`)
    }
    if (!fs.existsSync(source.file)) {
      return fail(`No database at ${source.file} (DATABASE_URI); nothing to back up.`)
    }
  }
  const existing = Object.values(outputs).find((output) => fs.existsSync(output))
  if (existing && !force) {
    return fail(`${existing} already exists; choose another file, or add --force to overwrite it.`)
  }
  if (fs.existsSync(dest) && fs.statSync(dest).isDirectory()) {
    return fail(`${dest} is a folder; name a file for the backup.`)
  }

  const started = Date.now()
  // Everything is written beside its final name first, so a failed run leaves no half backup.
  const temp = {
    db: `${dest}.tmp-${process.pid}`,
    manifest: `${dest}.json.tmp-${process.pid}`,
    media: `${dest}.media.tmp-${process.pid}`,
  }
  const removeTemps = () =>
    Object.values(temp).forEach((item) => fs.rmSync(item, { force: true, recursive: true }))
  try {
    fs.mkdirSync(path.dirname(dest), { recursive: true })
    removeTemps()
    let described: Awaited<ReturnType<typeof describeCopy>>
    if (source.kind === 'postgres') {
      described = await dumpPostgres(source.url, temp.db)
    } else {
      const connection = createClient({ url: source.url })
      try {
        // A WAL reader seldom waits, but may while another connection recovers or resets the WAL.
        await connection.execute('PRAGMA busy_timeout = 10000')
        await connection.execute({ args: [temp.db], sql: 'VACUUM INTO ?' })
      } finally {
        connection.close()
      }
      described = await describeCopy(temp.db)
    }
    const { migrations, tables } = described
    const sha256 = await sha256File(temp.db)
    // After the snapshot, so every upload its rows point to is already on disk.
    const media = !s3 && fs.existsSync(mediaDir) ? describeFolder(mediaDir) : null
    if (media) {
      fs.cpSync(mediaDir, temp.media, { recursive: true })
    }
    const manifest = {
      bytes: fs.statSync(temp.db).size,
      createdAt: new Date().toISOString(),
      durationMs: Date.now() - started,
      file: path.basename(dest),
      media: s3
        ? {
            bucket: s3.bucket,
            copied: false,
            endpoint: s3.endpoint,
            note: "Media are stored in this S3 bucket, which this backup does not copy: back up the bucket with the storage provider's own tools (versioning, replication, or a sync to another bucket).",
            storage: 's3',
          }
        : media && { folder: path.basename(outputs.media), ...media },
      migrations,
      sha256,
      source:
        source.kind === 'postgres'
          ? describeUrl(source.url)
          : { file: source.file, kind: 'sqlite' },
      tables,
    }
    fs.writeFileSync(temp.manifest, `${JSON.stringify(manifest, null, 2)}\n`)
    if (force) {
      fs.rmSync(outputs.media, { force: true, recursive: true })
    }
    fs.renameSync(temp.db, outputs.db)
    fs.renameSync(temp.manifest, outputs.manifest)
    if (media) {
      fs.renameSync(temp.media, outputs.media)
    }
    const rows = Object.values(tables).reduce((sum, count) => sum + count, 0)
    process.stdout.write(
      `Backup written to ${dest} (${manifest.bytes} bytes, ${Object.keys(tables).length} tables, ${rows} rows, ` +
        `${s3 ? `media in S3 bucket ${s3.bucket}, not copied` : media ? `${media.files} media files` : 'no media folder'}) in ${Date.now() - started} ms\n`,
    )
  } catch (error) {
    removeTemps()
    return fail(`Backup failed: ${error instanceof Error ? error.message : String(error)}`)
  }
}

main().catch((error) =>
  fail(`Backup failed: ${error instanceof Error ? error.message : String(error)}`),
)
