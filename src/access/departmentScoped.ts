import type { Access, CollectionBeforeOperationHook, Where } from 'payload'

import type { AccessUser } from './checkRole'
import { idOf, isWriteKey, readsDrafts } from './checkRole'
import { isBoardUser, isStaffUser } from './roles'

const PUBLISHED: Where = { _status: { equals: 'published' } }
/** Matches nothing, for staff without a department: safer than throwing inside a query. */
const NOTHING: Where = { id: { exists: false } }

const departmentOf = (user: AccessUser, prefix = ''): Where => {
  const department = idOf(user.department)
  return department === null ? NOTHING : { [`${prefix}department`]: { equals: department } }
}

const wantsPublish = (data: unknown): boolean =>
  Boolean(
    data && typeof data === 'object' && (data as { _status?: unknown })._status === 'published',
  )

/**
 * Read: the board reads everything; an editor reads what is published plus their own department's
 * drafts; everyone else reads published records only. Returned as `Where` so the database filters.
 */
export const readPublishedOrDepartment: Access = ({ req }) => {
  const user = req.user as AccessUser | null
  if (isBoardUser(user) || readsDrafts(user)) {
    return true
  }
  if (user && isStaffUser(user)) {
    return { or: [PUBLISHED, departmentOf(user)] }
  }
  return PUBLISHED
}

/** Create: the board, or an editor writing a draft (a hook forces their own department). */
export const createInDepartment: Access = ({ data, req }) => {
  const user = req.user as AccessUser | null
  if (isBoardUser(user)) {
    return true
  }
  return Boolean(user && isStaffUser(user) && !wantsPublish(data))
}

/**
 * Update: the board updates anything; an editor updates their own department's records but can
 * never publish. Payload also asks this with `_status: 'published'` to decide whether to show the
 * publish button, so editors never see one.
 */
export const updateInDepartment: Access = ({ data, req }) => {
  const user = req.user as AccessUser | null
  if (isBoardUser(user)) {
    return true
  }
  if (!user || !isStaffUser(user) || wantsPublish(data)) {
    return false
  }
  return departmentOf(user)
}

/** Delete: the board; an editor only their own department's records that were never published. */
export const deleteDraftInDepartment: Access = ({ req }) => {
  const user = req.user as AccessUser | null
  if (isBoardUser(user)) {
    return true
  }
  if (!user || !isStaffUser(user)) {
    return false
  }
  return { and: [departmentOf(user), { _status: { equals: 'draft' } }] }
}

/**
 * Change or delete a record shared with the public whatever its department (media): the board any;
 * an editor only their own department's. Records of no department are the board's.
 */
export const changeInDepartment: Access = ({ req }) => {
  const user = req.user as AccessUser | null
  if (isBoardUser(user)) {
    return true
  }
  return user && isStaffUser(user) ? departmentOf(user) : false
}

/** Versions: the board, or an editor for their own department's records (versions nest under `version`). */
export const readVersionsInDepartment: Access = ({ req }) => {
  const user = req.user as AccessUser | null
  if (isBoardUser(user)) {
    return true
  }
  return user && isStaffUser(user) ? departmentOf(user, 'version.') : false
}

/** The access of every department-owned type (articles, people, plans). */
export const departmentScopedAccess = {
  create: createInDepartment,
  delete: deleteDraftInDepartment,
  read: readPublishedOrDepartment,
  readVersions: readVersionsInDepartment,
  update: updateInDepartment,
}

/**
 * Articles: as departmentScopedAccess, and a write key acts as an editor of its department who can
 * touch drafts only: it reads its department's drafts, creates drafts (a hook forces the
 * department), updates articles of its department that are drafts, and never publishes or deletes.
 */
export const articleAccess = {
  ...departmentScopedAccess,
  create: ((args) => {
    const user = args.req.user as AccessUser | null
    return isWriteKey(user) ? !wantsPublish(args.data) : createInDepartment(args)
  }) satisfies Access,
  read: ((args) => {
    const user = args.req.user as AccessUser | null
    if (isWriteKey(user) && !readsDrafts(user)) {
      return { or: [PUBLISHED, departmentOf(user!)] }
    }
    return readPublishedOrDepartment(args)
  }) satisfies Access,
  update: ((args) => {
    const user = args.req.user as AccessUser | null
    if (isWriteKey(user)) {
      // Only drafts: saving over a published article would change what the public reads.
      return wantsPublish(args.data)
        ? false
        : { and: [departmentOf(user!), { _status: { equals: 'draft' } }] }
    }
    return updateInDepartment(args)
  }) satisfies Access,
}

/**
 * beforeOperation: a copy (`POST /api/<slug>/<id>/duplicate`, GraphQL `duplicate…`) made by anyone
 * but the board is a draft. Create access sees only what the caller sent, and a copy takes the
 * original's `_status`: an editor's copy of a published record came out published.
 */
export const copiesStartAsDrafts: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  const copying = (args as { duplicateFromID?: unknown }).duplicateFromID
  if (operation !== 'create' || copying === undefined || copying === null) {
    return args
  }
  // System work (no user) and the board copy as they ask; anonymous callers cannot create.
  if (!req.user || isBoardUser(req.user as AccessUser)) {
    return args
  }
  return { ...args, draft: true }
}
