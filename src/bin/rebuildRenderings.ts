/**
 * `npm run rebuild:renderings [-- --all]`: makes the stored public renderings of articles
 * (src/plugins/renderings) that are missing, of another build or past their term, and drops those
 * of articles no longer published; `--all` drops every rendering first and makes them all again.
 * Saves keep them current themselves, and a server that starts on another build's renderings
 * remakes them in the background: this is for a deploy that wants them ready before traffic, and
 * after a restore or a direct edit of the database. Idempotent.
 */
import { clearRenderings, refreshRenderings, renderingsReady } from '../plugins/renderings'
import { runRebuild } from './rebuild'

runRebuild(
  'rebuild:renderings',
  async (payload, flags) => {
    if (!(await renderingsReady(payload))) {
      return {
        refused: 'Renderings are kept on SQLite and PostgreSQL only; on MongoDB Payload answers.',
      }
    }
    if (flags.includes('--all')) {
      await clearRenderings(payload)
    }
    const { checked, dropped, made } = await refreshRenderings(payload)
    return `Renderings rebuilt in {seconds} s: ${checked} published articles, ${made} made, ${dropped} dropped`
  },
  { flags: ['--all'] },
)
