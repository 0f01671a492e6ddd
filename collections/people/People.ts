import type { CollectionConfig, Field } from 'payload'

import { copiesStartAsDrafts, departmentScopedAccess } from '../../src/access'
import {
  departmentField,
  forceOwnDepartment,
  refuseDepartmentMove,
} from '../../src/fields/department'
import { slugField } from '../../src/fields/slug'
import { foldSearchKeyQuery, SEARCH_KEY, searchKeyField } from '../../src/fields/searchKey'
import { slugs } from '../../src/slugs'
import { markCurrentPositions } from './hooks/markCurrentPositions'
import { notePersonRenders, personJsonLdField } from './jsonLd'
import { summarizePositions } from './hooks/summarizePositions'
import { peopleBulkImport } from './bulkImport'
import { HONORIFICS } from '../../src/lib/people/honorifics'

export { HONORIFICS }

type PeopleCollectionArgs = {
  /** Whether the media collection exists, for the portrait. */
  withMedia: boolean
}

export const buildPeople = ({ withMedia }: PeopleCollectionArgs): CollectionConfig => {
  const photo: Field[] = withMedia
    ? [
        {
          name: 'photo',
          type: 'upload',
          relationTo: slugs.media,
          label: { en: 'Photo', vi: 'Ảnh chân dung' },
          admin: {
            description: { en: 'For the staff directory.', vi: 'Dùng cho danh bạ nhân sự.' },
          },
        },
      ]
    : []
  return {
    slug: slugs.people,
    custom: { bulkImport: peopleBulkImport },
    graphQL: { pluralName: 'People', singularName: 'Person' },
    labels: {
      plural: { en: 'People', vi: 'Nhân sự' },
      singular: { en: 'Person', vi: 'Nhân sự' },
    },
    admin: {
      defaultColumns: ['name', 'positionsSummary', 'department', '_status'],
      description: {
        en: 'The staff directory: people with their current positions.',
        vi: 'Danh bạ nhân sự: họ tên và chức vụ hiện giữ.',
      },
      group: { en: 'Directory', vi: 'Danh bạ' },
      listSearchableFields: [SEARCH_KEY],
      useAsTitle: 'name',
    },
    access: departmentScopedAccess,
    versions: { drafts: true, maxPerDoc: 20 },
    hooks: {
      afterRead: [markCurrentPositions],
      beforeOperation: [
        copiesStartAsDrafts,
        refuseDepartmentMove,
        notePersonRenders,
        foldSearchKeyQuery,
      ],
      beforeChange: [forceOwnDepartment, summarizePositions],
    },
    fields: [
      {
        type: 'row',
        fields: [
          {
            name: 'honorific',
            type: 'select',
            options: HONORIFICS,
            label: { en: 'Honorific', vi: 'Danh xưng' },
            admin: {
              description: { en: 'How articles address them.', vi: 'Cách gọi trong bài viết.' },
              width: '25%',
            },
          },
          {
            name: 'name',
            type: 'text',
            required: true,
            index: true,
            label: { en: 'Full name', vi: 'Họ và tên' },
            admin: {
              description: {
                en: 'As written in articles, e.g. Nguyễn Văn Bình.',
                vi: 'Như trong bài viết, ví dụ Nguyễn Văn Bình.',
              },
            },
          },
        ],
      },
      ...photo,
      {
        name: 'positionsSummary',
        type: 'text',
        label: { en: 'Current positions', vi: 'Chức vụ hiện giữ' },
        // Computed by summarizePositions on every save; nobody types it.
        access: { create: () => false, update: () => false },
        admin: {
          description: {
            en: 'Made on save from the positions below that have not ended.',
            vi: 'Tự tạo khi lưu, từ các chức vụ bên dưới chưa kết thúc.',
          },
          readOnly: true,
        },
      },
      {
        name: 'positions',
        type: 'array',
        label: { en: 'Positions', vi: 'Chức vụ' },
        labels: {
          plural: { en: 'Positions', vi: 'Chức vụ' },
          singular: { en: 'Position', vi: 'Chức vụ' },
        },
        admin: {
          components: { RowLabel: '/components/rowLabels#PositionRowLabel' },
          description: {
            en: 'Each office held, with its organization; an empty end date means current.',
            vi: 'Mỗi chức vụ kèm cơ quan; để trống ngày kết thúc nghĩa là đang giữ.',
          },
        },
        fields: [
          {
            type: 'row',
            fields: [
              {
                name: 'title',
                type: 'text',
                required: true,
                label: { en: 'Title', vi: 'Chức danh' },
                admin: { description: { en: 'e.g. Phó Giám đốc', vi: 'Ví dụ: Phó Giám đốc' } },
              },
              {
                name: 'organization',
                type: 'relationship',
                relationTo: slugs.organizations,
                required: true,
                label: { en: 'Organization', vi: 'Cơ quan' },
                admin: { description: { en: 'Where the office is held.', vi: 'Nơi giữ chức vụ.' } },
              },
            ],
          },
          {
            type: 'row',
            fields: [
              {
                name: 'startDate',
                type: 'date',
                label: { en: 'From', vi: 'Từ ngày' },
                admin: { date: { displayFormat: 'dd/MM/yyyy', pickerAppearance: 'dayOnly' } },
              },
              {
                name: 'endDate',
                type: 'date',
                label: { en: 'Until', vi: 'Đến ngày' },
                admin: {
                  date: { displayFormat: 'dd/MM/yyyy', pickerAppearance: 'dayOnly' },
                  description: { en: 'Empty while still held.', vi: 'Để trống nếu đang giữ.' },
                },
              },
              {
                name: 'current',
                type: 'checkbox',
                virtual: true,
                label: { en: 'Current', vi: 'Đang giữ' },
                admin: { readOnly: true },
              },
            ],
          },
        ],
      },
      {
        name: 'contact',
        type: 'group',
        label: { en: 'Public contact (staff directory)', vi: 'Liên hệ công khai (danh bạ)' },
        fields: [
          {
            type: 'row',
            fields: [
              { name: 'email', type: 'email', label: { en: 'Email', vi: 'Thư điện tử' } },
              { name: 'phone', type: 'text', label: { en: 'Phone', vi: 'Điện thoại' } },
              { name: 'office', type: 'text', label: { en: 'Office', vi: 'Phòng làm việc' } },
            ],
          },
        ],
      },
      {
        name: 'bio',
        type: 'textarea',
        localized: true,
        label: { en: 'Biography', vi: 'Tiểu sử' },
        admin: {
          description: { en: 'A short public biography.', vi: 'Tiểu sử tóm tắt, công khai.' },
        },
      },
      slugField({ from: 'name' }),
      searchKeyField({
        from: ['name', 'positionsSummary'],
        label: { en: 'name or position', vi: 'họ tên, chức vụ (gõ có dấu hay không đều được)' },
      }),
      departmentField(),
      personJsonLdField,
    ],
  }
}
