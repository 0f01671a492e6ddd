import type { CollectionConfig } from 'payload'

import type { SearchIndexBulkImport } from '../../src/import/storedShape'
import { slugs } from '../../src/slugs'
import { SEARCH_TARGETS } from './targets'
import type { SearchTargetSlug } from './types'

export const SEARCH_INDEX = slugs.searchIndex

/**
 * One row per indexed record: folded keys to match, the display title, and what visibility needs.
 * Only system code touches it (hooks, the search endpoint, reindexAll), always bypassing access;
 * every door for callers is shut, so the index can never leak a draft through REST or GraphQL.
 * Column order matters on SQLite: the small columns come before the large folded body.
 */
export const buildSearchIndex = (targets: SearchTargetSlug[]): CollectionConfig => ({
  slug: SEARCH_INDEX,
  labels: {
    plural: { en: 'Search index', vi: 'Chỉ mục tìm kiếm' },
    singular: { en: 'Search entry', vi: 'Mục tìm kiếm' },
  },
  admin: { hidden: true, useAsTitle: 'title' },
  access: {
    create: () => false,
    delete: () => false,
    read: () => false,
    update: () => false,
  },
  custom: {
    // The entry a bulk-imported record gets, as indexDocument would write it.
    bulkImport: {
      entryOf: (collection, read) => SEARCH_TARGETS[collection as SearchTargetSlug].entryOf(read),
      indexes: (collection) => (targets as string[]).includes(collection),
    } satisfies SearchIndexBulkImport,
    searchTargets: targets,
  },
  graphQL: false,
  // Upserts find a record's row by this pair; unique so a row can never be doubled.
  indexes: [{ fields: ['target', 'docId'], unique: true }],
  fields: [
    // Indexed through the compound index above, whose first column it is.
    { name: 'target', type: 'text', required: true },
    { name: 'docId', type: 'text', required: true },
    { name: 'published', type: 'checkbox', defaultValue: false, index: true },
    { name: 'department', type: 'text', index: true },
    { name: 'title', type: 'text' },
    { name: 'slug', type: 'text' },
    { name: 'keyTitle', type: 'text' },
    { name: 'keyBody', type: 'textarea' },
  ],
})
