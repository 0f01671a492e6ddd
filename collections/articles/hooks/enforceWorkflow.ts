import type { CollectionBeforeChangeHook } from 'payload'
import type { Article } from '../../../src/payload-types'

import { Forbidden, ValidationError } from 'payload'

import type { AccessUser } from '../../../src/access'
import { isBoardUser } from '../../../src/access'

const EDITOR_STATES = new Set(['draft', 'submitted'])

/**
 * The workflow's rules, whatever door the change came through: editors move an article only
 * between draft and submitted; the board returns (with a note) or publishes. Stamps who and when.
 * Field access makes the stamps read-only for callers; this hook writes them as system.
 */
export const enforceWorkflow: CollectionBeforeChangeHook<Article> = ({
  data,
  originalDoc,
  req,
}) => {
  const user = req.user as AccessUser | null
  if (!user) {
    // Local API system work (seed, importer): trust it, but keep the state consistent.
    if (data._status === 'published') {
      data.reviewState = 'published'
    }
    return data
  }
  const before = originalDoc?.reviewState ?? 'draft'
  if (
    data._status !== 'published' &&
    String((req.query as { autosave?: unknown } | undefined)?.autosave) === 'true'
  ) {
    // An autosave keeps what is being typed, never a decision: a state picked in the form but not
    // yet saved would otherwise submit or return the article unannounced (mail skips autosaves).
    data.reviewState = before
    if (data.review) {
      data.review = originalDoc?.review ?? data.review
    }
    return data
  }
  const now = new Date().toISOString()
  // The generated types name SQL ids (numbers); MongoDB's string ids pass through as they are.
  const userId = user.id as number
  const review = { ...(originalDoc?.review ?? {}), ...(data.review ?? {}) }
  const board = isBoardUser(user)

  if (!board) {
    if (data._status === 'published') {
      throw new Forbidden(req.t)
    }
    const requested = data.reviewState ?? before
    if (!EDITOR_STATES.has(requested)) {
      // An editor cannot return or publish; an edit of a returned or published article starts a new draft.
      data.reviewState = requested === before && before !== 'submitted' ? 'draft' : undefined
      if (data.reviewState === undefined) {
        throw new Forbidden(req.t)
      }
    }
    if (data.reviewState === 'submitted' && before !== 'submitted') {
      // `submittedBy` names an account; a write key (api-clients) has none, so only the time.
      review.submittedBy = user.collection === 'api-clients' ? null : userId
      review.submittedAt = now
    }
    data.review = review
    return data
  }

  if (data._status === 'published') {
    data.reviewState = 'published'
    review.reviewedBy = userId
    review.reviewedAt = now
    review.publishedBy = userId
  } else if (data.reviewState === 'returned' && before !== 'returned') {
    const note = typeof data.reviewNote === 'string' ? data.reviewNote.trim() : ''
    if (!note) {
      throw new ValidationError({
        collection: 'articles',
        errors: [
          { message: 'Trả lại bài cần ghi ý kiến (a return needs a note).', path: 'reviewNote' },
        ],
        req,
      })
    }
    review.reviewedBy = userId
    review.reviewedAt = now
  } else if (data._status === 'draft' && data.reviewState === 'published') {
    // Unpublished or a new draft of a published article: it is a draft again.
    data.reviewState = 'draft'
  }
  data.review = review
  return data
}
