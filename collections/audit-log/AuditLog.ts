import type { CollectionConfig } from 'payload'

import type { AccessUser } from '../../src/access'
import { isBoard, isBoardUser, nobody } from '../../src/access'
import { slugs } from '../../src/slugs'

export const AUDIT_ACTIONS = [
  { label: { en: 'Create', vi: 'Tạo mới' }, value: 'create' },
  { label: { en: 'Update', vi: 'Cập nhật' }, value: 'update' },
  { label: { en: 'Delete', vi: 'Xóa' }, value: 'delete' },
  { label: { en: 'Submit', vi: 'Gửi duyệt' }, value: 'submit' },
  { label: { en: 'Publish', vi: 'Xuất bản' }, value: 'publish' },
  { label: { en: 'Unpublish', vi: 'Gỡ xuất bản' }, value: 'unpublish' },
  { label: { en: 'Return', vi: 'Trả lại' }, value: 'return' },
  { label: { en: 'Login', vi: 'Đăng nhập' }, value: 'login' },
  { label: { en: 'Failed login', vi: 'Đăng nhập thất bại' }, value: 'failed-login' },
  { label: { en: 'Logout', vi: 'Đăng xuất' }, value: 'logout' },
  {
    label: { en: 'Password reset requested', vi: 'Yêu cầu đặt lại mật khẩu' },
    value: 'password-reset-request',
  },
  { label: { en: 'Password reset', vi: 'Đặt lại mật khẩu' }, value: 'password-reset' },
  {
    label: { en: 'Two-step sign-in turned on', vi: 'Bật xác thực hai bước' },
    value: 'two-factor-enable',
  },
  {
    label: { en: 'Two-step sign-in turned off', vi: 'Tắt xác thực hai bước' },
    value: 'two-factor-disable',
  },
  {
    label: { en: 'Two-step sign-in reset', vi: 'Đặt lại xác thực hai bước' },
    value: 'two-factor-reset',
  },
  {
    label: { en: 'Recovery code used', vi: 'Dùng mã khôi phục' },
    value: 'recovery-code-used',
  },
  { label: { en: 'Session ended', vi: 'Kết thúc phiên' }, value: 'session-end' },
]

/** Append-only: written by hooks as system work, readable by the board, changeable by nobody. */
export const AuditLog: CollectionConfig = {
  slug: slugs.auditLog,
  graphQL: { pluralName: 'AuditLog', singularName: 'AuditRecord' },
  labels: {
    plural: { en: 'Audit log', vi: 'Nhật ký hoạt động' },
    singular: { en: 'Audit record', vi: 'Bản ghi nhật ký' },
  },
  admin: {
    defaultColumns: ['createdAt', 'action', 'actorEmail', 'targetCollection', 'targetId'],
    group: { en: 'System', vi: 'Hệ thống' },
    hidden: ({ user }) => !isBoardUser(user as AccessUser),
    useAsTitle: 'action',
  },
  defaultSort: '-createdAt',
  access: { create: nobody, delete: nobody, read: isBoard, update: nobody },
  disableDuplicate: true,
  fields: [
    {
      type: 'row',
      fields: [
        {
          name: 'action',
          type: 'select',
          required: true,
          index: true,
          options: AUDIT_ACTIONS,
          label: { en: 'Action', vi: 'Hành động' },
        },
        {
          name: 'actor',
          type: 'relationship',
          relationTo: slugs.users,
          index: true,
          label: { en: 'Actor', vi: 'Người thực hiện' },
        },
        { name: 'actorEmail', type: 'text', label: { en: 'Actor email', vi: 'Email' } },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'targetCollection',
          type: 'text',
          index: true,
          label: { en: 'Collection', vi: 'Loại nội dung' },
        },
        {
          name: 'targetId',
          type: 'text',
          index: true,
          label: { en: 'Record id', vi: 'Mã bản ghi' },
        },
        { name: 'ip', type: 'text', label: { en: 'IP address', vi: 'Địa chỉ IP' } },
      ],
    },
    {
      name: 'changedFields',
      type: 'text',
      hasMany: true,
      label: { en: 'Changed fields', vi: 'Trường thay đổi' },
    },
    { name: 'note', type: 'text', label: { en: 'Note', vi: 'Ghi chú' } },
  ],
}
