/**
 * `npm run restore -- <file> [--yes]`: loads a backup made by `npm run backup` into the configured
 * SQLite database. Stop the server first: while any process has the database open the restore
 * refuses and changes nothing. The backup is checked (integrity, Payload tables, manifest checksum)
 * before anything is touched, then swapped in with a rename, so the database is never half
 * written. `media/` is replaced from `<file>.media/` when the backup has one. A backup from an
 * older version is migrated forward when the server next starts. PostgreSQL: the `pg_dump`
 * archive `npm run backup` made is checked (`pg_restore --list`, the manifest checksum), refused
 * while another session is connected to the database, then loaded by `pg_restore --clean` in one
 * transaction, so it is loaded wholly or not at all. MongoDB: mongorestore.
 */
import { createClient } from '@libsql/client'
import pg from 'pg'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline/promises'

import { readDatabaseTarget, SettingsError } from '../lib/env'
import { runTool } from './pgTools'

const USAGE = 'Usage: npm run restore -- <file> [--yes]'

const fail = (message: string, code = 1): never => {
  process.stderr.write(`${message}\n`)
  process.exit(code)
}

const parseArgs = (args: string[]): { file: string; yes: boolean } => {
  const files = args.filter((arg) => !arg.startsWith('--'))
  const flags = args.filter((arg) => arg.startsWith('--'))
  if (files.length !== 1 || flags.some((flag) => flag !== '--yes')) {
    return fail(USAGE, 2)
  }
  return { file: files[0]!, yes: flags.includes('--yes') }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

const sha256File = async (file: string): Promise<string> => {
  const hash = crypto.createHash('sha256')
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer)
  }
  return hash.digest('hex')
}

/** Null when `file` is a sound Payload database, else why not (one line). */
const problemWith = async (file: string): Promise<null | string> => {
  const db = createClient({ url: `file:${file}` })
  try {
    const { rows } = await db.execute('PRAGMA integrity_check')
    const verdict = rows.map((row) => String(Object.values(row)[0])).join('; ')
    if (verdict !== 'ok') {
      return `integrity check failed (${verdict.slice(0, 200)})`
    }
    const migrations = await db.execute(
      "select name from sqlite_master where type = 'table' and name = 'payload_migrations'",
    )
    return migrations.rows.length === 0
      ? 'it has no payload_migrations table, so it is not a CMS database'
      : null
  } catch (error) {
    return messageOf(error).replace(/^SQLITE_\w+: /, '')
  } finally {
    db.close()
  }
}

/** Whether another connection has `file` open: SQLite grants an exclusive lock only to the sole user. */
const inUse = async (file: string): Promise<boolean> => {
  const db = createClient({ url: `file:${file}` })
  try {
    await db.execute('PRAGMA busy_timeout = 0')
    // Kept until this process exits (libsql closes lazily), so no server can open it mid-swap.
    await db.execute('PRAGMA locking_mode = EXCLUSIVE')
    await db.execute('BEGIN EXCLUSIVE')
    await db.execute('ROLLBACK')
    return false
  } catch (error) {
    if (/SQLITE_BUSY|SQLITE_LOCKED|locked/i.test(messageOf(error))) {
      return true
    }
    throw error
  } finally {
    db.close()
  }
}

const ask = async (question: string): Promise<string> => {
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  try {
    return (await rl.question(question)).trim()
  } finally {
    rl.close()
  }
}

/** Swaps `media/` for the backup's copy, when it has one; says what it did. */
const replaceMedia = (backupMedia: string, mediaDir: string): string => {
  if (!fs.existsSync(backupMedia)) {
    return 'media/ left as it was (the backup has no media folder)'
  }
  const incoming = `${mediaDir}.restore-${process.pid}`
  const outgoing = `${mediaDir}.replaced-${process.pid}`
  fs.rmSync(incoming, { force: true, recursive: true })
  fs.cpSync(backupMedia, incoming, { recursive: true })
  if (fs.existsSync(mediaDir)) {
    fs.renameSync(mediaDir, outgoing)
  }
  fs.renameSync(incoming, mediaDir)
  fs.rmSync(outgoing, { force: true, recursive: true })
  return `media/ replaced from ${backupMedia}`
}

type RestorePostgresArgs = {
  backup: string
  backupMedia: string
  mediaDir: string
  url: string
  yes: boolean
}

/** Loads a pg_dump archive made by `npm run backup` into the PostgreSQL database of `url`. */
const restorePostgres = async ({
  backup,
  backupMedia,
  mediaDir,
  url,
  yes,
}: RestorePostgresArgs) => {
  const database = new URL(url).pathname.slice(1)
  if (!yes && !process.stdin.isTTY) {
    return fail(
      `Refusing to replace the database ${database} without confirmation: no terminal to ask on; add --yes. Nothing was changed.`,
    )
  }
  const started = Date.now()
  try {
    let contents: string
    try {
      contents = await runTool('pg_restore', ['--list', backup])
    } catch (error) {
      return fail(`${backup} is not a usable backup: ${messageOf(error)}. Nothing was changed.`)
    }
    if (!/ TABLE DATA \S+ payload_migrations /.test(contents)) {
      return fail(
        `${backup} is not a usable backup: it has no payload_migrations table, so it is not a CMS database. Nothing was changed.`,
      )
    }
    if (fs.existsSync(`${backup}.json`)) {
      const manifest = JSON.parse(fs.readFileSync(`${backup}.json`, 'utf8')) as { sha256?: string }
      if (manifest.sha256 && manifest.sha256 !== (await sha256File(backup))) {
        return fail(
          `${backup} does not match the checksum in ${backup}.json (damaged copy?). Nothing was changed.`,
        )
      }
    }
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      const { rows } = await client.query<{ n: string }>(
        'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      )
      if (Number(rows[0]?.n) > 0) {
        return fail(
          `The database ${database} has other sessions (is the server running?); stop it and run the restore again. Nothing was changed.`,
        )
      }
    } finally {
      await client.end()
    }
    const restoresMedia = fs.existsSync(backupMedia)
    if (!yes) {
      const answer = await ask(
        `This replaces the database ${database}${restoresMedia ? ` and ${mediaDir}` : ''} with ${backup}. Type "yes" to continue: `,
      )
      if (answer !== 'yes') {
        return fail('Restore cancelled; nothing was changed.')
      }
    }
    // One transaction: on any error nothing of the old database is dropped.
    await runTool('pg_restore', [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${url}`,
      backup,
    ])
    const mediaNote = replaceMedia(backupMedia, mediaDir)
    process.stdout.write(
      `Restored ${backup} into the database ${database}; ${mediaNote}; in ${Date.now() - started} ms. Start the server to serve it.\n`,
    )
  } catch (error) {
    return fail(`Restore failed: ${messageOf(error)}`)
  }
}

const main = async () => {
  const { file, yes } = parseArgs(process.argv.slice(2))
  let target
  try {
    target = readDatabaseTarget()
  } catch (error) {
    return fail(error instanceof SettingsError ? error.message : messageOf(error))
  }
  if (target.kind === 'mongodb') {
    return fail(
      `DATABASE_URI is MongoDB, which this command does not load: run mongorestore --uri "$DATABASE_URI" --archive=${file} --drop`,
    )
  }

  const backup = path.resolve(file)
  const backupMedia = `${backup}.media`
  const mediaDir = path.resolve(process.cwd(), 'media')
  if (!fs.existsSync(backup) || !fs.statSync(backup).isFile()) {
    return fail(`No backup file at ${backup}; nothing was changed.`)
  }
  if (target.kind === 'postgres') {
    return restorePostgres({ backup, backupMedia, mediaDir, url: target.url, yes })
  }
  if (backup === target.file) {
    return fail(`${backup} is the configured database itself; nothing was changed.`)
  }
  if (!yes && !process.stdin.isTTY) {
    return fail(
      `Refusing to replace ${target.file} without confirmation: no terminal to ask on; add --yes. Nothing was changed.`,
    )
  }

  const started = Date.now()
  const temp = `${target.file}.restore-${process.pid}`
  // Checking a WAL-mode copy leaves its own -wal/-shm beside it.
  const cleanup = () =>
    ['', '-wal', '-shm'].forEach((suffix) => fs.rmSync(`${temp}${suffix}`, { force: true }))
  try {
    fs.mkdirSync(path.dirname(target.file), { recursive: true })
    // Checked as the copy that will go into place, so what was checked is what is served.
    fs.copyFileSync(backup, temp)
    const problem = await problemWith(temp)
    if (problem) {
      cleanup()
      return fail(`${backup} is not a usable backup: ${problem}. Nothing was changed.`)
    }
    if (fs.existsSync(`${backup}.json`)) {
      const manifest = JSON.parse(fs.readFileSync(`${backup}.json`, 'utf8')) as { sha256?: string }
      if (manifest.sha256 && manifest.sha256 !== (await sha256File(temp))) {
        cleanup()
        return fail(
          `${backup} does not match the checksum in ${backup}.json (damaged copy?). Nothing was changed.`,
        )
      }
    }
    if (fs.existsSync(target.file) && (await inUse(target.file))) {
      cleanup()
      return fail(
        `${target.file} is open in another process (is the server running?); stop it and run the restore again. Nothing was changed.`,
      )
    }
    const restoresMedia = fs.existsSync(backupMedia)
    if (!yes) {
      const answer = await ask(
        `This replaces ${target.file}${restoresMedia ? ` and ${mediaDir}` : ''} with ${backup}. Type "yes" to continue: `,
      )
      if (answer !== 'yes') {
        cleanup()
        return fail('Restore cancelled; nothing was changed.')
      }
    }

    // Stale WAL pages of the old database must not be replayed onto the restored one.
    for (const suffix of ['-wal', '-shm', '-journal']) {
      fs.rmSync(`${target.file}${suffix}`, { force: true })
    }
    fs.renameSync(temp, target.file)
    cleanup()

    const mediaNote = replaceMedia(backupMedia, mediaDir)
    process.stdout.write(
      `Restored ${backup} into ${target.file}; ${mediaNote}; in ${Date.now() - started} ms. Start the server to serve it.\n`,
    )
  } catch (error) {
    cleanup()
    return fail(`Restore failed: ${messageOf(error)}`)
  }
}

main().catch((error) => fail(`Restore failed: ${messageOf(error)}`))
