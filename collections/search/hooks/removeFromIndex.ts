import type { CollectionAfterDeleteHook } from 'payload'

import { removeEntry } from '../entries'
import type { SearchTargetSlug } from '../types'

/** Drops a deleted record's row, inside the delete's transaction. */
export const removeFromIndex =
  (target: SearchTargetSlug): CollectionAfterDeleteHook =>
  async ({ doc, id, req }) => {
    await removeEntry(req.payload, target, doc?.id ?? id, req)
    return doc
  }
