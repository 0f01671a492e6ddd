import autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { nodeFlags } from '../scripts/nodeFlags.mjs'
import { benchSize, ensureCorpus, ensurePostgresCorpus } from './corpus'
import { publicRequests } from './scenarios'

/**
 * `npm run bench:profile`: where a cold read's time goes. Starts the portal on the bench corpus as
 * `npm run bench` does (production, cache off), with V8's CPU profiler on, drives one scenario
 * with 20 connections, and sums the samples taken while it was driven: by package, by function,
 * and by the stages of a read. Writes bench/results/profile-<database>-<scenario>.json and keeps
 * the raw .cpuprofile in the temp directory (open it in Chrome's DevTools).
 *
 * BENCH_PROFILE_SCENARIO: list-topic (default), or any other of bench/scenarios.ts;
 * BENCH_PROFILE_SECONDS: how long to drive (15); BENCH_DATABASES=postgres with POSTGRES_URI set
 * profiles the PostgreSQL corpus instead; BENCH_PROFILE_CACHE=warm, answers from the response cache.
 */
const SCENARIO = process.env.BENCH_PROFILE_SCENARIO ?? 'list-topic'
const SECONDS = Number(process.env.BENCH_PROFILE_SECONDS ?? 15)
const DATABASE = process.env.BENCH_DATABASES === 'postgres' ? 'postgres' : 'sqlite'
/** BENCH_PROFILE_CACHE=warm profiles answers from the response cache instead. */
const CACHE = process.env.BENCH_PROFILE_CACHE === 'warm' ? 'warm' : 'cold'

type Frame = { functionName: string; lineNumber: number; url: string }
type ProfileNode = { callFrame: Frame; children?: number[]; id: number }
type CpuProfile = {
  nodes: ProfileNode[]
  samples: number[]
  startTime: number
  timeDeltas: number[]
}

/** The stages of a read, each the inclusive time of the functions named (a sample counts once). */
const STAGES: [string, RegExp][] = [
  ['Payload afterRead (field hooks, population, access per field)', /fields\/hooks\/afterRead\//],
  ['drizzle: rows to documents (transform/read)', /@payloadcms\/drizzle\/dist\/transform\/read\//],
  ['drizzle-orm: relational row mapping', /drizzle-orm\/relations\.js/],
  [
    'SQL driver (statement run, rows)',
    /(node_modules\/libsql\/|@libsql\/client|node_modules\/pg\/)/,
  ],
  [
    'query building (drizzle, where, access)',
    /(@payloadcms\/drizzle\/dist\/queries\/|sql\/sql\.js)/,
  ],
  ['JSON of the answer', /deps\/undici\/|serializeJavascriptValueToJSONString/],
  [
    'HTTP middleware (express, helmet, logging, compression)',
    /(node_modules\/(express|router|helmet|pino-http|compression)\/)/,
  ],
  ['garbage collection', /^\(garbage collector\)/],
]

const packageOf = (url: string): string => {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (inModules) {
    return inModules[1]
  }
  const ours = /\/(src|collections|bench)\/([^/]+)/.exec(url)
  return ours ? `project ${ours[1]}/${ours[2]}` : url.startsWith('node:') ? 'node' : '(V8 / native)'
}

const labelOf = (frame: Frame): string => {
  const file = frame.url.includes('node_modules/')
    ? frame.url.slice(frame.url.lastIndexOf('node_modules/') + 13)
    : frame.url.replace(/^file:\/\/.*?\/(src|collections|bench)\//, '$1/')
  return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`
}

/** Sums the samples between `from` and `to` (µs on the profile's clock). */
const summarise = (profile: CpuProfile, from: number, to: number) => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node.id)
    }
  }
  const self = new Map<number, number>()
  let at = profile.startTime
  profile.samples.forEach((sample, index) => {
    at += profile.timeDeltas[index]
    if (at >= from && at <= to) {
      self.set(sample, (self.get(sample) ?? 0) + profile.timeDeltas[index])
    }
  })
  const total = [...self.values()].reduce((sum, value) => sum + value, 0)
  const idle = [...self].reduce(
    (sum, [id, value]) => (byId.get(id)!.callFrame.functionName === '(idle)' ? sum + value : sum),
    0,
  )
  const busy = total - idle
  const packages = new Map<string, number>()
  const functions = new Map<string, number>()
  const stages = new Map<string, number>()
  for (const [id, value] of self) {
    const frame = byId.get(id)!.callFrame
    if (frame.functionName === '(idle)') {
      continue
    }
    const pkg = frame.url ? packageOf(frame.url) : '(V8 / native)'
    packages.set(pkg, (packages.get(pkg) ?? 0) + value)
    functions.set(labelOf(frame), (functions.get(labelOf(frame)) ?? 0) + value)
    // A stage takes the sample if any frame on its stack belongs to it (the innermost stage wins,
    // so time in the driver under afterRead's population counts as the driver's).
    let stage: string | undefined
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const { functionName, url } = byId.get(node)!.callFrame
      const hit = STAGES.find(([, pattern]) => pattern.test(url) || pattern.test(functionName))
      if (hit) {
        stage = hit[0]
        break
      }
    }
    const key = stage ?? 'everything else (Payload operations, promises, our hooks)'
    stages.set(key, (stages.get(key) ?? 0) + value)
  }
  const share = (entries: Map<string, number>, count: number) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, value]) => ({ name, percent: Math.round((value / busy) * 1000) / 10 }))
  return {
    busyMs: Math.round(busy / 1000),
    functions: share(functions, 25),
    packages: share(packages, 15),
    stages: share(stages, STAGES.length + 1),
    windowMs: Math.round(total / 1000),
  }
}

const main = async () => {
  const corpus =
    DATABASE === 'postgres'
      ? await ensurePostgresCorpus(benchSize(), process.env.POSTGRES_URI!)
      : await ensureCorpus(benchSize())
  const paths = publicRequests(corpus)
  const request = paths[SCENARIO]
  if (!request) {
    throw new Error(`BENCH_PROFILE_SCENARIO: one of ${Object.keys(paths).join(', ')}`)
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-profile-'))
  const env: NodeJS.ProcessEnv = {
    CACHE: CACHE === 'warm' ? '1' : '0',
    DATABASE_URI: corpus.databaseUri,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PATH: process.env.PATH,
    PAYLOAD_SECRET: 'bench-secret-not-for-production',
    PORT: '0',
    RATE_LIMIT: '0',
    SEED_DEMO: '0',
  }
  const child = spawn(
    process.execPath,
    [...nodeFlags(env), '--cpu-prof', `--cpu-prof-dir=${dir}`, 'bench/serve.ts'],
    { env, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const stopChild = () => child.exitCode === null && child.kill('SIGKILL')
  process.on('exit', stopChild)
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const ready = /READY (\d+)/.exec(out)
      if (ready) {
        resolve(Number(ready[1]))
      }
    })
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}: ${out}`)))
  })
  const drive = (seconds: number) =>
    autocannon({
      body: request.body,
      connections: 20,
      duration: seconds,
      headers: request.body ? { 'content-type': 'application/json' } : {},
      method: request.method,
      url: `http://127.0.0.1:${port}${request.path}`,
    })
  // A short run first, so the profile is of a server that has compiled its code, not of start-up.
  await drive(3)
  // V8's profile clock and process.hrtime are both the monotonic clock, in µs here.
  const from = Number(process.hrtime.bigint() / 1000n)
  const result = await drive(SECONDS)
  const to = Number(process.hrtime.bigint() / 1000n)
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
  const file = fs.readdirSync(dir).find((name) => name.endsWith('.cpuprofile'))
  if (!file) {
    throw new Error(`no profile was written to ${dir}`)
  }
  const summary = summarise(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), from, to)
  const requests = result.requests.total
  const report = {
    cpus: os.cpus().length,
    database: DATABASE,
    date: new Date().toISOString(),
    loadAverage: os.loadavg().map((value) => Math.round(value * 10) / 10),
    profile: path.join(dir, file),
    requests,
    rps: Math.round((requests / SECONDS) * 10) / 10,
    scenario: SCENARIO,
    cache: CACHE,
    serverCpuMsPerRequest: Math.round((summary.busyMs / Math.max(1, requests)) * 10) / 10,
    ...summary,
  }
  const out = path.join(
    'bench',
    'results',
    `profile-${DATABASE}-${SCENARIO}${CACHE === 'warm' ? '-warm' : ''}.json`,
  )
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`)
  console.log(
    `${SCENARIO} on ${DATABASE}: ${report.rps} req/s, ${report.serverCpuMsPerRequest} ms of server CPU a request (${requests} requests)`,
  )
  console.log('\nstages of a read (share of the server’s busy time):')
  for (const stage of report.stages) {
    console.log(`${String(stage.percent).padStart(6)} %  ${stage.name}`)
  }
  console.log('\nfunctions (self time):')
  for (const entry of report.functions.slice(0, 15)) {
    console.log(`${String(entry.percent).padStart(6)} %  ${entry.name}`)
  }
  console.log(`\nwritten: ${out}; raw profile: ${report.profile}`)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
