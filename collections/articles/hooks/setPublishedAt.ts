import type { CollectionBeforeChangeHook } from 'payload'

/** The first publish stamps publishedAt, so lists sort by it without editors remembering. */
export const setPublishedAt: CollectionBeforeChangeHook = ({ data }) => {
  if (data._status === 'published' && !data.publishedAt) {
    data.publishedAt = new Date().toISOString()
  }
  return data
}
