import type { BulkImportCustom } from '../../src/import/storedShape'
import { idOf } from '../../src/access'
import { summarizeCurrent } from '../../src/lib/people/positions'
import { searchKeyOf, slugify } from '../../src/lib/vietnamese'

/** What a save derives for a person: the slug, the current positions' summary, the search key. */
export const peopleBulkImport: BulkImportCustom = {
  derive: ({ data, organizationName, stored }) => {
    const positionsSummary = summarizeCurrent(
      stored.positions as Array<{ organization: unknown; title: string }>,
      (organization) => organizationName(idOf(organization)),
      Date.now(),
    )
    return {
      positionsSummary,
      searchKey: searchKeyOf([data.name, positionsSummary]),
      slug: slugify(String(data.slug || data.name)),
    }
  },
}
