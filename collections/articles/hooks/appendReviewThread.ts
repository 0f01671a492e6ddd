import type { CollectionBeforeChangeHook } from 'payload'
import type { Article } from '../../../src/payload-types'

import { newThreadEntries } from '../../../src/lib/workflow/reviewThread'
import { slugs } from '../../../src/slugs'

type Actor = {
  collection?: string
  email?: null | string
  id: number | string
  name?: null | string
}

/** Who wrote a note: a staff account by id and name (else email); a key by its name; system: none. */
const whoOf = (user: Actor | null): { userId: null | string; userName: null | string } => {
  if (!user) {
    return { userId: null, userName: null }
  }
  if (user.collection === slugs.users) {
    return { userId: String(user.id), userName: user.name?.trim() || user.email || null }
  }
  return { userId: null, userName: user.name?.trim() || null }
}

/**
 * Keeps the review conversation: starts from the thread as stored (whatever the write sent for
 * it, so no note is lost or forged) and appends the board's return note and the reply sent in
 * `reviewReply`, which is never stored itself. Runs after enforceWorkflow has settled the state.
 */
export const appendReviewThread: CollectionBeforeChangeHook<Article> = ({
  data,
  originalDoc,
  req,
}) => {
  // An autosave carries a reply still being typed; it joins the thread on the explicit save.
  const autosave = String((req.query as { autosave?: unknown } | undefined)?.autosave) === 'true'
  const reply = autosave ? undefined : (data as { reviewReply?: unknown }).reviewReply
  delete (data as { reviewReply?: unknown }).reviewReply
  const before = originalDoc?.reviewState ?? 'draft'
  const stored = Array.isArray(originalDoc?.reviewThread) ? originalDoc.reviewThread : []
  const added = newThreadEntries(
    {
      after: data.reviewState ?? before,
      before,
      note: data.reviewNote,
      reply,
      storedNote: originalDoc?.reviewNote,
    },
    whoOf((req.user as Actor | null) ?? null),
    new Date().toISOString(),
  )
  data.reviewThread = [...stored, ...added] as Article['reviewThread']
  return data
}
