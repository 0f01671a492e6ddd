import type { Access, FieldAccess } from 'payload'

import type { AccessUser } from './checkRole'
import { checkRole } from './checkRole'

const userOf = (req: { user?: unknown }): AccessUser | null => (req.user as AccessUser) ?? null

export const isAdminUser = (user: AccessUser | null | undefined): boolean =>
  checkRole(user, ['admin'])

/** The editorial board: `bbt`, and `admin` who may do everything. */
export const isBoardUser = (user: AccessUser | null | undefined): boolean =>
  checkRole(user, ['admin', 'bbt'])

export const isStaffUser = (user: AccessUser | null | undefined): boolean =>
  checkRole(user, ['admin', 'bbt', 'editor'])

export const isAdmin: Access = ({ req }) => isAdminUser(userOf(req))
export const isBoard: Access = ({ req }) => isBoardUser(userOf(req))
export const isStaff: Access = ({ req }) => isStaffUser(userOf(req))
export const nobody: Access = () => false
export const anyone: Access = () => true

export const isAdminField: FieldAccess = ({ req }) => isAdminUser(userOf(req))
export const isBoardField: FieldAccess = ({ req }) => isBoardUser(userOf(req))
