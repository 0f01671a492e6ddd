import type { CollectionConfig, Config, Field } from 'payload'

type Text = { en: string; vi: string }

/** The label and help text to give one field, by its dotted path (`breadcrumbs.url`). */
export type FieldLabels = Record<
  string,
  { description?: Text; label: Text; labels?: { plural: Text; singular: Text } }
>

const relabel = (fields: Field[], labels: FieldLabels, prefix: string): Field[] =>
  fields.map((field) => {
    const path = 'name' in field ? `${prefix}${field.name}` : prefix.replace(/\.$/, '')
    const own = 'name' in field ? labels[path] : undefined
    let next = own
      ? ({
          ...field,
          label: own.label,
          ...(own.labels ? { labels: own.labels } : {}),
          admin: { ...field.admin, ...(own.description ? { description: own.description } : {}) },
        } as Field)
      : field
    if ('fields' in next && Array.isArray(next.fields)) {
      const inner = 'name' in next ? `${path}.` : prefix
      next = { ...next, fields: relabel(next.fields, labels, inner) } as Field
    }
    return next
  })

/**
 * Gives fields that another plugin added with English-only labels (nested-docs, SEO) Vietnamese
 * ones. Labels only: the schema and the database stay as they are.
 */
export const relabelFields = (config: Config, slug: string, labels: FieldLabels): Config => ({
  ...config,
  collections: (config.collections ?? []).map((collection): CollectionConfig =>
    collection.slug === slug
      ? { ...collection, fields: relabel(collection.fields, labels, '') }
      : collection,
  ),
})

/** nested-docs' parent and breadcrumbs, in Vietnamese. */
export const NESTED_DOCS_LABELS: FieldLabels = {
  breadcrumbs: {
    description: {
      en: 'Filled in automatically from the parent.',
      vi: 'Tự tạo theo cấp trên, không cần nhập.',
    },
    label: { en: 'Breadcrumbs', vi: 'Đường dẫn phân cấp' },
    labels: {
      plural: { en: 'Breadcrumbs', vi: 'Cấp' },
      singular: { en: 'Breadcrumb', vi: 'Cấp' },
    },
  },
  'breadcrumbs.doc': { label: { en: 'Record', vi: 'Bản ghi' } },
  'breadcrumbs.label': { label: { en: 'Label', vi: 'Nhãn' } },
  'breadcrumbs.url': { label: { en: 'URL', vi: 'Đường dẫn' } },
  parent: {
    description: { en: 'The body it belongs to, if any.', vi: 'Cơ quan, mục cấp trên (nếu có).' },
    label: { en: 'Parent', vi: 'Cấp trên' },
  },
}
