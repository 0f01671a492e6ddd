import type { ChildProcess } from 'node:child_process'

import autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { Corpus } from './corpus'

import { nodeFlags } from '../scripts/nodeFlags.mjs'
import {
  benchDatabases,
  benchSize,
  databaseOn,
  EDITOR_EMAIL,
  EDITOR_PASSWORD,
  ensureCorpus,
  ensurePostgresCorpus,
} from './corpus'

/**
 * `npm run bench`: builds (or reuses) a 100,000-article corpus, then drives the portal and a bare
 * driver baseline with autocannon, alternating them round by round so load from elsewhere on the
 * machine hits both alike. SQLite first, then PostgreSQL when POSTGRES_URI is set (BENCH_DATABASES
 * picks). Writes bench/results/latest.json.
 */
const size = benchSize()
const DURATION = Number(process.env.BENCH_DURATION ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2)
const CONNECTIONS = 20
const SECRET = 'bench-secret-not-for-production'

type Child = { child: ChildProcess; port: number; url: string }

// Every child still running, so a failure or Ctrl-C leaves no server or baseline behind.
const children = new Set<ChildProcess>()

const spawnChild = (script: string, env: Record<string, string>): ChildProcess => {
  // The server runs with the flags `npm start` gives it (scripts/nodeFlags.mjs).
  const child = spawn(
    process.execPath,
    [...nodeFlags({ ...process.env, NODE_ENV: 'production' }), script],
    {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PAYLOAD_SECRET: SECRET,
        // A PORT in the caller's environment would put the portal and the baseline on one port
        // (or on a server already running there): every child takes a free one and says which.
        PORT: '0',
        RATE_LIMIT: '0',
        SEED_DEMO: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

const start = (script: string, env: Record<string, string>): Promise<Child> =>
  new Promise((resolve, reject) => {
    const child = spawnChild(script, env)
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const ready = /READY (\d+)/.exec(out)
      if (ready) {
        const port = Number(ready[1])
        resolve({ child, port, url: `http://127.0.0.1:${port}` })
      }
    })
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${out}`)))
  })

const stop = async ({ child }: Pick<Child, 'child'>): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) {
    return
  }
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
  child.kill('SIGKILL')
}

/** The child's peak resident set so far (VmHWM), in MB. */
const peakRss = (pid: number): number => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return Math.round(kb / 1024)
}

type Request = {
  body?: string
  headers?: Record<string, string>
  method: 'GET' | 'POST'
  path: string
}
type Measure = { non2xx: number; p50: number; p95: number; p99: number; rps: number }

const percentile = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0

const drive = async (url: string, request: Request, duration: number): Promise<Measure> => {
  const times: number[] = []
  const instance = autocannon({
    body: request.body,
    connections: CONNECTIONS,
    duration,
    headers: {
      ...(request.body ? { 'content-type': 'application/json' } : {}),
      ...request.headers,
    },
    method: request.method,
    url: `${url}${request.path}`,
  })
  // autocannon reports p97.5 but not p95: keep every response time.
  instance.on('response', (_client: unknown, _status: number, _bytes: number, time: number) =>
    times.push(time),
  )
  const result = await instance
  times.sort((a, b) => a - b)
  return {
    non2xx: result.non2xx + result.errors,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    rps: times.length / duration,
  }
}

const round2 = (value: number): number => Math.round(value * 100) / 100

const health = async (url: string): Promise<void> => {
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) {
        return
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

type Database = 'postgres' | 'sqlite'

/** One database's figures: the shape latest.json has held for SQLite since the first run. */
type Results = {
  coldStartMs: number
  importPerSec: number
  peakRssMb: number
  scenarios: Record<string, unknown>[]
}

const measure = async (database: Database): Promise<Results> => {
  const corpus: Corpus =
    database === 'sqlite'
      ? await ensureCorpus(size)
      : await ensurePostgresCorpus(size, process.env.POSTGRES_URI!)
  console.log(
    `[${database}] corpus: ${corpus.file} (${corpus.reused ? 'reused' : `generated in ${corpus.seconds.toFixed(1)} s`})`,
  )

  const importOnce = () =>
    new Promise<{ failed: number; perSec: number }>((resolve, reject) => {
      const child = spawnChild(
        'bench/importRate.ts',
        database === 'postgres'
          ? { BENCH_IMPORT_DATABASE_URI: databaseOn(process.env.POSTGRES_URI!, 'bench_import') }
          : {},
      )
      let out = ''
      child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
      child.once('exit', (code) => {
        const line = out.split('\n').find((text) => text.startsWith('{'))
        return code === 0 && line
          ? resolve(JSON.parse(line))
          : reject(new Error(`import bench exited with ${code}: ${out}`))
      })
    })
  const imported = await importOnce()
  console.log(
    `[${database}] import: ${imported.perSec.toFixed(1)} articles/s (${imported.failed} failed)`,
  )

  const baseline = await start('bench/baseline.ts', {
    ...(database === 'sqlite'
      ? { BENCH_DB: corpus.file }
      : { BENCH_DATABASE_URI: corpus.databaseUri }),
    BENCH_EDITOR_DEPARTMENT: String(corpus.editorDepartment),
  })
  const graphqlQuery = `query ($slug: String) { Articles(where: { slug: { equals: $slug } }, limit: 10) { docs {
    id title slug publishedAt summary
    department { id name shortName }
    people { id name slug positions { title organization { id name } } }
    plans { id number title issuedOn }
    organizations { id name shortName }
  } } }`
  const requests: Record<string, Request> = {
    'list-topic': {
      method: 'GET',
      path: `/api/articles?where[topics][equals]=${corpus.sampleTopic}&limit=20&depth=1`,
    },
    'article-by-slug': {
      method: 'GET',
      path: `/api/articles?where[slug][equals]=${corpus.sampleSlug}&depth=1`,
    },
    'graphql-article': {
      body: JSON.stringify({ query: graphqlQuery, variables: { slug: corpus.sampleSlug } }),
      method: 'POST',
      path: '/api/graphql',
    },
    search: { method: 'GET', path: `/api/search?q=${encodeURIComponent('cai cach hanh chinh')}` },
  }

  let peakRssMb = 0
  let coldStartMs = 0
  const scenarios: Record<string, unknown>[] = []
  for (const cache of ['cold', 'warm'] as const) {
    const spawned = Date.now()
    const server = await start('bench/serve.ts', {
      CACHE: cache === 'warm' ? '1' : '0',
      DATABASE_URI: corpus.databaseUri,
    })
    await health(server.url)
    if (cache === 'cold') {
      coldStartMs = Date.now() - spawned
    }
    const login = await fetch(`${server.url}/api/users/login`, {
      body: JSON.stringify({ email: EDITOR_EMAIL, password: EDITOR_PASSWORD }),
      headers: { 'content-type': 'application/json' },
      method: 'POST',
    })
    const { token } = (await login.json()) as { token: string }
    const editor: Request = {
      headers: { authorization: `JWT ${token}` },
      method: 'GET',
      path: '/api/articles?limit=20&depth=1',
    }
    const plan = Object.entries(requests).concat(cache === 'cold' ? [['editor-list', editor]] : [])
    for (const [name, request] of plan) {
      for (const target of [server.url, baseline.url]) {
        const response = await fetch(`${target}${request.path}`, {
          body: request.body,
          headers: {
            ...(request.body ? { 'content-type': 'application/json' } : {}),
            ...request.headers,
          },
          method: request.method,
        })
        const text = await response.text()
        const total = /"totalDocs":(\d+)/.exec(text)?.[1] ?? '?'
        console.log(
          `[${database}] ${name} ${target === server.url ? 'portal' : 'baseline'}: ${response.status}, ${text.length} bytes, totalDocs ${total}`,
        )
      }
      // Warm-up: JIT, SQLite page cache and (warm runs) the response cache.
      await drive(server.url, request, 2)
      await drive(baseline.url, request, 1)
      const ours: Measure[] = []
      const theirs: Measure[] = []
      for (let round = 0; round < ROUNDS; round += 1) {
        ours.push(await drive(server.url, request, DURATION))
        theirs.push(await drive(baseline.url, request, DURATION))
      }
      const mean = (list: Measure[], key: keyof Measure) =>
        list.reduce((sum, m) => sum + m[key], 0) / list.length
      const rps = mean(ours, 'rps')
      const baselineRps = mean(theirs, 'rps')
      const errors = ours.reduce((sum, m) => sum + m.non2xx, 0)
      if (errors > 0) {
        console.warn(`[${database}] ${name} (${cache}): ${errors} non-2xx responses or errors`)
      }
      scenarios.push({
        name,
        cache: name === 'editor-list' ? 'cold' : cache,
        rps: round2(rps),
        p50: round2(mean(ours, 'p50')),
        p95: round2(mean(ours, 'p95')),
        p99: round2(mean(ours, 'p99')),
        baselineRps: round2(baselineRps),
        ratio: round2(rps / baselineRps),
        // The bare driver's own p95 under the same load: how fast this stack can answer at all.
        baselineP95: round2(mean(theirs, 'p95')),
      })
      console.log(JSON.stringify(scenarios[scenarios.length - 1]))
    }
    peakRssMb = Math.max(peakRssMb, peakRss(server.child.pid!))
    await stop(server)
  }
  await stop(baseline)
  return { peakRssMb, importPerSec: round2(imported.perSec), coldStartMs, scenarios }
}

const main = async () => {
  const began = Date.now()
  const databases = benchDatabases()
  const measured: Partial<Record<Database, Results>> = {}
  for (const database of databases) {
    measured[database] = await measure(database)
  }
  // SQLite's figures stay where they always were; PostgreSQL's go under `postgres`.
  const results = {
    cpus: os.cpus().length,
    ...measured.sqlite,
    ...(measured.postgres ? { postgres: measured.postgres } : {}),
  }
  const out = path.resolve('bench/results/latest.json')
  fs.mkdirSync(path.dirname(out), { recursive: true })
  fs.writeFileSync(`${out}.tmp`, `${JSON.stringify(results, null, 2)}\n`)
  fs.renameSync(`${out}.tmp`, out)
  for (const database of databases) {
    const { coldStartMs, importPerSec, peakRssMb, scenarios } = measured[database]!
    console.log(
      `\n${database}: cpus ${results.cpus}  peakRssMb ${peakRssMb}  importPerSec ${importPerSec}  coldStartMs ${coldStartMs}`,
    )
    console.table(scenarios)
  }
  console.log(
    `load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}  total ${((Date.now() - began) / 1000).toFixed(0)} s`,
  )
}

const stopAll = () => Promise.all([...children].map((child) => stop({ child })))

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopAll().finally(() => process.exit(1))
  })
}

main()
  .then(
    () => 0,
    (error: unknown) => {
      console.error(error)
      return 1
    },
  )
  .then(async (code) => {
    await stopAll()
    process.exit(code)
  })
