import type { ArrayField, CollectionSlug, Field } from 'payload'

import { createBreadcrumbsField, createParentField } from '@payloadcms/plugin-nested-docs'

/**
 * plugin-nested-docs' `parent` and `breadcrumbs`, made by its own factories with Vietnamese labels.
 * The plugin finds fields of these names and adds none of its own; it still gives `parent` its
 * filter. Append them last, where the plugin would have put its own.
 */
export const nestedDocsFields = (relationTo: CollectionSlug): Field[] => {
  const breadcrumbs = createBreadcrumbsField(relationTo, {
    admin: {
      description: {
        en: 'Filled in automatically from the parent.',
        vi: 'Tự tạo theo cấp trên, không cần nhập.',
      },
    },
    label: { en: 'Breadcrumbs', vi: 'Đường dẫn phân cấp' },
    labels: {
      plural: { en: 'Breadcrumbs', vi: 'Cấp' },
      singular: { en: 'Breadcrumb', vi: 'Cấp' },
    },
  }) as ArrayField
  return [
    createParentField(relationTo, {
      // The factory spreads these last: keep its sidebar position.
      admin: {
        description: {
          en: 'The body it belongs to, if any.',
          vi: 'Cơ quan, mục cấp trên (nếu có).',
        },
        position: 'sidebar',
      },
      label: { en: 'Parent', vi: 'Cấp trên' },
    }),
    {
      ...breadcrumbs,
      // The factory's own inner fields, labelled: it takes extra fields but no labels for these.
      fields: [
        {
          name: 'doc',
          type: 'relationship',
          admin: { disabled: true },
          label: { en: 'Record', vi: 'Bản ghi' },
          maxDepth: 0,
          relationTo,
        },
        {
          type: 'row',
          fields: [
            {
              name: 'url',
              type: 'text',
              admin: { width: '50%' },
              label: { en: 'URL', vi: 'Đường dẫn' },
            },
            {
              name: 'label',
              type: 'text',
              admin: { width: '50%' },
              label: { en: 'Label', vi: 'Nhãn' },
            },
          ],
        },
      ],
    } as ArrayField,
  ]
}
