import type { BulkImportCustom } from '../../src/import/storedShape'
import { searchKeyOf } from '../../src/lib/vietnamese'

/**
 * What the article hooks derive on a save, for the bulk import (setPublishedAt, enforceWorkflow,
 * the list search's key).
 */
export const articlesBulkImport: BulkImportCustom = {
  derive: ({ data, now, stored }) => {
    const published = data._status === 'published'
    return {
      publishedAt: published ? now : null,
      reviewState: published ? 'published' : 'draft',
      searchKey: { vi: searchKeyOf([data.title, stored.slug]) },
    }
  },
}
