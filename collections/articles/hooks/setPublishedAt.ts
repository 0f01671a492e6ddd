import type { CollectionBeforeChangeHook } from 'payload'
import type { Article } from '../../../src/payload-types'

/** The first publish stamps publishedAt, so lists sort by it without editors remembering. */
export const setPublishedAt: CollectionBeforeChangeHook<Article> = ({ data }) => {
  if (data._status === 'published' && !data.publishedAt) {
    data.publishedAt = new Date().toISOString()
  }
  return data
}
