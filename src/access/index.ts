export { asSystem } from './asSystem'
export type { AccessUser } from './checkRole'
export { checkRole, idOf, isWriteKey, readsDrafts } from './checkRole'
export {
  articleAccess,
  changeInDepartment,
  copiesStartAsDrafts,
  createInDepartment,
  deleteDraftInDepartment,
  departmentScopedAccess,
  readPublishedOrDepartment,
  readVersionsInDepartment,
  updateInDepartment,
} from './departmentScoped'
export {
  anyone,
  isAdmin,
  isAdminField,
  isAdminUser,
  isBoard,
  isBoardField,
  isBoardUser,
  isStaff,
  isStaffUser,
  nobody,
} from './roles'
export {
  isArticleAuthor,
  isAuthorOrBoardField,
  isDepartmentStaffOrBoardField,
} from './articleAuthor'
