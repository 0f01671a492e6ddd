/**
 * A job runner as its own process, for the race test: Payload on DATABASE_URI (already migrated
 * by the parent), no HTTP. It reads one line per round on stdin (`go <round>`), runs the default
 * queue until nothing is due, and answers `@@done <round> <json ids it ran>` on stdout (`@@` sets
 * its lines apart from Payload's log). The run is
 * Payload's own `payload.jobs.run`, what autoRun calls on every instance.
 */
import readline from 'node:readline'
import { getPayload } from 'payload'

import { buildPortalConfig } from '../../src/config'

const main = async () => {
  const payload = await getPayload({
    config: buildPortalConfig({ databaseUri: process.env.DATABASE_URI }),
  })
  process.stdout.write('@@ready\n')
  const lines = readline.createInterface({ input: process.stdin })
  for await (const line of lines) {
    const [command, round] = line.trim().split(' ')
    if (command === 'stop') {
      break
    }
    if (command !== 'go') {
      continue
    }
    const ran: string[] = []
    // Small batches, many claims: the other runner reads the same due jobs meanwhile.
    for (let empty = 0; empty < 3;) {
      const result = await payload.jobs.run({ limit: 3, queue: 'default', silent: true })
      const succeeded = Object.entries(result.jobStatus ?? {})
        .filter(([, status]) => (status as { status?: string }).status === 'success')
        .map(([id]) => id)
      ran.push(...succeeded)
      empty = result.noJobsRemaining ? empty + 1 : 0
    }
    process.stdout.write(`@@done ${round} ${JSON.stringify(ran)}\n`)
  }
  await payload.destroy()
  process.exit(0)
}

main().catch((error: unknown) => {
  process.stderr.write(
    `jobRunner failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  )
  process.exit(1)
})
