import type {
  CollectionBeforeChangeHook,
  CollectionBeforeOperationHook,
  RelationshipField,
} from 'payload'

import { Forbidden } from 'payload'

import type { AccessUser } from '../access'
import { idOf, isBoardField, isBoardUser, isWriteKey } from '../access'
import { slugs } from '../slugs'

type DepartmentFieldOptions = {
  /** Whether every record must have an owning department. */
  required?: boolean
}

/** The owning department; only the board may set or move it (editors get theirs by a hook). */
export const departmentField = ({
  required = true,
}: DepartmentFieldOptions = {}): RelationshipField => ({
  name: 'department',
  type: 'relationship',
  relationTo: slugs.organizations,
  index: true,
  required,
  label: { en: 'Department', vi: 'Đơn vị sở hữu' },
  // Editors never choose: the form shows their department, forceOwnDepartment stores it.
  access: { create: isBoardField, update: isBoardField },
  defaultValue: ({ user }) => idOf((user as AccessUser | null)?.department) ?? undefined,
  admin: {
    description: {
      en: 'Editors always write for their own department.',
      vi: 'Biên tập viên chỉ viết cho đơn vị của mình.',
    },
    position: 'sidebar',
  },
})

/** Editors and write keys (api-clients), who write for one department only. */
const writesForOneDepartment = (user: AccessUser | null): user is AccessUser =>
  Boolean(user && !isBoardUser(user) && (user.collection === slugs.users || isWriteKey(user)))

/** Forces an editor's (or write key's) new records into its own department, whatever was sent. */
export const forceOwnDepartment: CollectionBeforeChangeHook = ({ data, operation, req }) => {
  const user = req.user as AccessUser | null
  if (!writesForOneDepartment(user)) {
    return data
  }
  if (operation === 'create') {
    data.department = idOf(user.department)
  }
  return data
}

/**
 * Refuses, with 403, an editor's update that names another department. Runs before field access
 * would silently drop the change, so the editor learns the move did not happen.
 */
export const refuseDepartmentMove: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  const user = req.user as AccessUser | null
  if (operation !== 'update' || !writesForOneDepartment(user)) {
    return args
  }
  const data = (args as { data?: Record<string, unknown> }).data
  if (data && 'department' in data && data.department !== null && data.department !== undefined) {
    if (String(idOf(data.department)) !== String(idOf(user.department))) {
      throw new Forbidden(req.t)
    }
  }
  return args
}
