import type { Plugin } from 'payload'

import { nestedDocsPlugin } from '@payloadcms/plugin-nested-docs'

import { NESTED_DOCS_LABELS, relabelFields } from '../../src/plugins/relabel'
import { slugs } from '../../src/slugs'
import { Topics } from './Topics'
import type { TopicsPluginOptions } from './types'

export type { TopicsPluginOptions }

export const topicsPlugin =
  (options: TopicsPluginOptions = {}): Plugin =>
  async (incoming) => {
    if (options.enabled === false) {
      return incoming
    }
    const config = { ...incoming, collections: [...(incoming.collections ?? []), Topics] }
    const nested = await nestedDocsPlugin({
      collections: [slugs.topics],
      generateLabel: (_, doc) => String(doc.name ?? ''),
      generateURL: (docs) => docs.reduce((url, doc) => `${url}/${String(doc.slug ?? '')}`, ''),
    })(config)
    return relabelFields(nested, slugs.topics, NESTED_DOCS_LABELS)
  }
