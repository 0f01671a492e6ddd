import type { ChildProcess } from 'node:child_process'
import type { Payload } from 'payload'

import autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { getPayload } from 'payload'

import { entryArgs } from '../scripts/compile.mjs'
import { buildPortalConfig } from '../src/config'
import { runMigrations } from '../src/database'
import { clientOf, EDITOR_EMAIL, EDITOR_PASSWORD, generate } from './corpus'
import {
  articleParagraphs,
  articleTitle,
  lexicalOf,
  organizationName,
  personName,
} from '../tests/helpers/articleText'

/**
 * `npm run soak`: a mixed load (public REST reads, search, GraphQL, an editor's draft writes and
 * the board's review queue) against the production server on a throwaway SQLite database, while
 * the server's resident memory is sampled every second. Figures after the warm-up go to
 * bench/results/soak.json; exits 1 on any error, timeout, non-2xx answer or RSS growth >= 10 %.
 */
const DURATION = Number(process.env.SOAK_DURATION ?? 60)
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 50)
const WARMUP = Math.min(15, DURATION / 4)
/** Seconds of one connection per kind before the soak, to get past compilation (not counted). */
const PRIME_SECONDS = 5
const GROWTH_LIMIT_PCT = 10
const SECRET = 'soak-secret-not-for-production'
const BBT_EMAIL = 'soak.bbt@example.com'
const BBT_PASSWORD = 'soak-bbt-pass-1'
/** Modest: a portal's first months, not the 100k of `npm run bench`. */
const SIZE = { articles: 400, organizations: 100, people: 500, plans: 200 }
const TOPICS = 30
const EDITOR_DRAFTS = 40
const OTHER_DRAFTS = 10
const SEARCHES = [
  'cai cach hanh chinh',
  'chuyen doi so',
  'thu hut dau tu',
  'an toan giao thong',
  'bao ve moi truong',
  'nong thon moi',
  'so noi vu',
  'ban quan ly khu kinh te',
  'nguyen van',
  'pho giam doc',
  'ke hoach',
  'BQLKKT',
]

type Seeded = { bbtDrafts: number; editorDrafts: number[] }

const randomInt = (below: number): number => Math.floor(Math.random() * below)
const randomOf = <T>(list: T[]): T => list[randomInt(list.length)]

const draftData = (n: number) => {
  const org = organizationName(n % 20)
  const paragraphs = articleParagraphs(n, {
    org,
    person: personName(n),
    plan: `${n + 1}/KH-BQLKKT`,
    title: 'Phó Trưởng Ban',
  })
  return {
    body: JSON.parse(lexicalOf(paragraphs)),
    summary: paragraphs[0],
    title: `${articleTitle(n, org)} (bản nháp ${n})`,
  }
}

/** The corpus by bulk insert, then accounts and drafts through the Local API. */
const seed = async (file: string): Promise<Seeded> => {
  const payload: Payload = await getPayload({
    config: buildPortalConfig({ databaseUri: `file:${file}` }),
  })
  await runMigrations(payload)
  const made = await generate(payload, SIZE)
  // System work: accounts are seeded, not created by a user.
  await payload.create({
    collection: 'users',
    data: { email: BBT_EMAIL, name: 'Soak BBT', password: BBT_PASSWORD, roles: ['bbt'] } as never,
  })
  const [editor] = (
    await payload.find({
      collection: 'users',
      depth: 0,
      where: { email: { equals: EDITOR_EMAIL } },
    })
  ).docs
  const editorDrafts: number[] = []
  for (let n = 0; n < EDITOR_DRAFTS; n += 1) {
    const doc = await payload.create({
      collection: 'articles',
      data: draftData(n) as never,
      draft: true,
      overrideAccess: false,
      user: { ...editor, collection: 'users' },
    })
    editorDrafts.push(Number(doc.id))
  }
  const others = await payload.find({
    collection: 'organizations',
    depth: 0,
    limit: OTHER_DRAFTS,
    where: { id: { not_equals: made.editorDepartment } },
  })
  for (const [n, org] of others.docs.entries()) {
    // System work: other departments' drafts, submitted, so the board's queue is not empty.
    await payload.create({
      collection: 'articles',
      data: {
        ...draftData(EDITOR_DRAFTS + n),
        department: org.id,
        reviewState: 'submitted',
      } as never,
      draft: true,
    })
  }
  await clientOf(payload).execute('PRAGMA wal_checkpoint(TRUNCATE)')
  await clientOf(payload).execute('ANALYZE')
  await payload.db.destroy?.()
  return { bbtDrafts: others.docs.length, editorDrafts }
}

type Server = { child: ChildProcess; url: string }

const startServer = (file: string): Promise<Server> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      entryArgs('bench/serve.ts', { ...process.env, NODE_ENV: 'production' }),
      {
        env: {
          ...process.env,
          DATABASE_URI: `file:${file}`,
          NODE_ENV: 'production',
          PAYLOAD_SECRET: SECRET,
          RATE_LIMIT: '0',
          SEED_DEMO: '0',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const ready = /READY (\d+)/.exec(out)
      if (ready) {
        resolve({ child, url: `http://127.0.0.1:${ready[1]}` })
      }
    })
    child.once('exit', (code) => reject(new Error(`bench/serve.ts exited with ${code}: ${out}`)))
  })

const start = startServer

/** SIGTERM, then the exit code (null if it had to be killed after 15 s). */
const stop = async ({ child }: Server): Promise<null | number> => {
  if (child.exitCode !== null) {
    return child.exitCode
  }
  const exited = new Promise<null | number>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  )
  child.kill('SIGTERM')
  const code = await Promise.race([
    exited,
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000)),
  ])
  if (code === 'timeout') {
    child.kill('SIGKILL')
    return null
  }
  return code
}

const healthStatus = async (url: string): Promise<number> => {
  try {
    return (await fetch(`${url}/api/health`)).status
  } catch {
    return 0
  }
}

const waitHealthy = async (url: string): Promise<void> => {
  while ((await healthStatus(url)) !== 200) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

const login = async (url: string, email: string, password: string): Promise<string> => {
  const response = await fetch(`${url}/api/users/login`, {
    body: JSON.stringify({ email, password }),
    headers: { 'content-type': 'application/json' },
    method: 'POST',
  })
  const body = (await response.json()) as { token?: string }
  if (!response.ok || !body.token) {
    throw new Error(`login of ${email} failed: ${response.status} ${JSON.stringify(body)}`)
  }
  return body.token
}

/** The server's resident set now (VmRSS), in MiB. */
const rssMb = (pid: number): number => {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024
}

type LoadRequest = NonNullable<Parameters<typeof autocannon>[0]['requests']>[number]
/** One kind of traffic: its share of the 50 connections and the requests each connection cycles. */
type Kind = { name: string; requests: LoadRequest[]; weight: number }
type Sample = { at: number; ms: number; status: number }
type Failure = { at: number; message: string }

const json = (body: unknown) => ({
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
})

const kinds = (seeded: Seeded, editorToken: string, bbtToken: string): Kind[] => {
  const graphqlQuery = `query ($slug: String) { Articles(where: { slug: { equals: $slug } }, limit: 10) { docs {
    id title slug publishedAt summary
    department { id name shortName }
    people { id name slug positions { title organization { id name } } }
    plans { id number title issuedOn }
    organizations { id name shortName }
  } } }`
  const drafts = [...seeded.editorDrafts]
  let written = 0
  const editor = { authorization: `JWT ${editorToken}`, 'content-type': 'application/json' }
  const get = (pathOf: () => string): LoadRequest => ({
    method: 'GET',
    setupRequest: (request) => ({ ...request, path: pathOf() }),
  })
  const patchDraft: LoadRequest = {
    headers: editor,
    method: 'PATCH',
    setupRequest: (request) => {
      written += 1
      return {
        ...request,
        body: JSON.stringify({
          reviewState: written % 2 ? 'submitted' : 'draft',
          summary: `Cập nhật lần ${written}: ${draftData(written).summary}`,
        }),
        path: `/api/articles/${randomOf(drafts)}?depth=0&draft=true`,
      }
    },
  }
  const createDraft: LoadRequest = {
    headers: editor,
    method: 'POST',
    onResponse: (status, body) => {
      // New drafts join the pool the editor keeps editing.
      if (status === 201) {
        drafts.push(Number((JSON.parse(body) as { doc: { id: number } }).doc.id))
      }
    },
    setupRequest: (request) => {
      written += 1
      return {
        ...request,
        body: JSON.stringify(draftData(1000 + written)),
        path: '/api/articles?depth=0',
      }
    },
  }
  return [
    {
      name: 'list-topic (depth 1)',
      requests: [
        get(
          () =>
            `/api/articles?where[topics][equals]=${1000 + randomInt(TOPICS)}&limit=20&page=${1 + randomInt(2)}&depth=1`,
        ),
      ],
      weight: 8,
    },
    {
      name: 'article-by-slug (depth 1)',
      requests: [
        get(() => `/api/articles?where[slug][equals]=bai-viet-${randomInt(SIZE.articles)}&depth=1`),
      ],
      weight: 8,
    },
    {
      name: 'people',
      requests: [
        get(() => `/api/people?limit=20&page=${1 + randomInt(25)}&depth=1`),
        get(() => `/api/people?where[slug][equals]=nguoi-${randomInt(SIZE.people)}&depth=1`),
      ],
      weight: 5,
    },
    {
      name: 'plans',
      requests: [
        get(() => `/api/plans?limit=20&page=${1 + randomInt(10)}&sort=-issuedOn&depth=1`),
        get(() => `/api/plans?where[slug][equals]=ke-hoach-${randomInt(SIZE.plans)}&depth=1`),
      ],
      weight: 4,
    },
    {
      name: 'search (unaccented)',
      requests: [get(() => `/api/search?q=${encodeURIComponent(randomOf(SEARCHES))}`)],
      weight: 8,
    },
    {
      name: 'graphql-article',
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => ({
            ...request,
            ...json({
              query: graphqlQuery,
              variables: { slug: `bai-viet-${randomInt(SIZE.articles)}` },
            }),
            path: '/api/graphql',
          }),
        },
      ],
      weight: 7,
    },
    // Two edits of a draft (submitting every other one) to one new draft.
    { name: 'editor writes', requests: [patchDraft, patchDraft, createDraft], weight: 7 },
    {
      name: 'board queue (bbt)',
      requests: [
        {
          headers: { authorization: `JWT ${bbtToken}` },
          method: 'GET',
          path: '/api/articles?draft=true&depth=0&limit=20&where[reviewState][equals]=submitted',
        },
      ],
      weight: 3,
    },
  ]
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0

const round1 = (value: number): number => Math.round(value * 10) / 10

/** Requests, rate, latency and non-2xx counts of the samples in a window of `seconds`. */
const summarize = (samples: Sample[], failures: Failure[], seconds: number) => {
  const times = samples.map((sample) => sample.ms).sort((a, b) => a - b)
  const non2xx: Record<string, number> = {}
  for (const { status } of samples) {
    if (status < 200 || status >= 300) {
      non2xx[status] = (non2xx[status] ?? 0) + 1
    }
  }
  return {
    requests: samples.length,
    rps: round1(samples.length / seconds),
    errors: failures.length,
    timeouts: failures.filter((failure) => /timed out/.test(failure.message)).length,
    non2xx,
    p50: round1(percentile(times, 50)),
    p95: round1(percentile(times, 95)),
    p99: round1(percentile(times, 99)),
  }
}

const main = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soak-'))
  const file = path.join(dir, 'soak.db')
  const seedBegan = Date.now()
  const seeded = await seed(file)
  console.log(
    `seeded ${file} in ${((Date.now() - seedBegan) / 1000).toFixed(1)} s: ${SIZE.articles} articles, ${seeded.editorDrafts.length + seeded.bbtDrafts} drafts, ${SIZE.people} people, ${SIZE.plans} plans, ${SIZE.organizations} organizations`,
  )

  const server = await start(file)
  const pid = server.child.pid!
  let kept = false
  try {
    await waitHealthy(server.url)
    const editorToken = await login(server.url, EDITOR_EMAIL, EDITOR_PASSWORD)
    const bbtToken = await login(server.url, BBT_EMAIL, BBT_PASSWORD)
    const plan = kinds(seeded, editorToken, bbtToken).map((kind) => ({
      ...kind,
      connections: Math.max(1, Math.round((kind.weight * CONNECTIONS) / 50)),
      failures: [] as Failure[],
      samples: [] as Sample[],
    }))
    const loadBefore = os.loadavg()
    console.log(
      `soak: ${plan.reduce((sum, kind) => sum + kind.connections, 0)} connections for ${DURATION} s (warm-up ${WARMUP} s) on ${server.url}, server pid ${pid}`,
    )

    // A server that just started compiles its hot paths on the first requests; 50 connections
    // opened at once against it would mostly measure that. One connection per kind for a few
    // seconds primes it (not counted), as a rolling restart behind a load balancer would.
    await Promise.all(
      plan.map((kind) =>
        autocannon({
          connections: 1,
          duration: PRIME_SECONDS,
          requests: kind.requests,
          timeout: 10,
          url: server.url,
        }),
      ),
    )

    const rss: { at: number; mb: number }[] = []
    const began = Date.now()
    const warmupEnd = began + WARMUP * 1000
    const sample = () => rss.push({ at: Date.now() - began, mb: rssMb(pid) })
    sample()
    const sampler = setInterval(sample, 1000)
    let rssWarmup = 0
    const atWarmup = setTimeout(() => {
      sample()
      rssWarmup = rss[rss.length - 1].mb
    }, WARMUP * 1000)
    await Promise.all(
      plan.map((kind) => {
        const instance = autocannon({
          connections: kind.connections,
          duration: DURATION,
          requests: kind.requests,
          timeout: 10,
          url: server.url,
        })
        instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) =>
          kind.samples.push({ at: Date.now(), ms, status }),
        )
        instance.on('reqError', (error: Error) =>
          kind.failures.push({ at: Date.now(), message: error.message }),
        )
        return instance
      }),
    )
    clearInterval(sampler)
    clearTimeout(atWarmup)
    sample()
    const rssEnd = rss[rss.length - 1].mb
    const rssMax = Math.max(...rss.map((point) => point.mb))
    const growthPct = ((rssEnd - rssWarmup) / rssWarmup) * 100
    // RSS saws up and down with V8's collections, so the point samples above depend on when the
    // last one ran; the lowest sample of the first and last thirds after the warm-up does not.
    const third = (DURATION - WARMUP) / 3
    const trough = (from: number, to: number) =>
      Math.min(
        ...rss
          .filter((point) => point.at >= from * 1000 && point.at <= to * 1000)
          .map((point) => point.mb),
      )
    const troughFirst = trough(WARMUP, WARMUP + third)
    const troughLast = trough(DURATION - third, DURATION + 1)
    const measuredSeconds = (Date.now() - warmupEnd) / 1000
    const loadAfter = os.loadavg()

    const health = await healthStatus(server.url)
    const exitCode = await stop(server)

    const after = <T extends { at: number }>(list: T[]) =>
      list.filter((item) => item.at >= warmupEnd)
    const before = <T extends { at: number }>(list: T[]) =>
      list.filter((item) => item.at < warmupEnd)
    const measured = summarize(
      plan.flatMap((kind) => after(kind.samples)),
      plan.flatMap((kind) => after(kind.failures)),
      measuredSeconds,
    )
    const warmup = summarize(
      plan.flatMap((kind) => before(kind.samples)),
      plan.flatMap((kind) => before(kind.failures)),
      WARMUP,
    )
    const perKind = plan.map((kind) => ({
      name: kind.name,
      connections: kind.connections,
      ...summarize(after(kind.samples), after(kind.failures), measuredSeconds),
      warmupErrors: before(kind.failures).length,
    }))
    // Throughput and latency per 10 s, to tell a server that slows down from a steady one.
    const allSamples = plan.flatMap((kind) => kind.samples)
    const timeline = Array.from({ length: Math.ceil(DURATION / 10) }, (_, i) => {
      const from = began + i * 10_000
      const inWindow = allSamples.filter((item) => item.at >= from && item.at < from + 10_000)
      const times = inWindow.map((item) => item.ms).sort((a, b) => a - b)
      return {
        s: (i + 1) * 10,
        rps: round1(inWindow.length / Math.min(10, DURATION - i * 10)),
        p50: round1(percentile(times, 50)),
        rssMb: round1(rss.filter((point) => point.at < (i + 1) * 10_000).at(-1)?.mb ?? 0),
      }
    })
    const failureMessages = [
      ...new Set(plan.flatMap((kind) => kind.failures.map((failure) => failure.message))),
    ]

    const results = {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memGiB: round1(os.totalmem() / 2 ** 30),
      node: process.version,
      loadavg: { before: loadBefore.map(round1), after: loadAfter.map(round1) },
      durationSeconds: DURATION,
      warmupSeconds: WARMUP,
      connections: plan.reduce((sum, kind) => sum + kind.connections, 0),
      corpus: { ...SIZE, drafts: seeded.editorDrafts.length + seeded.bbtDrafts },
      // requests to p99: after the warm-up only; `warmup` holds the same figures for the warm-up.
      requests: measured.requests,
      rps: measured.rps,
      errors: measured.errors,
      timeouts: measured.timeouts,
      non2xx: measured.non2xx,
      p50: measured.p50,
      p95: measured.p95,
      p99: measured.p99,
      rssWarmupMb: round1(rssWarmup),
      rssEndMb: round1(rssEnd),
      rssMaxMb: round1(rssMax),
      growthPct: round1(growthPct),
      rssTroughs: {
        firstThirdMb: round1(troughFirst),
        lastThirdMb: round1(troughLast),
        growthPct: round1(((troughLast - troughFirst) / troughFirst) * 100),
      },
      healthAfter: health,
      exitCodeOnSigterm: exitCode,
      warmup,
      kinds: perKind,
      timeline,
      failureMessages,
      rssSamplesMb: rss.map((point) => ({ s: round1(point.at / 1000), mb: round1(point.mb) })),
    }
    const out = path.resolve('bench/results/soak.json')
    fs.mkdirSync(path.dirname(out), { recursive: true })
    fs.writeFileSync(`${out}.tmp`, `${JSON.stringify(results, null, 2)}\n`)
    fs.renameSync(`${out}.tmp`, out)

    console.table(
      perKind.map((kind) => ({
        kind: kind.name,
        conns: kind.connections,
        requests: kind.requests,
        rps: kind.rps,
        errors: kind.errors,
        'warm-up errors': kind.warmupErrors,
        non2xx: Object.entries(kind.non2xx)
          .map(([status, count]) => `${status}×${count}`)
          .join(' '),
        p50: kind.p50,
        p95: kind.p95,
        p99: kind.p99,
      })),
    )
    console.table({
      'after warm-up': {
        requests: measured.requests,
        rps: measured.rps,
        errors: measured.errors,
        timeouts: measured.timeouts,
        non2xx: JSON.stringify(measured.non2xx),
        'p50 ms': measured.p50,
        'p95 ms': measured.p95,
        'p99 ms': measured.p99,
      },
      'warm-up': {
        requests: warmup.requests,
        rps: warmup.rps,
        errors: warmup.errors,
        timeouts: warmup.timeouts,
        non2xx: JSON.stringify(warmup.non2xx),
        'p50 ms': warmup.p50,
        'p95 ms': warmup.p95,
        'p99 ms': warmup.p99,
      },
    })
    console.log(
      `per 10 s: ${timeline.map((slot) => `${slot.s}s ${slot.rps} req/s p50 ${slot.p50} ms ${slot.rssMb} MiB`).join(' | ')}`,
    )
    console.log(
      `RSS MiB: warm-up ${results.rssWarmupMb}, end ${results.rssEndMb}, max ${results.rssMaxMb}, growth ${results.growthPct} %; lowest in the first and last thirds ${results.rssTroughs.firstThirdMb} → ${results.rssTroughs.lastThirdMb} (${results.rssTroughs.growthPct} %)`,
    )
    console.log(
      `health after ${health}, exit on SIGTERM ${exitCode}; cpus ${results.cpus}, load ${loadBefore.map((l) => l.toFixed(2)).join(' ')} → ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`,
    )
    if (failureMessages.length) {
      console.log(`request errors: ${failureMessages.join('; ')}`)
    }

    // A failure anywhere in the run counts, warm-up included.
    const problems = [
      measured.errors + warmup.errors > 0 && `${measured.errors + warmup.errors} request errors`,
      Object.keys({ ...measured.non2xx, ...warmup.non2xx }).length > 0 &&
        `non-2xx answers ${JSON.stringify({ warmup: warmup.non2xx, measured: measured.non2xx })}`,
      growthPct >= GROWTH_LIMIT_PCT &&
        `RSS grew ${round1(growthPct)} % (limit ${GROWTH_LIMIT_PCT} %)`,
      health !== 200 && `/api/health answered ${health} after the run`,
      exitCode !== 0 && `the server exited ${exitCode} on SIGTERM`,
    ].filter(Boolean)
    if (problems.length) {
      kept = true
      console.error(`SOAK FAILED: ${problems.join('; ')} (database kept: ${file})`)
      process.exitCode = 1
    } else {
      console.log('soak passed')
    }
  } finally {
    await stop(server)
    if (!kept) {
      fs.rmSync(dir, { force: true, recursive: true })
    }
  }
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
