import type { BulkImportCustom } from '../../src/import/storedShape'
import { searchKeyOf, slugify } from '../../src/lib/vietnamese'

/** What a save derives for a plan: the slug, from its number, and the list search's key. */
export const plansBulkImport: BulkImportCustom = {
  derive: ({ data }) => ({
    searchKey: { vi: searchKeyOf([data.number, data.title]) },
    slug: slugify(String(data.slug || data.number)),
  }),
}
