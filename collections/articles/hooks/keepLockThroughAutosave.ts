import type { CollectionAfterChangeHook } from 'payload'

import type { AccessUser } from '../../../src/access'
import { asSystem, isStaffUser } from '../../../src/access'
import { slugs } from '../../../src/slugs'

/**
 * Payload drops the document lock on every save by its holder (checkDocumentLockStatus, 3.90.1)
 * and takes it again only at the next keystroke; with autosave that left an article unlocked
 * while its editor paused, so another person could open it and save over the work. An autosave
 * is not the end of editing: the lock is taken again, in the same transaction. An explicit save
 * still releases it, as before.
 */
export const keepLockThroughAutosave: CollectionAfterChangeHook = async ({ doc, req }) => {
  const user = (req.user ?? null) as AccessUser | null
  if (
    String((req.query as { autosave?: unknown } | undefined)?.autosave) !== 'true' ||
    !user ||
    user.collection !== slugs.users ||
    !isStaffUser(user)
  ) {
    return doc
  }
  // System work (asSystem): the lock record names the editor, who cannot write lock records.
  await req.payload.create({
    ...asSystem(req),
    collection: 'payload-locked-documents',
    data: {
      document: { relationTo: slugs.articles, value: doc.id },
      user: { relationTo: slugs.users, value: user.id as number },
    },
    depth: 0,
  })
  return doc
}
