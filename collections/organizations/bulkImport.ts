import ObjectId from 'bson-objectid'

import type { BulkImportCustom } from '../../src/import/storedShape'
import { searchKeyOf, slugify } from '../../src/lib/vietnamese'

/**
 * What a save derives for a new top-level organization: its slug, nested-docs' breadcrumbs and the
 * list search's key.
 */
export const organizationsBulkImport: BulkImportCustom = {
  derive: ({ data, id }) => {
    const name = data.name as string
    // The linker's free slug (numbered when taken), as the slug field's hook gives one.
    const slug = slugify(String(data.slug || name))
    return {
      breadcrumbs: {
        vi: [{ doc: id, id: new ObjectId().toHexString(), label: name, url: `/${slug}` }],
      },
      searchKey: { vi: searchKeyOf([name, data.shortName, data.documentCode]) },
      slug,
    }
  },
}
