import type { Config, Field, Plugin } from 'payload'

import { seoPlugin } from '@payloadcms/plugin-seo'

import { slugs } from '../../src/slugs'
import { addFields, hasCollection } from '../../src/plugins/compose'
import { buildArticles } from './Articles'
import type { ArticlesPluginOptions } from './types'

export type { ArticlesPluginOptions }

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
        buildArticles({ autosaveMs: options.autosaveMs ?? 2000, present }),
      ],
    }
    const mentionedIn = { en: 'Articles mentioning it', vi: 'Tin bài nhắc đến' }
    config = addFields(config, slugs.organizations, [
      articlesJoin('organizations', mentionedIn),
      articlesJoin('department', { en: "Department's articles", vi: 'Tin bài của đơn vị' }),
    ])
    if (present.people) {
      config = addFields(config, slugs.people, [articlesJoin('people', mentionedIn)])
    }
    if (present.plans) {
      config = addFields(config, slugs.plans, [
        articlesJoin('plans', { en: 'Articles citing it', vi: 'Tin bài dẫn kế hoạch' }),
      ])
    }
    return seoPlugin({
      collections: [slugs.articles],
      generateDescription: ({ doc }) => String(doc?.summary ?? ''),
      generateTitle: ({ doc }) => String(doc?.title ?? ''),
      tabbedUI: false,
      uploadsCollection: present.media ? slugs.media : undefined,
    })(config)
  }
