import type { CollectionConfig } from 'payload'

import { anyone, isBoard } from '../../src/access'
import { slugField } from '../../src/fields/slug'
import { slugs } from '../../src/slugs'

/** A small nested taxonomy for articles (e.g. Cải cách hành chính). */
export const Topics: CollectionConfig = {
  slug: slugs.topics,
  graphQL: { pluralName: 'Topics', singularName: 'Topic' },
  labels: {
    plural: { en: 'Topics', vi: 'Chuyên mục' },
    singular: { en: 'Topic', vi: 'Chuyên mục' },
  },
  admin: {
    defaultColumns: ['name', 'parent', 'slug'],
    group: { en: 'News', vi: 'Tin bài' },
    useAsTitle: 'name',
  },
  access: { create: isBoard, delete: isBoard, read: anyone, update: isBoard },
  fields: [
    {
      name: 'name',
      type: 'text',
      required: true,
      localized: true,
      label: { en: 'Name', vi: 'Tên chuyên mục' },
      admin: {
        description: { en: 'e.g. Cải cách hành chính', vi: 'Ví dụ: Cải cách hành chính' },
      },
    },
    {
      name: 'description',
      type: 'textarea',
      localized: true,
      label: { en: 'Description', vi: 'Mô tả' },
      admin: {
        description: { en: 'Shown on the topic page.', vi: 'Hiện ở trang chuyên mục.' },
      },
    },
    slugField({ from: 'name' }),
  ],
}
