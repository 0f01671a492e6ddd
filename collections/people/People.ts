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
import { markCurrentPositions } from './hooks/markCurrentPositions'

/** ASCII values: GraphQL enum names cannot hold Vietnamese letters; labels show the words. */
export const HONORIFICS = [
  { label: 'ông', value: 'ong' },
  { label: 'bà', value: 'ba' },
  { label: 'đồng chí', value: 'dong-chi' },
]

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
        },
      ]
    : []
  return {
    slug: slugs.people,
    graphQL: { pluralName: 'People', singularName: 'Person' },
    labels: {
      plural: { en: 'People', vi: 'Nhân sự' },
      singular: { en: 'Person', vi: 'Nhân sự' },
    },
    admin: {
      defaultColumns: ['name', 'positions', 'department', '_status'],
      group: { en: 'Directory', vi: 'Danh bạ' },
      listSearchableFields: ['name'],
      useAsTitle: 'name',
    },
    access: {
      create: createInDepartment,
      delete: deleteDraftInDepartment,
      read: readPublishedOrDepartment,
      readVersions: readVersionsInDepartment,
      update: updateInDepartment,
    },
    versions: { drafts: true, maxPerDoc: 20 },
    hooks: {
      afterRead: [markCurrentPositions],
      beforeOperation: [refuseDepartmentMove],
      beforeChange: [forceOwnDepartment],
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
            admin: { width: '25%' },
          },
          {
            name: 'name',
            type: 'text',
            required: true,
            index: true,
            label: { en: 'Full name', vi: 'Họ và tên' },
          },
        ],
      },
      ...photo,
      {
        name: 'positions',
        type: 'array',
        label: { en: 'Positions', vi: 'Chức vụ' },
        labels: {
          plural: { en: 'Positions', vi: 'Chức vụ' },
          singular: { en: 'Position', vi: 'Chức vụ' },
        },
        admin: {
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
              },
              {
                name: 'organization',
                type: 'relationship',
                relationTo: slugs.organizations,
                required: true,
                label: { en: 'Organization', vi: 'Cơ quan' },
              },
            ],
          },
          {
            type: 'row',
            fields: [
              { name: 'startDate', type: 'date', label: { en: 'From', vi: 'Từ ngày' } },
              { name: 'endDate', type: 'date', label: { en: 'Until', vi: 'Đến ngày' } },
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
      },
      slugField({ from: 'name' }),
      departmentField(),
    ],
  }
}
