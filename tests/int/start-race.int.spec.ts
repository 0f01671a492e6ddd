/**
 * Two instances started at the same moment on one empty PostgreSQL database: one migrates and
 * seeds while the other waits on the advisory lock (src/database.ts withStartupLock), then both
 * serve. Without the lock both run the initial migration (one fails on "already exists") or both
 * seed (one fails on the demo accounts' unique emails), so one process would die.
 */
import type { ChildProcess } from 'node:child_process'

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

import { migrations } from '../../src/migrations/postgres'
import { DEMO_USERS } from '../../src/seed/demoData'
import {
  dropThrowawayDatabase,
  testDatabase,
  throwawayDatabaseUri,
} from '../helpers/initPayloadInt'

// PostgreSQL only: the advisory lock is PostgreSQL's; the embedded SQLite database is one
// process's file and MongoDB has no migrations.
const onPostgres = testDatabase() === 'postgres' ? describe : describe.skip

const root = process.cwd()
const BOOT_DEADLINE_MS = 120_000

type Instance = { child: ChildProcess; exited: Promise<null | number>; output: () => string }

/** `tests/helpers/serveApi.ts` with the demo seed, as its own process; no retry, on purpose. */
const launch = (databaseUri: string, dataDir: string, barrier: string): Instance => {
  const child = spawn(process.execPath, ['scripts/launch.mjs', 'tests/helpers/serveApi.ts'], {
    cwd: root,
    detached: true,
    env: {
      ...process.env,
      DATABASE_URI: databaseUri,
      DEMO_PASSWORD: 'race-demo-password',
      NODE_OPTIONS: '',
      PORT: '0',
      SEED_DATA_DIR: dataDir,
      START_BARRIER: barrier,
    },
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<null | number>((done) => child.on('exit', (code) => done(code)))
  return { child, exited, output: () => output }
}

const listening = async (instance: Instance): Promise<string> => {
  const deadline = Date.now() + BOOT_DEADLINE_MS
  while (Date.now() < deadline) {
    const match = /listening on (http:\/\/\S+)/.exec(instance.output())
    if (match) {
      return match[1]!
    }
    if (instance.child.exitCode !== null) {
      throw new Error(`an instance exited with ${instance.child.exitCode}:\n${instance.output()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`an instance did not listen within ${BOOT_DEADLINE_MS} ms:\n${instance.output()}`)
}

onPostgres('two instances started together on an empty PostgreSQL database', () => {
  let databaseUri: string
  let dataDir: string
  const instances: Instance[] = []

  beforeAll(async () => {
    databaseUri = await throwawayDatabaseUri()
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'start-race-'))
  })

  afterAll(async () => {
    for (const instance of instances) {
      if (instance.child.exitCode === null && instance.child.signalCode === null) {
        process.kill(-instance.child.pid!, 'SIGKILL')
        await instance.exited
      }
    }
    await dropThrowawayDatabase(databaseUri)
    fs.rmSync(dataDir, { force: true, recursive: true })
  })

  it('should have one migrate and seed while the other waits, then both serve', async () => {
    const barrier = path.join(dataDir, 'go')
    instances.push(launch(databaseUri, dataDir, barrier), launch(databaseUri, dataDir, barrier))
    // Loading takes seconds and varies; both begin connecting and migrating at the same moment.
    const deadline = Date.now() + BOOT_DEADLINE_MS
    while (!instances.every((instance) => instance.output().includes('at the start barrier'))) {
      if (Date.now() > deadline || instances.some((instance) => instance.child.exitCode !== null)) {
        throw new Error(
          `the instances did not load:\n${instances.map((i) => i.output()).join('\n')}`,
        )
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    fs.writeFileSync(barrier, '')
    const urls = await Promise.all(instances.map(listening))

    for (const url of urls) {
      const health = await fetch(`${url}/api/health`)
      expect(health.status).toBe(200)
      const ready = await fetch(`${url}/api/ready`)
      expect(ready.status).toBe(200)
      // Both read the one seed: the demo article is public through either.
      const articles = await fetch(`${url}/api/articles?limit=10&depth=0`)
      expect(((await articles.json()) as { totalDocs: number }).totalDocs).toBeGreaterThan(0)
    }
    const outputs = instances.map((instance) => instance.output())
    expect(outputs.filter((output) => output.includes('seeded the demo content'))).toHaveLength(1)
    expect(outputs.filter((output) => output.includes('demo seed: not empty'))).toHaveLength(1)

    const client = new pg.Client({ connectionString: databaseUri })
    await client.connect()
    try {
      const applied = await client.query<{ n: string; name: string }>(
        'SELECT name, count(*) AS n FROM payload_migrations GROUP BY name ORDER BY name',
      )
      expect(applied.rows).toEqual(
        migrations
          .map(({ name }) => ({ n: '1', name }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      )
      const users = await client.query<{ email: string }>('SELECT email FROM users ORDER BY email')
      expect(users.rows.map((row) => row.email)).toEqual(
        DEMO_USERS.map((user) => user.email).sort(),
      )
      const slugs = await client.query<{ n: string }>(
        'SELECT count(*) AS n FROM (SELECT slug FROM articles GROUP BY slug HAVING count(*) > 1) AS twice',
      )
      expect(slugs.rows[0]!.n).toBe('0')
    } finally {
      await client.end()
    }
  })
})
