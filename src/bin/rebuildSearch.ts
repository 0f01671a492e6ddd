/**
 * `npm run rebuild:search`: writes every row of the search index again from the records
 * (collections/search/reindex.ts), a transaction per batch of 500 records while serving; idempotent. For
 * after a change to the folding rules (src/lib/vietnamese), a restore or a direct edit of the
 * database: saves keep the index current themselves.
 */
import { reindexAll } from '../../collections/search'
import { runRebuild } from './rebuild'

runRebuild('rebuild:search', async (payload) => {
  const { changed, indexed, removed } = await reindexAll(payload)
  return `Search index rebuilt in {seconds} s: ${indexed} records, ${changed} rows rewritten, ${removed} removed`
})
