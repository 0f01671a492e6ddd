import type { ChildProcess } from 'node:child_process'

import autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { Corpus } from './corpus'

import { entryArgs } from '../scripts/compile.mjs'
import {
  benchDatabases,
  benchSize,
  databaseOn,
  EDITOR_EMAIL,
  EDITOR_PASSWORD,
  ensureCorpus,
  ensurePostgresCorpus,
} from './corpus'
import type { BenchRequest } from './scenarios'
import { publicRequests } from './scenarios'

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

type Child = { child: ChildProcess; pid: number; port: number; url: string }

// Every child still running, so a failure or Ctrl-C leaves no server or baseline behind.
const children = new Set<ChildProcess>()

/**
 * The production configuration whatever the caller's environment: children get only the system's
 * variables, never the caller's PORT, DATABASE_URI, CACHE, COMPAT, REDIS_URL or NODE_OPTIONS.
 */
const KEPT = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'PORTAL_TSX']
const systemEnv = (): Record<string, string> =>
  Object.fromEntries(KEPT.filter((key) => process.env[key]).map((key) => [key, process.env[key]!]))

const spawnChild = (script: string, env: Record<string, string>): ChildProcess => {
  const childEnv: NodeJS.ProcessEnv = {
    ...systemEnv(),
    NODE_ENV: 'production' as const,
    PAYLOAD_SECRET: SECRET,
    // Every child takes a free port and says which (READY <port> <pid>).
    PORT: '0',
    RATE_LIMIT: '0',
    SEED_DEMO: '0',
    ...env,
  }
  // The server runs as `npm start` runs it: compiled, with its flags (scripts/compile.mjs).
  const child = spawn(process.execPath, entryArgs(script, childEnv), {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
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
      const ready = /READY (\d+) (\d+)/.exec(out)
      if (ready) {
        const port = Number(ready[1])
        resolve({ child, pid: Number(ready[2]), port, url: `http://127.0.0.1:${port}` })
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

type Request = BenchRequest
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
    // A slow answer is a figure for the percentiles, not an error: autocannon's 10 s default
    // counted ranked search's tail at 100k as failures.
    timeout: 60,
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

/**
 * A round's length. Ranked search over a broad query takes a second or more a request at 100k
 * (every match is scored, on every floor), so 20 connections need longer rounds to see answers.
 */
const roundSeconds = (scenario: string): number => (scenario === 'search' ? DURATION * 3 : DURATION)

type Scenario = Record<string, unknown> & { cache: 'cold' | 'warm'; name: string }

/** One database's figures: the shape latest.json has held for SQLite since the first run. */
type Results = {
  coldStartMs: number
  crawler?: Record<string, unknown>
  importPerSec: number
  peakRssMb: number
  scenarios: Scenario[]
  targets?: Target[]
}

type Target = { met: boolean; target: string; value: number | string }

/** What made the run wrong: reported, written into latest.json, and the exit code is 1. */
const failures: string[] = []

type Answer = { floor: null | string; ids: string[]; status: number; totalDocs: null | number }

/** One request's answer reduced to what every server must agree on. */
const ask = async (url: string, request: Request): Promise<Answer> => {
  const response = await fetch(`${url}${request.path}`, {
    body: request.body,
    headers: {
      ...(request.body ? { 'content-type': 'application/json' } : {}),
      ...request.headers,
    },
    method: request.method,
  })
  const text = await response.text()
  let json: unknown = null
  try {
    json = JSON.parse(text)
  } catch {
    // Not JSON: the status and the empty answer below say so.
  }
  type List = { docs?: { id: number | string }[]; totalDocs?: number }
  const list = ((json as { data?: { Articles?: List } } | null)?.data?.Articles ??
    json) as List | null
  return {
    floor: response.headers.get('x-bench-floor'),
    ids: (Array.isArray(list?.docs) ? list.docs : []).map((doc) => String(doc.id)).sort(),
    status: response.status,
    totalDocs: typeof list?.totalDocs === 'number' ? list.totalDocs : null,
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** The servers measured must be distinct processes on distinct ports, each what it says it is. */
const checkDistinct = async (servers: Record<string, Child>): Promise<void> => {
  const list = Object.entries(servers)
  const ports = new Set(list.map(([, child]) => child.port))
  const pids = new Set(list.map(([, child]) => child.pid))
  if (ports.size !== list.length || pids.size !== list.length) {
    throw new Error(`servers share a port or a process: ${JSON.stringify(list)}`)
  }
  for (const [name, child] of list) {
    if (!alive(child.pid)) {
      throw new Error(`${name} (pid ${child.pid}) is not running`)
    }
    const { floor } = await ask(child.url, { method: 'GET', path: '/api/health' })
    const expected = name === 'baseline' ? 'plain' : name === 'best' ? 'best' : null
    if (floor !== expected) {
      throw new Error(`${name} on port ${child.port} answered as ${floor ?? 'the portal'}`)
    }
  }
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
      const child = spawnChild('bench/importRate.ts', {
        ...(process.env.BENCH_IMPORTS ? { BENCH_IMPORTS: process.env.BENCH_IMPORTS } : {}),
        ...(database === 'postgres'
          ? {
              BENCH_IMPORT_DATABASE_URI: databaseOn(process.env.POSTGRES_URI!, 'bench_import'),
              POSTGRES_URI: process.env.POSTGRES_URI!,
            }
          : {}),
      })
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
  if (imported.failed > 0) {
    failures.push(`[${database}] import: ${imported.failed} articles failed`)
  }

  // The stored public renderings, made as a deploy makes them (npm run rebuild:renderings) before
  // the servers start: only those missing or of another build (each commit is one) are made.
  const rebuilt = await new Promise<string>((resolve, reject) => {
    const began = Date.now()
    const child = spawnChild('src/bin/rebuildRenderings.ts', { DATABASE_URI: corpus.databaseUri })
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.once('exit', (code) =>
      code === 0
        ? resolve(`${out.trim()} (${((Date.now() - began) / 1000).toFixed(1)} s with start-up)`)
        : reject(new Error(`rebuild:renderings exited with ${code}: ${out}`)),
    )
  })
  console.log(`[${database}] ${rebuilt}`)

  const floorEnv = {
    ...(database === 'sqlite'
      ? { BENCH_DB: corpus.file }
      : { BENCH_DATABASE_URI: corpus.databaseUri }),
    BENCH_EDITOR_DEPARTMENT: String(corpus.editorDepartment),
  }
  const baseline = await start('bench/baseline.ts', floorEnv)
  const best = await start('bench/baseline.ts', { ...floorEnv, BENCH_BEST: '1' })
  const requests: Record<string, Request> = publicRequests(corpus)

  let peakRssMb = 0
  let coldStartMs = 0
  let crawler: Record<string, unknown> | undefined
  const scenarios: Scenario[] = []
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
    // Stock Payload on the same schema: every patch, the cache and the renderings off, side by side.
    const stock =
      cache === 'cold'
        ? await start('bench/serve.ts', {
            CACHE: '0',
            COMPAT: '0',
            DATABASE_URI: corpus.databaseUri,
            RENDERINGS: '0',
          })
        : undefined
    if (stock) {
      await health(stock.url)
    }
    await checkDistinct({ baseline, best, portal: server, ...(stock ? { stock } : {}) })
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
      const targets: [string, Child][] = [
        ['portal', server],
        ['baseline', baseline],
        // The read model and ranked search are for public reads; an editor's list has no floor
        // beyond the plain one.
        ...(name === 'editor-list' ? [] : ([['best', best]] as [string, Child][])),
        ...(stock ? ([['stock', stock]] as [string, Child][]) : []),
      ]
      // The answers must agree in content: the same documents (ranked search: the same count).
      const answers = await Promise.all(targets.map(([, child]) => ask(child.url, request)))
      const portalAnswer = answers[0]
      targets.forEach(([who], at) => {
        const answer = answers[at]
        console.log(
          `[${database}] ${name} ${who}: ${answer.status}, ${answer.ids.length} docs, totalDocs ${answer.totalDocs ?? '?'}`,
        )
        // Search answers agree in their count; the order of equal matches is each one's own.
        const rankedApart = name === 'search'
        if (
          answer.status !== 200 ||
          answer.totalDocs !== portalAnswer.totalDocs ||
          (!rankedApart && answer.ids.join() !== portalAnswer.ids.join())
        ) {
          failures.push(
            `[${database}] ${name} (${cache}): ${who} disagrees with the portal (status ${answer.status}, totalDocs ${answer.totalDocs} vs ${portalAnswer.totalDocs}, docs ${answer.ids.slice(0, 5).join(',')} vs ${portalAnswer.ids.slice(0, 5).join(',')})`,
          )
        }
      })
      // Warm-up: JIT, the database's page cache and (warm runs) the response cache.
      for (const [who, child] of targets) {
        await drive(child.url, request, who === 'portal' ? 2 : 1)
        await health(child.url)
      }
      const measured = new Map<string, Measure[]>(targets.map(([who]) => [who, []]))
      const seconds = roundSeconds(name)
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const [who, child] of targets) {
          measured.get(who)!.push(await drive(child.url, request, seconds))
          // Requests still running when a round ends must not load the next server's round.
          await health(child.url)
        }
      }
      const mean = (who: string, key: keyof Measure) => {
        const list = measured.get(who) ?? []
        return list.length ? list.reduce((sum, m) => sum + m[key], 0) / list.length : 0
      }
      for (const [who] of targets) {
        const errors = (measured.get(who) ?? []).reduce((sum, m) => sum + m.non2xx, 0)
        if (errors > 0) {
          failures.push(`[${database}] ${name} (${cache}): ${who} gave ${errors} non-2xx or errors`)
        }
        // A round in which no answer came back measured nothing (BENCH_DURATION too short).
        if ((measured.get(who) ?? []).some((m) => m.rps === 0)) {
          failures.push(`[${database}] ${name} (${cache}): ${who} answered nothing in a round`)
        }
      }
      const rps = mean('portal', 'rps')
      const baselineRps = mean('baseline', 'rps')
      const bestRps = mean('best', 'rps')
      const stockRps = mean('stock', 'rps')
      scenarios.push({
        name,
        cache: name === 'editor-list' ? 'cold' : cache,
        rps: round2(rps),
        p50: round2(mean('portal', 'p50')),
        p95: round2(mean('portal', 'p95')),
        p99: round2(mean('portal', 'p99')),
        baselineRps: round2(baselineRps),
        ratio: round2(rps / baselineRps),
        // The bare driver's own p95 under the same load: how fast this stack can answer at all.
        baselineP95: round2(mean('baseline', 'p95')),
        ...(measured.has('best')
          ? {
              bestBaselineRps: round2(bestRps),
              bestRatio: round2(rps / bestRps),
              bestBaselineP95: round2(mean('best', 'p95')),
            }
          : {}),
        ...(stock
          ? {
              stockRps: round2(stockRps),
              stockRatio: round2(stockRps / baselineRps),
              stockP95: round2(mean('stock', 'p95')),
            }
          : {}),
      })
      console.log(JSON.stringify(scenarios[scenarios.length - 1]))
    }
    if (stock) {
      await stop(stock)
    }
    if (cache === 'cold') {
      crawler = await crawl(database, server.url)
      console.log(JSON.stringify(crawler))
    }
    peakRssMb = Math.max(peakRssMb, peakRss(server.pid))
    await stop(server)
  }
  await stop(baseline)
  await stop(best)
  return {
    peakRssMb,
    importPerSec: round2(imported.perSec),
    coldStartMs,
    scenarios,
    ...(crawler ? { crawler } : {}),
  }
}

/** The longest the crawler walks (BENCH_CRAWL_SECONDS); the pages it covered are reported. */
const CRAWL_SECONDS = Number(process.env.BENCH_CRAWL_SECONDS ?? 300)

/**
 * A search engine's crawler, cold: 20 connections walking every page of every topic once, in
 * order, as anonymous visitors. Reports the p95 and how many pages it covered.
 */
const crawl = async (database: Database, url: string): Promise<Record<string, unknown>> => {
  const topics = (await (await fetch(`${url}/api/topics?limit=100&depth=0`)).json()) as {
    docs: { id: number }[]
  }
  const pages: string[] = []
  for (const { id } of topics.docs) {
    const first = (await (
      await fetch(`${url}/api/articles?where[topics][equals]=${id}&limit=20&depth=0`)
    ).json()) as { totalPages: number }
    for (let page = 1; page <= first.totalPages; page += 1) {
      pages.push(`/api/articles?where[topics][equals]=${id}&limit=20&depth=1&page=${page}`)
    }
  }
  const times: number[] = []
  let errors = 0
  let next = 0
  const began = Date.now()
  const deadline = began + CRAWL_SECONDS * 1000
  const worker = async () => {
    while (next < pages.length && Date.now() < deadline) {
      const path = pages[next]
      next += 1
      const sent = performance.now()
      try {
        const response = await fetch(`${url}${path}`)
        await response.arrayBuffer()
        if (!response.ok) {
          errors += 1
        }
      } catch {
        errors += 1
      }
      times.push(performance.now() - sent)
    }
  }
  await Promise.all(Array.from({ length: CONNECTIONS }, worker))
  const seconds = (Date.now() - began) / 1000
  times.sort((a, b) => a - b)
  if (errors > 0) {
    failures.push(`[${database}] crawler: ${errors} non-2xx or errors`)
  }
  return {
    name: 'crawler',
    cache: 'cold',
    topics: topics.docs.length,
    pagesTotal: pages.length,
    pagesCovered: times.length,
    seconds: round2(seconds),
    rps: round2(times.length / seconds),
    p50: round2(percentile(times, 50)),
    p95: round2(percentile(times, 95)),
    p99: round2(percentile(times, 99)),
    errors,
  }
}

/** The issue's targets, each with the figure it is judged on (issue: performance at 100k). */
const targetsOf = (results: Results): Target[] => {
  const find = (name: string, cache: 'cold' | 'warm') =>
    results.scenarios.find((s) => s.name === name && s.cache === cache)
  const list: Target[] = []
  for (const name of [
    'list-topic',
    'list-department',
    'topic-page-50',
    'article-by-slug',
    'graphql-article',
    'search',
  ]) {
    const p95 = Number(find(name, 'cold')?.p95 ?? Infinity)
    list.push({ target: `${name} cold p95 < 50 ms`, value: p95, met: p95 < 50 })
  }
  for (const name of ['article-by-slug', 'graphql-article']) {
    const ratio = Number(find(name, 'cold')?.bestRatio ?? 0)
    list.push({ target: `${name} cold ≥ 0.5× best bare driver`, value: ratio, met: ratio >= 0.5 })
  }
  for (const scenario of results.scenarios.filter((s) => s.cache === 'warm')) {
    const ratio = Number(scenario.bestRatio ?? 0)
    list.push({
      target: `${scenario.name} warm ≥ 1.5× best bare driver`,
      value: ratio,
      met: ratio >= 1.5,
    })
  }
  list.push(
    { target: 'peak RSS < 500 MB', value: results.peakRssMb, met: results.peakRssMb < 500 },
    {
      target: 'import ≥ 200 articles/s',
      value: results.importPerSec,
      met: results.importPerSec >= 200,
    },
    { target: 'ready < 5 s', value: results.coldStartMs, met: results.coldStartMs < 5000 },
  )
  return list
}

const main = async () => {
  const began = Date.now()
  const loadAtStart = os.loadavg().map(round2)
  const databases = benchDatabases()
  const measured: Partial<Record<Database, Results>> = {}
  for (const database of databases) {
    const results = await measure(database)
    measured[database] = { ...results, targets: targetsOf(results) }
  }
  // SQLite's figures stay where they always were; PostgreSQL's go under `postgres`.
  const results = {
    // When and on what: figures from a busy machine are not a quiet machine's.
    date: new Date(began).toISOString(),
    seconds: Math.round((Date.now() - began) / 1000),
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: { atStart: loadAtStart, atEnd: os.loadavg().map(round2) },
    rounds: ROUNDS,
    roundSeconds: DURATION,
    searchRoundSeconds: roundSeconds('search'),
    crawlSeconds: CRAWL_SECONDS,
    articles: size.articles,
    connections: CONNECTIONS,
    ...measured.sqlite,
    ...(measured.postgres ? { postgres: measured.postgres } : {}),
    failures,
  }
  const out = path.resolve('bench/results/latest.json')
  fs.mkdirSync(path.dirname(out), { recursive: true })
  fs.writeFileSync(`${out}.tmp`, `${JSON.stringify(results, null, 2)}\n`)
  fs.renameSync(`${out}.tmp`, out)
  for (const database of databases) {
    const { coldStartMs, crawler, importPerSec, peakRssMb, scenarios, targets } =
      measured[database]!
    console.log(
      `\n${database}: cpus ${results.cpus}  peakRssMb ${peakRssMb}  importPerSec ${importPerSec}  coldStartMs ${coldStartMs}`,
    )
    console.table(scenarios)
    if (crawler) {
      console.table([crawler])
    }
    console.table(targets)
  }
  if (failures.length > 0) {
    throw new Error(`the benchmark measured something wrong:\n- ${failures.join('\n- ')}`)
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
