import type { CollectionConfig, Option } from 'payload'

import type { AccessUser } from '../../src/access'
import { isAdmin, isAdminUser } from '../../src/access'
import { readWebhookSettings } from '../../src/lib/env/webhooks'
import { secretProblemOf, targetRefusalOf, urlProblemOf } from '../../src/lib/webhooks'
import { giveSecretOnce, keepSecretHidden } from './hooks/secret'
import { notePause } from './hooks/notePause'
import { WEBHOOKS } from './types'

const ACTION_LABELS: Record<string, string> = {
  created: 'tạo mới',
  deleted: 'xóa',
  published: 'xuất bản',
  unpublished: 'gỡ xuất bản',
  updated: 'cập nhật',
}

const TYPE_LABELS: Record<string, string> = {
  article: 'Bài viết',
  organization: 'Cơ quan, tổ chức',
  person: 'Nhân sự',
  plan: 'Kế hoạch',
}

const optionOf = (event: string): Option => {
  const [type = '', action = ''] = event.split('.')
  return { label: `${TYPE_LABELS[type] ?? type}: ${ACTION_LABELS[action] ?? action}`, value: event }
}

/** Admin-only: where to send which events, signed with the webhook's secret. */
export const Webhooks = (events: string[]): CollectionConfig => ({
  slug: WEBHOOKS,
  labels: {
    plural: { en: 'Webhooks', vi: 'Webhook' },
    singular: { en: 'Webhook', vi: 'Webhook' },
  },
  admin: {
    defaultColumns: ['url', 'events', 'active', 'pausedAt'],
    group: { en: 'System', vi: 'Hệ thống' },
    hidden: ({ user }) => !isAdminUser(user as AccessUser),
    useAsTitle: 'url',
  },
  access: { create: isAdmin, delete: isAdmin, read: isAdmin, update: isAdmin },
  disableDuplicate: true,
  hooks: {
    afterChange: [giveSecretOnce],
    beforeChange: [notePause],
    beforeValidate: [keepSecretHidden],
  },
  fields: [
    {
      name: 'url',
      type: 'text',
      required: true,
      label: { en: 'URL', vi: 'Địa chỉ nhận (URL)' },
      // Checked again at each delivery: a name may resolve elsewhere by then.
      validate: async (value: null | string | undefined) => {
        const problem = urlProblemOf(value)
        if (problem) {
          return problem
        }
        return (await targetRefusalOf(value!, readWebhookSettings().allowPrivate)) ?? true
      },
    },
    {
      name: 'events',
      type: 'select',
      hasMany: true,
      required: true,
      options: events.map(optionOf),
      label: { en: 'Events', vi: 'Sự kiện' },
    },
    {
      name: 'secret',
      type: 'text',
      // Never read back by anyone, through any door; the create answer carries it once.
      access: { read: () => false },
      admin: {
        description: {
          en: 'whsec_… (Standard Webhooks). Left empty, one is generated and shown once in the answer to the create request.',
          vi: 'Dạng whsec_… (Standard Webhooks). Để trống thì hệ thống tự tạo và chỉ trả về một lần khi tạo.',
        },
      },
      label: { en: 'Signing secret', vi: 'Khóa ký' },
      validate: (value: null | string | undefined) =>
        value === undefined || value === null ? true : (secretProblemOf(value) ?? true),
    },
    {
      name: 'active',
      type: 'checkbox',
      defaultValue: true,
      label: { en: 'Active', vi: 'Đang hoạt động' },
    },
    {
      name: 'description',
      type: 'text',
      label: { en: 'Note', vi: 'Ghi chú' },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'pausedAt',
          type: 'date',
          admin: { date: { pickerAppearance: 'dayAndTime' }, readOnly: true },
          label: { en: 'Paused at', vi: 'Tạm dừng lúc' },
        },
        {
          name: 'pausedReason',
          type: 'text',
          admin: { readOnly: true },
          label: { en: 'Why paused', vi: 'Lý do tạm dừng' },
        },
      ],
    },
    {
      name: 'activeSince',
      type: 'date',
      // Pausing counts only the failures since the webhook was last turned on.
      admin: { hidden: true },
    },
  ],
})
