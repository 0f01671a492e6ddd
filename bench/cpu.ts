import autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { pathToFileURL } from 'node:url'

import { benchSize, ensureCorpus } from './corpus'
import { publicRequests } from './scenarios'

/**
 * `npm run bench:cpu -- [dir ...]`: the server's own CPU time per cold request,
 * from the kernel's count for its process (/proc/<pid>/stat), not from a profiler's samples: on a
 * shared machine a profiler counts the time the process waited for a core as busy, so its
 * per-request figure grows with the machine's load. Each directory (a checkout of the project;
 * default: this one) serves the SQLite bench corpus, all at once, driven at the same time, so two
 * versions are compared in the same conditions; a round starts them afresh. Linux only.
 *
 * BENCH_CPU_SCENARIOS: comma-separated, of article-by-slug, graphql-article, list-topic (all);
 * BENCH_CPU_SECONDS: how long each run is driven (10); BENCH_CPU_ROUNDS: runs per version (3);
 * BENCH_CPU_WARMUP: requests sent before each run (300); BENCH_CPU_CONNECTIONS: per version (10).
 */
const SCENARIOS = (process.env.BENCH_CPU_SCENARIOS ?? 'article-by-slug,graphql-article,list-topic')
  .split(',')
  .filter(Boolean)
const SECONDS = Number(process.env.BENCH_CPU_SECONDS ?? 10)
const ROUNDS = Number(process.env.BENCH_CPU_ROUNDS ?? 3)
const TICK_MS = 1000 / 100
/** Requests sent before each measured run (BENCH_CPU_WARMUP). */
const WARMUP = Number(process.env.BENCH_CPU_WARMUP ?? 300)
/** Connections per version: 20 in all, as bench/profile.ts drives one server. */
const CONNECTIONS = Number(process.env.BENCH_CPU_CONNECTIONS ?? 10)

/** User and system CPU time of a process so far, in ms (clock ticks of 10 ms). */
const cpuMs = (pid: number): number => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS
}

const main = async () => {
  const dirs = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [process.cwd()]
  const corpus = await ensureCorpus(benchSize())
  const { databaseUri } = corpus
  const requests = publicRequests(corpus)
  const results: Record<string, Record<string, number[]>> = {}
  // Servers still running when this ends (an error, Ctrl-C) are stopped with it.
  const running = new Set<ReturnType<typeof spawn>>()
  const stopAll = () => running.forEach((child) => child.exitCode === null && child.kill('SIGKILL'))
  process.on('exit', stopAll)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => process.exit(1))
  }
  const serve = async (dir: string) => {
    const env: NodeJS.ProcessEnv = {
      CACHE: '0',
      DATABASE_URI: databaseUri,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PATH: process.env.PATH,
      PAYLOAD_SECRET: 'bench-secret-not-for-production',
      PORT: '0',
      RATE_LIMIT: '0',
      SEED_DEMO: '0',
    }
    // Each checkout's own flags: a change of them is compared too.
    const { nodeFlags } = (await import(
      pathToFileURL(path.resolve(dir, 'scripts/nodeFlags.mjs')).href
    )) as { nodeFlags: (env: NodeJS.ProcessEnv) => string[] }
    const child = spawn(process.execPath, [...nodeFlags(env), 'bench/serve.ts'], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    running.add(child)
    child.once('exit', () => running.delete(child))
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
    return { child, dir, port }
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    // Every version serves at once and is driven at the same time, with the same connections:
    // whatever else the machine runs then weighs on each alike.
    const servers = await Promise.all(dirs.map(serve))
    for (const scenario of SCENARIOS) {
      const request = requests[scenario]
      const drive = (port: number, run: { amount: number } | { duration: number }) =>
        autocannon({
          ...run,
          body: request.body,
          connections: CONNECTIONS,
          headers: request.body ? { 'content-type': 'application/json' } : {},
          method: request.method,
          url: `http://127.0.0.1:${port}${request.path}`,
        })
      // Warmed by a count of requests, not a time: on a busy machine a few seconds may be too
      // few requests for V8 to have compiled the read path.
      await Promise.all(servers.map(({ port }) => drive(port, { amount: WARMUP })))
      const before = servers.map(({ child }) => cpuMs(child.pid!))
      const runs = await Promise.all(servers.map(({ port }) => drive(port, { duration: SECONDS })))
      servers.forEach(({ child, dir }, index) => {
        const result = runs[index]
        const perRequest = (cpuMs(child.pid!) - before[index]) / Math.max(1, result.requests.total)
        const failed = result.non2xx + result.errors
        ;((results[scenario] ??= {})[dir] ??= []).push(perRequest)
        console.log(
          `round ${round + 1} ${scenario} ${dir}: ${perRequest.toFixed(2)} ms CPU/request, ${Math.round(result.requests.total / SECONDS)} req/s${failed ? `, ${failed} failed` : ''}, load ${os
            .loadavg()
            .map((value) => value.toFixed(1))
            .join(' ')}`,
        )
      })
    }
    await Promise.all(
      servers.map(({ child }) => {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        return exited
      }),
    )
  }
  console.log('\nmedian ms of server CPU per request:')
  for (const [scenario, byDir] of Object.entries(results)) {
    for (const [dir, values] of Object.entries(byDir)) {
      const sorted = [...values].sort((a, b) => a - b)
      console.log(
        `${scenario.padEnd(16)} ${sorted[Math.floor(sorted.length / 2)].toFixed(2)}  (${sorted.map((value) => value.toFixed(2)).join(', ')})  ${dir}`,
      )
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
