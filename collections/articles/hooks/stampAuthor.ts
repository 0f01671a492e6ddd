import type { CollectionBeforeChangeHook } from 'payload'
import type { Article } from '../../../src/payload-types'

import { slugs } from '../../../src/slugs'

/** Records the staff account that created the article; imports and seeds have none. */
export const stampAuthor: CollectionBeforeChangeHook<Article> = ({ data, operation, req }) => {
  if (operation === 'create' && req.user?.collection === slugs.users) {
    data.author = req.user.id
  }
  return data
}
