import type { CollectionConfig } from 'payload'

import type { AccessUser } from '../../src/access'
import { isAdmin, isAdminUser } from '../../src/access'
import { slugs } from '../../src/slugs'

export const API_SCOPES = [
  { label: { en: 'Read published content', vi: 'Đọc nội dung đã xuất bản' }, value: 'read' },
  { label: { en: 'Read drafts too', vi: 'Đọc cả bản nháp' }, value: 'read-drafts' },
]

/**
 * Integrators' keys. Send `Authorization: api-clients API-Key <key>`; untick "Enable API key" to
 * revoke. Clients are read-only: no scope grants writes.
 */
export const ApiClients: CollectionConfig = {
  slug: slugs.apiClients,
  graphQL: { pluralName: 'ApiClients', singularName: 'ApiClient' },
  labels: {
    plural: { en: 'API clients', vi: 'Ứng dụng tích hợp (API)' },
    singular: { en: 'API client', vi: 'Ứng dụng tích hợp' },
  },
  admin: {
    defaultColumns: ['name', 'scopes', 'enableAPIKey', 'updatedAt'],
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
          en: 'What the key may read; no key can write.',
          vi: 'Khóa được đọc những gì; không khóa nào được ghi.',
        },
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
