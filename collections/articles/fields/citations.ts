import type { ArrayField } from 'payload'

/** Official documents an article cites that are not plans: "văn bản số 2158/UBND-KTTH ngày 28/6/2021". */
export const citationsField: ArrayField = {
  name: 'citations',
  type: 'array',
  label: { en: 'Cited documents', vi: 'Văn bản được dẫn' },
  labels: {
    plural: { en: 'Cited documents', vi: 'Văn bản được dẫn' },
    singular: { en: 'Cited document', vi: 'Văn bản' },
  },
  admin: {
    components: { RowLabel: '/components/rowLabels#CitationRowLabel' },
    description: {
      en: 'Other documents the text cites (decisions, dispatches…), found on save.',
      vi: 'Các văn bản khác bài viết dẫn (quyết định, công văn…), tự tìm khi lưu.',
    },
    initCollapsed: true,
  },
  fields: [
    {
      type: 'row',
      fields: [
        {
          name: 'kind',
          type: 'text',
          required: true,
          label: { en: 'Kind', vi: 'Loại văn bản' },
          admin: {
            description: { en: 'e.g. Quyết định, Công văn', vi: 'Ví dụ: Quyết định, Công văn' },
          },
        },
        {
          name: 'number',
          type: 'text',
          required: true,
          label: { en: 'Number', vi: 'Số, ký hiệu' },
        },
        {
          name: 'issuedOn',
          type: 'date',
          label: { en: 'Issued on', vi: 'Ngày ban hành' },
          admin: { date: { displayFormat: 'dd/MM/yyyy', pickerAppearance: 'dayOnly' } },
        },
        { name: 'issuer', type: 'text', label: { en: 'Issuer', vi: 'Cơ quan ban hành' } },
      ],
    },
  ],
}
