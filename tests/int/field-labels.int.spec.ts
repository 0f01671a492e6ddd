/**
 * The Vietnamese labels of fields other plugins add (plugin-seo's `meta`, plugin-nested-docs'
 * `parent` and `breadcrumbs`), read from the sanitized config: what the admin shows editors.
 */
import type { Field, SanitizedConfig } from 'payload'

import os from 'node:os'
import path from 'node:path'

import { buildPortalConfig } from '../../src/config'

type Labels = Record<string, unknown>

/** Each named field's label, plural labels and help text by dotted path, under the given roots. */
const labelsOf = (fields: Field[], roots: string[], prefix = ''): Labels => {
  const found: Labels = {}
  for (const field of fields) {
    const named = 'name' in field ? `${prefix}${field.name}` : null
    const inside = named !== null && (prefix !== '' || roots.includes(named))
    if (inside && named) {
      found[named] = {
        description: field.admin && 'description' in field.admin ? field.admin.description : null,
        label: 'label' in field ? field.label : null,
        labels: 'labels' in field ? field.labels : null,
      }
    }
    if ('fields' in field && Array.isArray(field.fields) && (named === null || inside)) {
      Object.assign(found, labelsOf(field.fields, roots, named ? `${named}.` : prefix))
    }
  }
  return found
}

const EXPECTED: Record<string, Labels> = {
  articles: {
    meta: {
      description: {
        en: 'How the article appears in search engines and when shared.',
        vi: 'Cách bài hiện trên công cụ tìm kiếm và khi chia sẻ lên mạng xã hội.',
      },
      label: { en: 'SEO', vi: 'Tối ưu tìm kiếm (SEO)' },
    },
    'meta.overview': { label: { en: 'Overview', vi: 'Tổng quan' } },
    'meta.title': {
      description: {
        en: 'The title search engines show; "Auto-generate" takes the article title.',
        vi: 'Tiêu đề công cụ tìm kiếm hiển thị; bấm "Tự động tạo" để lấy tiêu đề bài.',
      },
      label: { en: 'Search title', vi: 'Tiêu đề khi tìm kiếm, chia sẻ' },
    },
    'meta.description': {
      description: {
        en: 'Shown by search engines under the title; "Auto-generate" takes the summary.',
        vi: 'Công cụ tìm kiếm hiện dưới tiêu đề; bấm "Tự động tạo" để lấy từ phần tóm tắt.',
      },
      label: { en: 'Search description', vi: 'Mô tả khi tìm kiếm, chia sẻ' },
    },
    'meta.image': {
      description: {
        en: 'Shown when the article is shared on social networks.',
        vi: 'Ảnh hiện khi chia sẻ bài lên mạng xã hội.',
      },
      label: { en: 'Sharing image', vi: 'Ảnh chia sẻ' },
    },
    'meta.preview': { label: { en: 'Preview', vi: 'Xem trước' } },
  },
  organizations: {
    parent: {
      description: { en: 'The body it belongs to, if any.', vi: 'Cơ quan, mục cấp trên (nếu có).' },
      label: { en: 'Parent', vi: 'Cấp trên' },
    },
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
    'breadcrumbs.url': { label: { en: 'URL', vi: 'Đường dẫn' } },
    'breadcrumbs.label': { label: { en: 'Label', vi: 'Nhãn' } },
    'breadcrumbs.id': { label: 'ID' },
  },
  topics: {
    parent: {
      description: { en: 'The body it belongs to, if any.', vi: 'Cơ quan, mục cấp trên (nếu có).' },
      label: { en: 'Parent', vi: 'Cấp trên' },
    },
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
    'breadcrumbs.url': { label: { en: 'URL', vi: 'Đường dẫn' } },
    'breadcrumbs.label': { label: { en: 'Label', vi: 'Nhãn' } },
    'breadcrumbs.id': { label: 'ID' },
  },
}

describe('labels of fields other plugins add', () => {
  let config: SanitizedConfig

  beforeAll(async () => {
    // Sanitizing connects to nothing; the file is never opened.
    config = await buildPortalConfig({
      databaseUri: `file:${path.join(os.tmpdir(), 'field-labels-unused.db')}`,
    })
  })

  const of = (slug: string, roots: string[]) =>
    labelsOf(config.collections.find((collection) => collection.slug === slug)!.fields, roots)

  // The labels src/plugins/relabel.ts gave these fields before the plugins' own overrides did.
  it.each(Object.entries(EXPECTED))(
    'should label the fields other plugins add to %s in Vietnamese',
    (slug, expected) => {
      const found = of(slug, ['meta', 'parent', 'breadcrumbs'])
      const shown = Object.fromEntries(
        Object.entries(found).map(([name, value]) => [
          name,
          Object.fromEntries(Object.entries(value as Labels).filter(([, text]) => text !== null)),
        ]),
      )
      expect(shown).toEqual(expected)
    },
  )
})
