/**
 * `npm run rebuild:renderings [-- --all]`: makes the stored public renderings of articles
 * (src/plugins/renderings) that are missing, of another build or past their term, and drops those
 * of articles no longer published; `--all` drops every rendering first and makes them all again.
 * Saves keep them current themselves, and a server that starts on another build's renderings
 * remakes them in the background: this is for a deploy that wants them ready before traffic, and
 * after a restore or a direct edit of the database. Idempotent.
 */
import { getPayload } from 'payload'

import config from '../../payload.config'
import { runMigrations, withStartupLock } from '../database'
import { clearRenderings, refreshRenderings, renderingsReady } from '../plugins/renderings'

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

const main = async () => {
  const args = process.argv.slice(2)
  if (args.length > 1 || (args.length === 1 && args[0] !== '--all')) {
    return fail('usage: npm run rebuild:renderings [-- --all]')
  }
  const payload = await getPayload({ config })
  await withStartupLock(payload, () => runMigrations(payload))
  if (!(await renderingsReady(payload))) {
    await payload.db.destroy?.()
    return fail('Renderings are kept on SQLite and PostgreSQL only; on MongoDB Payload answers.')
  }
  const started = Date.now()
  if (args[0] === '--all') {
    await clearRenderings(payload)
  }
  let reported = 0
  const { checked, dropped, made } = await refreshRenderings(payload, {
    onBatch: (progress) => {
      if (process.stderr.isTTY && Date.now() - reported > 1000) {
        reported = Date.now()
        process.stderr.write(`\r${progress.checked} articles looked at, ${progress.made} made`)
      }
    },
  })
  if (process.stderr.isTTY && reported > 0) {
    process.stderr.write('\n')
  }
  process.stdout.write(
    `Renderings rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s: ${checked} published articles, ${made} made, ${dropped} dropped\n`,
  )
  await payload.db.destroy?.()
  process.exit(0)
}

main().catch((error) => {
  process.stderr.write(
    `Rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`,
  )
  process.exit(1)
})
