import type { CollectionConfig } from 'payload'

import { isBoard, isStaffUser, readsDrafts } from '../../src/access'
import type { AccessUser } from '../../src/access'
import { slugField } from '../../src/fields/slug'
import { foldSearchKeyQuery, SEARCH_KEY, searchKeyField } from '../../src/fields/searchKey'
import { slugs } from '../../src/slugs'
import { noteOrganizationRenders, organizationJsonLdField } from './jsonLd'
import { organizationsBulkImport } from './bulkImport'

export const ORGANIZATION_KINDS = [
  { label: { en: "People's Committee", vi: 'Ủy ban nhân dân' }, value: 'ubnd' },
  { label: { en: "People's Council", vi: 'Hội đồng nhân dân' }, value: 'hdnd' },
  { label: { en: 'Party committee', vi: 'Cấp ủy Đảng' }, value: 'party' },
  { label: { en: 'Department (Sở)', vi: 'Sở' }, value: 'so' },
  { label: { en: 'Board (Ban)', vi: 'Ban' }, value: 'ban' },
  { label: { en: 'Office (Phòng)', vi: 'Phòng' }, value: 'phong' },
  { label: { en: 'Ministry', vi: 'Bộ, ngành trung ương' }, value: 'bo' },
  { label: { en: 'Inspection team', vi: 'Đoàn kiểm tra' }, value: 'doan' },
  { label: { en: 'Public service unit', vi: 'Đơn vị sự nghiệp' }, value: 'su-nghiep' },
  { label: { en: 'Enterprise', vi: 'Doanh nghiệp' }, value: 'doanh-nghiep' },
  { label: { en: 'Other', vi: 'Khác' }, value: 'other' },
]

export const Organizations: CollectionConfig = {
  slug: slugs.organizations,
  custom: { bulkImport: organizationsBulkImport },
  graphQL: { pluralName: 'Organizations', singularName: 'Organization' },
  labels: {
    plural: { en: 'Organizations', vi: 'Cơ quan, đơn vị' },
    singular: { en: 'Organization', vi: 'Cơ quan, đơn vị' },
  },
  hooks: { beforeOperation: [noteOrganizationRenders, foldSearchKeyQuery] },
  admin: {
    defaultColumns: ['name', 'shortName', 'kind', 'parent', '_status'],
    group: { en: 'Directory', vi: 'Danh bạ' },
    description: {
      en: 'Agencies, departments and boards; only the board (BBT) edits them.',
      vi: 'Cơ quan, sở, ban, ngành; chỉ Ban Biên tập được sửa.',
    },
    listSearchableFields: [SEARCH_KEY],
    useAsTitle: 'name',
  },
  // Organizations are shared reference data: the board curates them, everyone reads published ones.
  access: {
    create: isBoard,
    delete: isBoard,
    read: ({ req }) =>
      isStaffUser(req.user as AccessUser | null) || readsDrafts(req.user as AccessUser | null)
        ? true
        : { _status: { equals: 'published' } },
    readVersions: isBoard,
    update: isBoard,
  },
  versions: { drafts: true, maxPerDoc: 20 },
  fields: [
    {
      name: 'name',
      type: 'text',
      required: true,
      localized: true,
      label: { en: 'Name', vi: 'Tên cơ quan, đơn vị' },
      admin: {
        description: {
          en: 'Full official name, e.g. Sở Nội vụ.',
          vi: 'Tên đầy đủ, chính thức, ví dụ Sở Nội vụ.',
        },
      },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'shortName',
          type: 'text',
          index: true,
          label: { en: 'Short name', vi: 'Tên viết tắt' },
          admin: { description: { en: 'e.g. BQLKKT, SNV, UBND', vi: 'Ví dụ: BQLKKT, SNV, UBND' } },
        },
        {
          name: 'documentCode',
          type: 'text',
          index: true,
          label: { en: 'Document code', vi: 'Ký hiệu trên văn bản' },
          admin: {
            description: {
              en: 'The code in its document numbers, e.g. BQLKKT in 82/KH-BQLKKT',
              vi: 'Ký hiệu trong số văn bản, ví dụ BQLKKT trong 82/KH-BQLKKT',
            },
          },
        },
        {
          name: 'kind',
          type: 'select',
          options: ORGANIZATION_KINDS,
          label: { en: 'Kind', vi: 'Loại hình' },
          admin: { description: { en: 'Sở, Ban, UBND…', vi: 'Sở, Ban, UBND…' } },
        },
      ],
    },
    {
      name: 'contact',
      type: 'group',
      label: { en: 'Contact', vi: 'Liên hệ' },
      admin: {
        description: { en: 'Published on the portal.', vi: 'Được công khai trên cổng thông tin.' },
      },
      fields: [
        { name: 'address', type: 'text', label: { en: 'Address', vi: 'Địa chỉ' } },
        {
          type: 'row',
          fields: [
            { name: 'phone', type: 'text', label: { en: 'Phone', vi: 'Điện thoại' } },
            { name: 'email', type: 'email', label: { en: 'Email', vi: 'Thư điện tử' } },
            { name: 'website', type: 'text', label: { en: 'Website', vi: 'Trang thông tin' } },
          ],
        },
      ],
    },
    {
      name: 'description',
      type: 'textarea',
      localized: true,
      label: { en: 'Description', vi: 'Chức năng, nhiệm vụ' },
      admin: {
        description: {
          en: 'A short public description of its remit.',
          vi: 'Giới thiệu ngắn về chức năng, nhiệm vụ.',
        },
      },
    },
    slugField({ from: 'name' }),
    searchKeyField({
      from: ['name', 'shortName', 'documentCode'],
      label: { en: 'name or short name', vi: 'tên, tên viết tắt (gõ có dấu hay không đều được)' },
      localized: true,
    }),
    organizationJsonLdField,
  ],
}
