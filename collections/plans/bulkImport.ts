import type { BulkImportCustom } from '../../src/import/storedShape'
import { slugify } from '../../src/lib/vietnamese'

/** What a save derives for a plan: the slug, from its number. */
export const plansBulkImport: BulkImportCustom = {
  derive: ({ data }) => ({ slug: slugify(data.number as string) }),
}
