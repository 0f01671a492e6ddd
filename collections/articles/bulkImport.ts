import type { BulkImportCustom } from '../../src/import/storedShape'

/** What the article hooks derive on a save, for the bulk import (setPublishedAt, enforceWorkflow). */
export const articlesBulkImport: BulkImportCustom = {
  derive: ({ data, now }) => {
    const published = data._status === 'published'
    return {
      publishedAt: published ? now : null,
      reviewState: published ? 'published' : 'draft',
    }
  },
}
