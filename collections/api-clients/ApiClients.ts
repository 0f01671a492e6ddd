import type { CollectionConfig } from 'payload'

import type { AccessUser } from '../../src/access'
import { isAdmin, isAdminUser } from '../../src/access'
import { slugs } from '../../src/slugs'

export const API_SCOPES = [
  { label: { en: 'Read published content', vi: 'Đọc nội dung đã xuất bản' }, value: 'read' },
  { label: { en: 'Read drafts too', vi: 'Đọc cả bản nháp' }, value: 'read-drafts' },
]

/** What a key may change: nothing, or drafts of its department's articles. */
export const API_WRITE_SCOPES = [
  { label: { en: 'Read only', vi: 'Chỉ đọc' }, value: 'read' },
  {
    label: { en: "Write drafts of its department's articles", vi: 'Ghi bản nháp bài của đơn vị' },
    value: 'write',
  },
]

/**
 * Integrators' keys. Send `Authorization: api-clients API-Key <key>` or `Bearer <key>`; untick
 * "Enable API key" to revoke, or let `expiresAt` pass. A `write` key with a department writes
 * drafts of that department's articles, as an editor would; it never publishes or deletes.
 */
export const ApiClients: CollectionConfig = {
  slug: slugs.apiClients,
  graphQL: { pluralName: 'ApiClients', singularName: 'ApiClient' },
  labels: {
    plural: { en: 'API clients', vi: 'Ứng dụng tích hợp (API)' },
    singular: { en: 'API client', vi: 'Ứng dụng tích hợp' },
  },
  admin: {
    defaultColumns: ['name', 'scopes', 'scope', 'expiresAt', 'lastUsedAt', 'enableAPIKey'],
    group: { en: 'System', vi: 'Hệ thống' },
    hidden: ({ user }) => !isAdminUser(user as AccessUser),
    useAsTitle: 'name',
  },
  auth: { disableLocalStrategy: true, useAPIKey: true },
  access: {
    admin: () => false,
    create: isAdmin,
    delete: isAdmin,
    read: isAdmin,
    update: isAdmin,
  },
  fields: [
    {
      name: 'name',
      type: 'text',
      required: true,
      label: { en: 'Name', vi: 'Tên ứng dụng' },
      admin: { description: { en: 'e.g. Portal frontend', vi: 'Ví dụ: Giao diện cổng thông tin' } },
    },
    {
      name: 'scopes',
      type: 'select',
      hasMany: true,
      defaultValue: ['read'],
      options: API_SCOPES,
      label: { en: 'Scopes', vi: 'Phạm vi quyền' },
      admin: {
        description: {
          en: 'What the key may read.',
          vi: 'Khóa được đọc những gì.',
        },
      },
    },
    {
      name: 'scope',
      type: 'select',
      defaultValue: 'read',
      options: API_WRITE_SCOPES,
      label: { en: 'Writes', vi: 'Quyền ghi' },
      admin: {
        description: {
          en: 'A write key needs a department; it never publishes or deletes.',
          vi: 'Khóa được ghi cần có đơn vị; khóa không bao giờ xuất bản hay xóa bài.',
        },
      },
    },
    {
      name: 'department',
      type: 'relationship',
      relationTo: slugs.organizations,
      // Required for write keys (validated): an organization a key belongs to is not deleted.
      custom: { holdsReference: true },
      label: { en: 'Department', vi: 'Đơn vị' },
      // Without one a write key could write nothing; say so rather than save a useless key.
      validate: (value: unknown, { siblingData }: { siblingData: Record<string, unknown> }) =>
        siblingData.scope === 'write' && (value === null || value === undefined)
          ? 'Khóa được ghi cần có đơn vị (a write key needs a department).'
          : true,
      admin: {
        description: {
          en: 'The department whose article drafts a write key may create and edit.',
          vi: 'Đơn vị mà khóa được tạo và sửa bản nháp bài viết.',
        },
      },
    },
    {
      name: 'expiresAt',
      type: 'date',
      label: { en: 'Expires at', vi: 'Hết hạn lúc' },
      admin: {
        date: { pickerAppearance: 'dayAndTime' },
        description: {
          en: 'Empty: never. From then on the key is refused with 401.',
          vi: 'Để trống: không hết hạn. Sau thời điểm này khóa bị từ chối (401).',
        },
      },
    },
    {
      name: 'lastUsedAt',
      type: 'date',
      label: { en: 'Last used at', vi: 'Dùng lần cuối lúc' },
      // Written by the server (at most once a minute per key), never by a person.
      access: { create: () => false, update: () => false },
      admin: {
        date: { pickerAppearance: 'dayAndTime' },
        description: {
          en: 'Accurate to about a minute.',
          vi: 'Chính xác đến khoảng một phút.',
        },
        readOnly: true,
      },
    },
    {
      name: 'contact',
      type: 'text',
      label: { en: 'Contact', vi: 'Người liên hệ' },
      admin: {
        description: { en: 'Who to call about this key.', vi: 'Người phụ trách khóa này.' },
      },
    },
  ],
}
