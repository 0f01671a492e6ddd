import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  Config,
  Field,
  Plugin,
} from 'payload'

import { seoPlugin } from '@payloadcms/plugin-seo'

import type { Organization } from '../../src/payload-types'
import { AUTOSAVE_SECONDS_DEFAULT } from '../../src/lib/env'
import { slugs } from '../../src/slugs'
import { forgetKnownOrganizations } from '../../src/linking/knownOrganizations'
import { addFields, addHooks, hasCollection } from '../../src/plugins/compose'
import { buildArticles } from './Articles'
import type { ArticlesPluginOptions } from './types'

export type { ArticlesPluginOptions }

type Text = { en: string; vi: string }

/** plugin-seo's fields come with English labels; editors read Vietnamese ones. */
const SEO_GROUP: { description: Text; label: Text } = {
  description: {
    en: 'How the article appears in search engines and when shared.',
    vi: 'Cách bài hiện trên công cụ tìm kiếm và khi chia sẻ lên mạng xã hội.',
  },
  label: { en: 'SEO', vi: 'Tối ưu tìm kiếm (SEO)' },
}
const SEO_FIELDS: Record<string, { description?: Text; label: Text }> = {
  description: {
    description: {
      en: 'Shown by search engines under the title; "Auto-generate" takes the summary.',
      vi: 'Công cụ tìm kiếm hiện dưới tiêu đề; bấm "Tự động tạo" để lấy từ phần tóm tắt.',
    },
    label: { en: 'Search description', vi: 'Mô tả khi tìm kiếm, chia sẻ' },
  },
  image: {
    description: {
      en: 'Shown when the article is shared on social networks.',
      vi: 'Ảnh hiện khi chia sẻ bài lên mạng xã hội.',
    },
    label: { en: 'Sharing image', vi: 'Ảnh chia sẻ' },
  },
  overview: { label: { en: 'Overview', vi: 'Tổng quan' } },
  preview: { label: { en: 'Preview', vi: 'Xem trước' } },
  title: {
    description: {
      en: 'The title search engines show; "Auto-generate" takes the article title.',
      vi: 'Tiêu đề công cụ tìm kiếm hiển thị; bấm "Tự động tạo" để lấy tiêu đề bài.',
    },
    label: { en: 'Search title', vi: 'Tiêu đề khi tìm kiếm, chia sẻ' },
  },
}

/** One of plugin-seo's default fields with its Vietnamese label, through the plugin's `fields`. */
const labelSeoField = (field: Field): Field => {
  const own = 'name' in field ? SEO_FIELDS[field.name] : undefined
  return own
    ? ({
        ...field,
        admin: { ...field.admin, ...(own.description ? { description: own.description } : {}) },
        label: own.label,
      } as Field)
    : field
}

/**
 * plugin-seo (3.90) names its `meta` group 'SEO' with no option to change it: label that one group
 * of the articles collection, after the plugin.
 */
const labelSeoGroup = (config: Config): Config => ({
  ...config,
  collections: (config.collections ?? []).map((collection) =>
    collection.slug === slugs.articles
      ? {
          ...collection,
          fields: collection.fields.map((field) =>
            field.type === 'group' && 'name' in field && field.name === 'meta'
              ? {
                  ...field,
                  admin: { ...field.admin, description: SEO_GROUP.description },
                  label: SEO_GROUP.label,
                }
              : field,
          ),
        }
      : collection,
  ),
})

const articlesJoin = (on: string, label: { en: string; vi: string }): Field => ({
  name: on === 'department' ? 'departmentArticles' : 'articles',
  type: 'join',
  collection: slugs.articles,
  on,
  label,
  defaultLimit: 10,
  defaultSort: '-publishedAt',
})

/**
 * News articles owned by a department, linked to the people, organizations and plans they mention.
 * Compose after the types it links to: it adds the reverse joins to them.
 */
export const articlesPlugin =
  (options: ArticlesPluginOptions = {}): Plugin =>
  (incoming) => {
    if (options.enabled === false) {
      return incoming
    }
    const present = {
      media: hasCollection(incoming, slugs.media),
      people: hasCollection(incoming, slugs.people),
      plans: hasCollection(incoming, slugs.plans),
      topics: hasCollection(incoming, slugs.topics),
    }
    let config: Config = {
      ...incoming,
      collections: [
        ...(incoming.collections ?? []),
        buildArticles({
          autosaveMs: options.autosaveMs ?? AUTOSAVE_SECONDS_DEFAULT * 1000,
          present,
        }),
      ],
    }
    const mentionedIn = { en: 'Articles mentioning it', vi: 'Tin bài nhắc đến' }
    config = addFields(config, slugs.organizations, [
      articlesJoin('organizations', mentionedIn),
      articlesJoin('department', { en: "Department's articles", vi: 'Tin bài của đơn vị' }),
    ])
    // Linking keeps the organization directory in memory; any change to it must refresh that copy.
    const forgetOnChange: CollectionAfterChangeHook<Organization> = ({ doc, req }) => {
      forgetKnownOrganizations(req.payload)
      return doc
    }
    const forgetOnDelete: CollectionAfterDeleteHook<Organization> = ({ doc, req }) => {
      forgetKnownOrganizations(req.payload)
      return doc
    }
    config = addHooks(config, slugs.organizations, {
      afterChange: [forgetOnChange],
      afterDelete: [forgetOnDelete],
    })
    if (present.people) {
      config = addFields(config, slugs.people, [articlesJoin('people', mentionedIn)])
    }
    if (present.plans) {
      config = addFields(config, slugs.plans, [
        articlesJoin('plans', { en: 'Articles citing it', vi: 'Tin bài dẫn kế hoạch' }),
      ])
    }
    const withSeo = seoPlugin({
      collections: [slugs.articles],
      fields: ({ defaultFields }) => defaultFields.map(labelSeoField),
      generateDescription: ({ doc }) => String(doc?.summary ?? ''),
      generateTitle: ({ doc }) => String(doc?.title ?? ''),
      tabbedUI: false,
      uploadsCollection: present.media ? slugs.media : undefined,
    })(config)
    return labelSeoGroup(withSeo)
  }
