import type { CollectionConfig, Field } from 'payload'

import {
  createInDepartment,
  deleteDraftInDepartment,
  readPublishedOrDepartment,
  readVersionsInDepartment,
  updateInDepartment,
} from '../../src/access'
import {
  departmentField,
  forceOwnDepartment,
  refuseDepartmentMove,
} from '../../src/fields/department'
import { slugField } from '../../src/fields/slug'
import { slugs } from '../../src/slugs'
import { citationsField } from './fields/citations'
import { reviewFields } from './fields/review'
import { enforceWorkflow } from './hooks/enforceWorkflow'
import { setPublishedAt } from './hooks/setPublishedAt'

export const PLACEMENTS = [
  { label: { en: 'Top of home page', vi: 'Đầu trang chủ' }, value: 'top-page' },
  { label: { en: 'Desktop', vi: 'Máy tính' }, value: 'desktop' },
  { label: { en: 'Mobile', vi: 'Di động' }, value: 'mobile' },
  { label: { en: 'Featured', vi: 'Nổi bật' }, value: 'featured' },
]

type ArticlesCollectionArgs = {
  autosaveMs: number
  /** Which linked types exist; the article drops the links to absent ones. */
  present: { media: boolean; people: boolean; plans: boolean; topics: boolean }
}

const mentions = (present: ArticlesCollectionArgs['present']): Field[] => {
  const fields: Field[] = []
  if (present.people) {
    fields.push({
      name: 'people',
      type: 'relationship',
      relationTo: slugs.people,
      hasMany: true,
      label: { en: 'People mentioned', vi: 'Nhân sự được nhắc đến' },
    })
  }
  fields.push({
    name: 'organizations',
    type: 'relationship',
    relationTo: slugs.organizations,
    hasMany: true,
    label: { en: 'Organizations mentioned', vi: 'Cơ quan được nhắc đến' },
  })
  if (present.plans) {
    fields.push({
      name: 'plans',
      type: 'relationship',
      relationTo: slugs.plans,
      hasMany: true,
      label: { en: 'Plans cited', vi: 'Kế hoạch được dẫn' },
    })
  }
  fields.push(citationsField)
  return fields
}

export const buildArticles = ({ autosaveMs, present }: ArticlesCollectionArgs): CollectionConfig => {
  const hero: Field[] = present.media
    ? [
        {
          name: 'heroImage',
          type: 'upload',
          relationTo: slugs.media,
          label: { en: 'Hero image', vi: 'Ảnh đại diện' },
        },
      ]
    : []
  const topics: Field[] = present.topics
    ? [
        {
          name: 'topics',
          type: 'relationship',
          relationTo: slugs.topics,
          hasMany: true,
          index: true,
          label: { en: 'Topics', vi: 'Chuyên mục' },
          admin: { position: 'sidebar' },
        },
      ]
    : []
  return {
    slug: slugs.articles,
    graphQL: { pluralName: 'Articles', singularName: 'Article' },
    labels: {
      plural: { en: 'Articles', vi: 'Tin bài' },
      singular: { en: 'Article', vi: 'Tin bài' },
    },
    admin: {
      defaultColumns: ['title', 'reviewState', '_status', 'department', 'updatedAt'],
      group: { en: 'News', vi: 'Tin bài' },
      listSearchableFields: ['title', 'slug'],
      useAsTitle: 'title',
    },
    defaultSort: '-publishedAt',
    access: {
      create: createInDepartment,
      delete: deleteDraftInDepartment,
      read: readPublishedOrDepartment,
      readVersions: readVersionsInDepartment,
      update: updateInDepartment,
    },
    versions: {
      drafts: {
        autosave: autosaveMs > 0 ? { interval: autosaveMs } : false,
        schedulePublish: true,
      },
      maxPerDoc: 50,
    },
    hooks: {
      beforeOperation: [refuseDepartmentMove],
      beforeChange: [forceOwnDepartment, enforceWorkflow, setPublishedAt],
    },
    fields: [
      {
        name: 'title',
        type: 'text',
        required: true,
        localized: true,
        label: { en: 'Title', vi: 'Tiêu đề' },
      },
      {
        type: 'tabs',
        tabs: [
          {
            label: { en: 'Content', vi: 'Nội dung' },
            fields: [
              {
                name: 'summary',
                type: 'textarea',
                localized: true,
                label: { en: 'Summary', vi: 'Tóm tắt (sapo)' },
              },
              ...hero,
              {
                name: 'body',
                type: 'richText',
                localized: true,
                label: { en: 'Body', vi: 'Nội dung' },
              },
              {
                type: 'row',
                fields: [
                  {
                    name: 'byline',
                    type: 'text',
                    label: { en: 'Byline', vi: 'Tác giả, nguồn tin' },
                    admin: { description: { en: 'e.g. BBT', vi: 'Ví dụ: BBT' } },
                  },
                  {
                    name: 'eventDate',
                    type: 'date',
                    label: { en: 'Event date', vi: 'Ngày diễn ra sự kiện' },
                    admin: { date: { displayFormat: 'dd/MM/yyyy', pickerAppearance: 'dayOnly' } },
                  },
                  {
                    name: 'eventDateInferred',
                    type: 'checkbox',
                    label: { en: 'Year inferred', vi: 'Năm được suy ra' },
                    admin: {
                      description: {
                        en: 'The text gave no year; it was inferred from the latest full date.',
                        vi: 'Bài không ghi năm; năm được suy ra từ ngày đầy đủ gần nhất.',
                      },
                      readOnly: true,
                    },
                  },
                ],
              },
            ],
          },
          {
            label: { en: 'Links', vi: 'Liên kết' },
            description: {
              en: 'People, organizations and documents the article mentions.',
              vi: 'Nhân sự, cơ quan và văn bản được nhắc đến trong bài.',
            },
            fields: mentions(present),
          },
        ],
      },
      slugField({ from: 'title' }),
      {
        name: 'publishedAt',
        type: 'date',
        index: true,
        label: { en: 'Published at', vi: 'Ngày đăng' },
        admin: {
          date: { displayFormat: 'dd/MM/yyyy HH:mm', pickerAppearance: 'dayAndTime' },
          position: 'sidebar',
        },
      },
      departmentField(),
      ...reviewFields,
      ...topics,
      {
        name: 'placements',
        type: 'select',
        hasMany: true,
        options: PLACEMENTS,
        label: { en: 'Placements', vi: 'Vị trí hiển thị' },
        admin: { position: 'sidebar' },
      },
    ],
  }
}
