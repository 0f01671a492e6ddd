import type { ChildProcessWithoutNullStreams } from 'node:child_process'

import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import pg from 'pg'

const root = process.cwd()
const JOBS = 120

/** Runs tests/helpers/claimRacer.ts; resolves with its `@@` lines once it printed `until`. */
const racer = (env: Record<string, string>, until: RegExp) => {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    ['scripts/launch.mjs', 'tests/helpers/claimRacer.ts'],
    { cwd: root, env: { ...process.env, NODE_OPTIONS: '', ...env } },
  )
  let output = ''
  const reached = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`claimRacer timed out:\n${output}`))
    }, 150_000)
    const collect = (chunk: Buffer) => {
      output += chunk
      const match = until.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[0])
      }
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('exit', (code) => {
      clearTimeout(timer)
      const match = until.exec(output)
      return match ? resolve(match[0]) : reject(new Error(`claimRacer exited ${code}:\n${output}`))
    })
  })
  return { child, reached }
}

/** Queues JOBS jobs, then two runner processes race over them, released at the same moment. */
const race = async (uri: string) => {
  const env = { PATCH: '1', RACE_URI: uri }
  await racer({ ...env, JOBS: String(JOBS), ROLE: 'setup' }, /@@queued/).reached
  const runners = [racer(env, /@@ready/), racer(env, /@@ready/)]
  await Promise.all(runners.map((runner) => runner.reached))
  const done = runners.map(
    (runner) =>
      new Promise<number>((resolve, reject) => {
        let output = ''
        runner.child.stdout.on('data', (chunk) => {
          output += chunk
          const match = /@@ran (\d+)/.exec(output)
          if (match) {
            resolve(Number(match[1]))
          }
        })
        runner.child.on('exit', (code) => (code === 0 ? undefined : reject(new Error(output))))
      }),
  )
  for (const runner of runners) {
    runner.child.stdin.write('go\n')
  }
  return Promise.all(done)
}

/**
 * The claim patch (src/compat/atomicJobClaims.ts) on Payload's own adapters: two processes run
 * the same due jobs, and every job runs once. Without the patch, PostgreSQL ran 181 times for
 * 150 jobs in this race. Runs when POSTGRES_URI is set; on SQLite the same race runs with the
 * product's whole config in tests/int/jobs-race.int.spec.ts.
 */
describe('atomic job claims', () => {
  const onPostgres = process.env.POSTGRES_URI ? it : it.skip
  onPostgres('should run each job once with two runners on PostgreSQL', async () => {
    const server = new URL(process.env.POSTGRES_URI!)
    const name = `cms_claim_${crypto.randomUUID().replace(/-/g, '')}`
    const admin = new pg.Client({ connectionString: server.toString() })
    await admin.connect()
    await admin.query(`create database ${name}`)
    const target = new URL(server.toString())
    target.pathname = `/${name}`
    try {
      const ran = await race(target.toString())
      expect(ran[0]! + ran[1]!).toBe(JOBS)
      const db = new pg.Client({ connectionString: target.toString() })
      await db.connect()
      const { rows } = await db.query(
        'select count(*)::int as runs, count(distinct job)::int as jobs from runs',
      )
      await db.end()
      expect(rows[0]).toEqual({ jobs: JOBS, runs: JOBS })
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`)
      await admin.end()
    }
  })
})
