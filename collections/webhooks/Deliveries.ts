import type { CollectionConfig } from 'payload'

import type { AccessUser } from '../../src/access'
import { isAdmin, isAdminUser, nobody } from '../../src/access'
import { DELIVERIES, WEBHOOKS } from './types'

/** One record per attempt, written by the delivery task as system work; admins read them. */
export const Deliveries: CollectionConfig = {
  slug: DELIVERIES,
  graphQL: { pluralName: 'WebhookDeliveries', singularName: 'WebhookDelivery' },
  labels: {
    plural: { en: 'Webhook deliveries', vi: 'Lần gửi webhook' },
    singular: { en: 'Webhook delivery', vi: 'Lần gửi webhook' },
  },
  admin: {
    defaultColumns: ['createdAt', 'event', 'webhook', 'attempt', 'ok', 'status', 'error'],
    group: { en: 'System', vi: 'Hệ thống' },
    hidden: ({ user }) => !isAdminUser(user as AccessUser),
    useAsTitle: 'event',
  },
  defaultSort: '-createdAt',
  access: { create: nobody, delete: nobody, read: isAdmin, update: nobody },
  disableDuplicate: true,
  fields: [
    {
      name: 'webhook',
      type: 'relationship',
      relationTo: WEBHOOKS,
      index: true,
      label: { en: 'Webhook', vi: 'Webhook' },
    },
    {
      type: 'row',
      fields: [
        { name: 'event', type: 'text', index: true, label: { en: 'Event', vi: 'Sự kiện' } },
        { name: 'messageId', type: 'text', label: { en: 'Message id', vi: 'Mã thông điệp' } },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'targetCollection',
          type: 'text',
          label: { en: 'Collection', vi: 'Loại nội dung' },
        },
        { name: 'targetId', type: 'text', label: { en: 'Record id', vi: 'Mã bản ghi' } },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'attempt', type: 'number', label: { en: 'Attempt', vi: 'Lần thử' } },
        { name: 'ok', type: 'checkbox', label: { en: 'Succeeded', vi: 'Thành công' } },
        {
          name: 'final',
          type: 'checkbox',
          index: true,
          label: { en: 'Last attempt', vi: 'Lần thử cuối' },
        },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'status', type: 'number', label: { en: 'HTTP status', vi: 'Mã trạng thái HTTP' } },
        {
          name: 'durationMs',
          type: 'number',
          label: { en: 'Duration (ms)', vi: 'Thời gian (ms)' },
        },
      ],
    },
    { name: 'error', type: 'text', label: { en: 'Error', vi: 'Lỗi' } },
  ],
}
