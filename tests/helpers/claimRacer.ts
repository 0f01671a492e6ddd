/**
 * One job runner process racing another over the same due jobs, on a bare Payload config: one
 * task that records each run, Payload's own PostgreSQL adapter on RACE_URI (schema pushed), and
 * the claim patch when PATCH=1 (PATCH=0 shows Payload's own claim running jobs twice). ROLE=setup queues JOBS jobs; a
 * runner prints `@@ready`, waits for a line on stdin, runs the queue until nothing is due and
 * prints `@@ran <n>`. For tests/int/jobs-claim.int.spec.ts.
 */
import { postgresAdapter } from '@payloadcms/db-postgres'
import { buildConfig, getPayload } from 'payload'

import { installAtomicJobClaims } from '../../src/compat/atomicJobClaims'

const uri = process.env.RACE_URI ?? ''

const config = buildConfig({
  collections: [{ slug: 'runs', fields: [{ name: 'job', type: 'text' }] }],
  db: postgresAdapter({ pool: { connectionString: uri }, push: true }),
  jobs: {
    deleteJobOnComplete: false,
    tasks: [
      {
        slug: 'recordRun',
        handler: async ({ job, req }) => {
          await req.payload.create({
            collection: 'runs' as never,
            data: { job: String(job.id) } as never,
          })
          return { output: {} }
        },
      },
    ],
  },
  onInit: (payload) => {
    if (process.env.PATCH === '1') {
      installAtomicJobClaims(payload)
    }
  },
  secret: 'claim-race',
  telemetry: false,
})

const main = async () => {
  const payload = await getPayload({ config })
  if (process.env.ROLE === 'setup') {
    for (let index = 0; index < Number(process.env.JOBS ?? 100); index += 1) {
      await payload.jobs.queue({ input: {}, task: 'recordRun' } as never)
    }
    process.stdout.write('@@queued\n')
    process.exit(0)
  }
  process.stdout.write('@@ready\n')
  await new Promise((resolve) => process.stdin.once('data', resolve))
  let ran = 0
  for (let empty = 0; empty < 3;) {
    const result = await payload.jobs.run({ limit: 5, silent: true })
    ran += Object.keys(result.jobStatus ?? {}).length
    empty = result.noJobsRemaining ? empty + 1 : 0
  }
  process.stdout.write(`@@ran ${ran}\n`)
  process.exit(0)
}

main().catch((error: unknown) => {
  process.stderr.write(
    `claimRacer failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  )
  process.exit(1)
})
