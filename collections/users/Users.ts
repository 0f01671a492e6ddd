import type { Access, CollectionConfig } from 'payload'

import type { AccessUser } from '../../src/access'
import { isAdmin, isAdminField, isAdminUser, isBoardUser } from '../../src/access'
import { ROLES, slugs } from '../../src/slugs'
import { enforcePasswordPolicy } from './hooks/enforcePasswordPolicy'
import { requireEditorDepartment } from './hooks/requireEditorDepartment'
import type { UsersPluginOptions } from './types'

const ROLE_OPTIONS = [
  { label: { en: 'Administrator', vi: 'Quản trị hệ thống' }, value: ROLES[0] },
  { label: { en: 'Editorial board (BBT)', vi: 'Ban Biên tập (BBT)' }, value: ROLES[1] },
  { label: { en: 'Department editor', vi: 'Biên tập viên đơn vị' }, value: ROLES[2] },
]

/** The board reads every account; an editor reads only their own. */
const readUsers: Access = ({ req }) => {
  const user = req.user as AccessUser | null
  if (isBoardUser(user)) {
    return true
  }
  return user && user.collection === slugs.users ? { id: { equals: user.id } } : false
}

/** Admins update anyone; others only themselves (field access keeps roles and department). */
const updateUsers: Access = ({ req }) => {
  const user = req.user as AccessUser | null
  if (isAdminUser(user)) {
    return true
  }
  return user && user.collection === slugs.users ? { id: { equals: user.id } } : false
}

export const buildUsers = (options: UsersPluginOptions): CollectionConfig => ({
  slug: slugs.users,
  graphQL: { pluralName: 'Users', singularName: 'User' },
  labels: {
    plural: { en: 'Users', vi: 'Người dùng' },
    singular: { en: 'User', vi: 'Người dùng' },
  },
  admin: {
    defaultColumns: ['email', 'name', 'roles', 'department'],
    group: { en: 'System', vi: 'Hệ thống' },
    useAsTitle: 'email',
  },
  auth: {
    // SERVER_URL on https: the session cookie only ever travels encrypted.
    cookies: { secure: options.secureCookies ?? false },
    lockTime: options.lockTimeMs ?? 10 * 60 * 1000,
    maxLoginAttempts: options.maxLoginAttempts ?? 20,
    // Payload's own interval writes outside the operation's transaction, which SQLite would
    // find locked; forgot-password is rate-limited per IP in src/http/rateLimit.ts instead.
    forgotPassword: { minRequestInterval: 0 },
    tokenExpiration: 8 * 60 * 60,
    useSessions: true,
  },
  access: {
    admin: ({ req }) => Boolean(req.user && req.user.collection === slugs.users),
    create: isAdmin,
    delete: isAdmin,
    read: readUsers,
    update: updateUsers,
    unlock: isAdmin,
  },
  hooks: { beforeOperation: [enforcePasswordPolicy], beforeValidate: [requireEditorDepartment] },
  fields: [
    {
      name: 'name',
      type: 'text',
      label: { en: 'Full name', vi: 'Họ và tên' },
      admin: { description: { en: 'Shown to colleagues.', vi: 'Tên hiển thị với đồng nghiệp.' } },
    },
    {
      name: 'roles',
      type: 'select',
      hasMany: true,
      required: true,
      defaultValue: ['editor'],
      options: ROLE_OPTIONS,
      saveToJWT: true,
      index: true,
      label: { en: 'Roles', vi: 'Vai trò' },
      access: { create: isAdminField, update: isAdminField },
      admin: {
        description: {
          en: 'Editors write for their department; the board (BBT) reviews and publishes.',
          vi: 'Biên tập viên viết bài cho đơn vị; Ban Biên tập duyệt và xuất bản.',
        },
      },
    },
    {
      name: 'department',
      type: 'relationship',
      relationTo: slugs.organizations,
      saveToJWT: true,
      index: true,
      // Required for editors (validated): an organization an account belongs to is not deleted.
      custom: { holdsReference: true },
      label: { en: 'Department', vi: 'Đơn vị' },
      access: { create: isAdminField, update: isAdminField },
      admin: {
        description: {
          en: 'Required for editors: they write only for this department.',
          vi: 'Bắt buộc với biên tập viên: chỉ viết cho đơn vị này.',
        },
      },
    },
  ],
})
