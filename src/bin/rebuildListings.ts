/**
 * `npm run rebuild:listings`: fills the read model of the public article lists again from the
 * articles on file (src/plugins/listings/store.ts), in one transaction; idempotent. For after a
 * restore of an older backup or a direct edit of the database: saves keep it current themselves.
 */
import { rebuildListings } from '../plugins/listings'
import { runRebuild } from './rebuild'

runRebuild('rebuild:listings', async (payload) => {
  if (payload.db.name !== 'sqlite' && payload.db.name !== 'postgres') {
    return {
      refused: 'The read model is kept on SQLite and PostgreSQL only; MongoDB lists need none.',
    }
  }
  const { counts, rows } = await rebuildListings(payload)
  return `Read model rebuilt in {seconds} s: ${rows} rows, ${counts} lists`
})
