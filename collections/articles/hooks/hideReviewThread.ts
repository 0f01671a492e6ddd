import type { CollectionAfterReadHook } from 'payload'
import type { Article } from '../../../src/payload-types'

import type { AccessUser } from '../../../src/access'
import { isArticleAuthor, isBoardUser } from '../../../src/access'

/**
 * Drops `reviewThread` for callers who may not read it. Field access already empties it, but
 * Payload answers a denied array as `[]`, which reads as "no notes"; absent says "not yours".
 */
export const hideReviewThread: CollectionAfterReadHook<Article> = ({
  doc,
  overrideAccess,
  req,
}) => {
  const user = (req.user as AccessUser | null) ?? null
  if (overrideAccess !== true && !isBoardUser(user) && !isArticleAuthor(user, doc)) {
    delete (doc as { reviewThread?: unknown }).reviewThread
  }
  return doc
}
