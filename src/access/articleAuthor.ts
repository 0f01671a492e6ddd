import type { FieldAccess } from 'payload'

import type { AccessUser } from './checkRole'
import { idOf } from './checkRole'
import { isBoardUser, isStaffUser } from './roles'

type AuthoredDoc = { author?: unknown; review?: { submittedBy?: unknown } | null }

/**
 * True when `user` is the article's author: the staff account that created it, else (imported
 * articles have no creator) the one that submitted it. API keys are never authors.
 */
export const isArticleAuthor = (user: AccessUser | null | undefined, doc: unknown): boolean => {
  if (!user || !isStaffUser(user) || !doc || typeof doc !== 'object') {
    return false
  }
  const article = doc as AuthoredDoc
  const author = idOf(article.author) ?? idOf(article.review?.submittedBy)
  return author !== null && String(author) === String(user.id)
}

/**
 * Field access: the article's author and the board (`bbt`, `admin`). Payload's admin builds its
 * form with `data` only (no `doc`): that data is the stored article on the first render, and what
 * the browser itself sent afterwards, so it shows nobody a value they did not already hold. Every
 * operation passes the stored `doc`, which then decides.
 */
export const isAuthorOrBoardField: FieldAccess = ({ data, doc, req }) => {
  const user = (req.user as AccessUser | null) ?? null
  return isBoardUser(user) || isArticleAuthor(user, doc ?? data)
}

/**
 * Field access for the board's latest note (`reviewNote`): the board, the author, and the staff of
 * the article's department, whose dashboard shows a returned article's note. Never anonymous
 * callers, API keys or other departments: the note is the board's word to the department, and it
 * stays on the article after publishing.
 */
export const isDepartmentStaffOrBoardField: FieldAccess = ({ data, doc, req }) => {
  const user = (req.user as AccessUser | null) ?? null
  const article = (doc ?? data) as { department?: unknown } | undefined
  if (isBoardUser(user) || isArticleAuthor(user, article)) {
    return true
  }
  if (!user || !isStaffUser(user)) {
    return false
  }
  const department = idOf(article?.department)
  const own = idOf(user.department)
  return department !== null && own !== null && String(department) === String(own)
}
