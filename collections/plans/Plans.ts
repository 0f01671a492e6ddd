import type { CollectionConfig, Field } from 'payload'

import { copiesStartAsDrafts, departmentScopedAccess } from '../../src/access'
import {
  departmentField,
  forceOwnDepartment,
  refuseDepartmentMove,
} from '../../src/fields/department'
import { slugField } from '../../src/fields/slug'
import { foldSearchKeyQuery, SEARCH_KEY, searchKeyField } from '../../src/fields/searchKey'
import { validateUnique } from '../../src/fields/unique'
import { slugs } from '../../src/slugs'
import { resolveIssuer } from './hooks/resolveIssuer'
import { plansBulkImport } from './bulkImport'

export const PLAN_STATUSES = [
  { label: { en: 'Draft', vi: 'Dự thảo' }, value: 'draft' },
  { label: { en: 'In effect', vi: 'Đang thực hiện' }, value: 'in-effect' },
  { label: { en: 'Completed', vi: 'Đã hoàn thành' }, value: 'completed' },
  { label: { en: 'Superseded', vi: 'Đã được thay thế' }, value: 'superseded' },
]

type PlansCollectionArgs = {
  /** Whether the media collection exists, for attachments. */
  withMedia: boolean
}

export const buildPlans = ({ withMedia }: PlansCollectionArgs): CollectionConfig => {
  const attachments: Field[] = withMedia
    ? [
        {
          name: 'attachments',
          type: 'upload',
          relationTo: slugs.media,
          hasMany: true,
          label: { en: 'Attachments (PDF)', vi: 'Tệp đính kèm (PDF)' },
          filterOptions: { mimeType: { equals: 'application/pdf' } },
          admin: {
            description: {
              en: 'The signed document as PDF.',
              vi: 'Bản PDF của văn bản đã ký.',
            },
          },
        },
      ]
    : []
  return {
    slug: slugs.plans,
    custom: { bulkImport: plansBulkImport },
    graphQL: { pluralName: 'Plans', singularName: 'Plan' },
    labels: {
      plural: { en: 'Plans', vi: 'Kế hoạch' },
      singular: { en: 'Plan', vi: 'Kế hoạch' },
    },
    admin: {
      defaultColumns: ['number', 'issuedOn', 'issuer', 'title', '_status'],
      group: { en: 'Documents', vi: 'Văn bản' },
      description: {
        en: 'Official plans by number, issuer and date of issue.',
        vi: 'Kế hoạch theo số, cơ quan ban hành và ngày ban hành.',
      },
      listSearchableFields: [SEARCH_KEY],
      useAsTitle: 'number',
    },
    defaultSort: '-issuedOn',
    access: departmentScopedAccess,
    versions: { drafts: true, maxPerDoc: 20 },
    hooks: {
      beforeOperation: [copiesStartAsDrafts, refuseDepartmentMove, foldSearchKeyQuery],
      beforeChange: [forceOwnDepartment],
      beforeValidate: [resolveIssuer],
    },
    fields: [
      {
        type: 'row',
        fields: [
          {
            name: 'number',
            type: 'text',
            required: true,
            unique: true,
            index: true,
            label: { en: 'Number', vi: 'Số, ký hiệu' },
            validate: validateUnique({
              collection: slugs.plans,
              field: 'number',
              message: 'Số kế hoạch này đã có (this plan number already exists).',
            }),
            admin: {
              description: {
                en: 'As written, e.g. 82/KH-BQLKKT',
                vi: 'Như trên văn bản, ví dụ 82/KH-BQLKKT',
              },
            },
          },
          {
            name: 'issuedOn',
            type: 'date',
            required: true,
            index: true,
            label: { en: 'Issued on', vi: 'Ngày ban hành' },
            admin: {
              date: { displayFormat: 'dd/MM/yyyy', pickerAppearance: 'dayOnly' },
              description: {
                en: 'As on the document.',
                vi: 'Như ghi trên văn bản (ngày/tháng/năm).',
              },
            },
          },
        ],
      },
      {
        name: 'title',
        type: 'text',
        required: true,
        localized: true,
        label: { en: 'Subject', vi: 'Trích yếu (về việc)' },
        admin: {
          description: {
            en: 'What the plan is about, as in its heading.',
            vi: 'Nội dung kế hoạch, như phần "về việc" trên văn bản.',
          },
        },
      },
      {
        type: 'row',
        fields: [
          {
            name: 'issuer',
            type: 'relationship',
            relationTo: slugs.organizations,
            index: true,
            label: { en: 'Issuer', vi: 'Cơ quan ban hành' },
            admin: {
              description: {
                en: "Found from the number's code when left empty.",
                vi: 'Để trống sẽ tìm theo ký hiệu trong số văn bản.',
              },
            },
          },
          {
            name: 'periodYear',
            type: 'number',
            min: 1945,
            max: 2200,
            label: { en: 'For year', vi: 'Năm thực hiện' },
            admin: { description: { en: 'e.g. 2024', vi: 'Ví dụ: 2024' } },
          },
          {
            name: 'status',
            type: 'select',
            defaultValue: 'in-effect',
            // PostgreSQL: the default name, enum_plans_status, is the drafts' _status enum already.
            enumName: 'enum_plans_effect_status',
            options: PLAN_STATUSES,
            label: { en: 'Status', vi: 'Tình trạng' },
            admin: {
              description: { en: 'Whether it is still in effect.', vi: 'Còn hiệu lực hay không.' },
            },
          },
        ],
      },
      ...attachments,
      {
        name: 'supersedes',
        type: 'relationship',
        relationTo: slugs.plans,
        label: { en: 'Supersedes', vi: 'Thay thế kế hoạch' },
        admin: {
          description: {
            en: 'The earlier plan this one replaces, if any.',
            vi: 'Kế hoạch cũ mà kế hoạch này thay thế (nếu có).',
          },
        },
      },
      slugField({ from: 'number' }),
      searchKeyField({
        from: ['number', 'title'],
        label: { en: 'number or subject', vi: 'số hiệu, trích yếu (gõ có dấu hay không đều được)' },
        localized: true,
      }),
      departmentField(),
    ],
  }
}
