import type { Plugin } from 'payload'

import { redirectsPlugin as officialRedirectsPlugin } from '@payloadcms/plugin-redirects'

import { anyone, isBoard } from '../../src/access'
import { addHooks, hasCollection } from '../../src/plugins/compose'
import { slugs } from '../../src/slugs'
import { notePublishedSlug, redirectOldSlug } from './hooks/redirectOldSlug'
import type { RedirectsPluginOptions } from './types'

export type { RedirectsPluginOptions }

/** The official plugin's field labels ship without Vietnamese. */
const VI_LABELS = {
  'plugin-redirects': {
    customUrl: 'Đường dẫn tùy chỉnh',
    documentToRedirect: 'Chuyển đến bài',
    fromUrl: 'Đường dẫn cũ',
    internalLink: 'Liên kết nội bộ',
    redirectType: 'Kiểu chuyển hướng',
    toUrlType: 'Kiểu đích',
  },
}

/**
 * Redirects through Payload's official plugin: frontends read them anonymously
 * (`GET /api/redirects?where[from][equals]=/articles/<old slug>`); the board writes them, and a
 * published article's slug change writes one itself. Compose after articles.
 */
export const redirectsPlugin =
  (options: RedirectsPluginOptions = {}): Plugin =>
  (incoming) => {
    if (options.enabled === false || !hasCollection(incoming, slugs.articles)) {
      return incoming
    }
    const translations = incoming.i18n?.translations as Record<string, object> | undefined
    const withLabels = {
      ...incoming,
      i18n: {
        ...incoming.i18n,
        translations: {
          ...translations,
          vi: { ...translations?.vi, ...VI_LABELS },
        },
      },
    }
    const config = officialRedirectsPlugin({
      collections: [slugs.articles],
      overrides: {
        slug: slugs.redirects,
        access: { create: isBoard, delete: isBoard, read: anyone, update: isBoard },
        admin: {
          defaultColumns: ['from', 'to.url', 'updatedAt'],
          description: {
            en: 'Old addresses that lead to new ones; a published article whose slug changes gets one.',
            vi: 'Đường dẫn cũ chuyển đến đường dẫn mới; bài đã đăng đổi slug sẽ tự có một chuyển hướng.',
          },
          group: { en: 'News', vi: 'Tin bài' },
          useAsTitle: 'from',
        },
        graphQL: { pluralName: 'Redirects', singularName: 'Redirect' },
        labels: {
          plural: { en: 'Redirects', vi: 'Chuyển hướng đường dẫn' },
          singular: { en: 'Redirect', vi: 'Chuyển hướng' },
        },
      },
    })(withLabels)
    return addHooks(config, slugs.articles, {
      afterChange: [redirectOldSlug],
      beforeChange: [notePublishedSlug],
    })
  }
