import type { Plugin } from 'payload'

import { nestedDocsPlugin } from '@payloadcms/plugin-nested-docs'

import { nestedDocsFields } from '../../src/fields/nestedDocs'
import { slugs } from '../../src/slugs'
import { Topics } from './Topics'
import type { TopicsPluginOptions } from './types'

export type { TopicsPluginOptions }

export const topicsPlugin =
  (options: TopicsPluginOptions = {}): Plugin =>
  (incoming) => {
    if (options.enabled === false) {
      return incoming
    }
    // nested-docs' own fields, labelled in Vietnamese; the plugin adds none when it finds them.
    const labelled = { ...Topics, fields: [...Topics.fields, ...nestedDocsFields(slugs.topics)] }
    const config = { ...incoming, collections: [...(incoming.collections ?? []), labelled] }
    return nestedDocsPlugin({
      collections: [slugs.topics],
      generateLabel: (_, doc) => String(doc.name ?? ''),
      generateURL: (docs) => docs.reduce((url, doc) => `${url}/${String(doc.slug ?? '')}`, ''),
    })(config)
  }
