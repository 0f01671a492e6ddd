import type { CollectionBeforeValidateHook } from 'payload'
import type { User } from '../../../src/payload-types'

import { ValidationError } from 'payload'

/** An editor without a department could write for nobody (or, by mistake, everybody). */
export const requireEditorDepartment: CollectionBeforeValidateHook<User> = ({
  data,
  originalDoc,
  req,
}) => {
  const roles = (data?.roles ?? originalDoc?.roles ?? []) as string[]
  const department = data && 'department' in data ? data.department : originalDoc?.department
  if (
    roles.includes('editor') &&
    !roles.includes('admin') &&
    !roles.includes('bbt') &&
    !department
  ) {
    throw new ValidationError({
      collection: 'users',
      errors: [{ message: 'An editor must belong to a department (Đơn vị).', path: 'department' }],
      req,
    })
  }
  return data
}
