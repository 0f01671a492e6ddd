import type { CollectionBeforeChangeHook, RelationshipField } from 'payload'

import type { AccessUser } from '../access'
import { idOf, isBoardField, isBoardUser } from '../access'
import { slugs } from '../slugs'

type DepartmentFieldOptions = {
  /** Whether every record must have an owning department. */
  required?: boolean
}

/** The owning department; only the board may set or move it (editors get theirs by a hook). */
export const departmentField = ({ required = true }: DepartmentFieldOptions = {}): RelationshipField => ({
  name: 'department',
  type: 'relationship',
  relationTo: slugs.organizations,
  index: true,
  required,
  label: { en: 'Department', vi: 'Đơn vị sở hữu' },
  access: { update: isBoardField },
  admin: {
    description: {
      en: "Editors always write for their own department.",
      vi: 'Biên tập viên chỉ viết cho đơn vị của mình.',
    },
    position: 'sidebar',
  },
})

/** Forces an editor's records into the editor's own department, whatever the request said. */
export const forceOwnDepartment: CollectionBeforeChangeHook = ({ data, operation, req }) => {
  const user = req.user as AccessUser | null
  if (operation === 'create' && user && !isBoardUser(user) && (!user.collection || user.collection === 'users')) {
    const department = idOf(user.department)
    if (department !== null) {
      data.department = department
    }
  }
  return data
}
