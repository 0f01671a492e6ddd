import ObjectId from 'bson-objectid'

import type { BulkImportCustom } from '../../src/import/storedShape'
import { slugify } from '../../src/lib/vietnamese'

/** What a save derives for a new top-level organization: its slug and nested-docs' breadcrumbs. */
export const organizationsBulkImport: BulkImportCustom = {
  derive: ({ data, id }) => {
    const name = data.name as string
    const slug = slugify(name)
    return {
      breadcrumbs: {
        vi: [{ doc: id, id: new ObjectId().toHexString(), label: name, url: `/${slug}` }],
      },
      slug,
    }
  },
}
