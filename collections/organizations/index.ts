import type { Plugin } from 'payload'

import { nestedDocsPlugin } from '@payloadcms/plugin-nested-docs'

import { NESTED_DOCS_LABELS, relabelFields } from '../../src/plugins/relabel'
import { slugs } from '../../src/slugs'
import { Organizations } from './Organizations'
import type { OrganizationsPluginOptions } from './types'

export type { OrganizationsPluginOptions }

/** Agencies, departments and boards in a hierarchy (parent + breadcrumbs from nested-docs). */
export const organizationsPlugin =
  (options: OrganizationsPluginOptions = {}): Plugin =>
  async (incoming) => {
    if (options.enabled === false) {
      return incoming
    }
    const config = { ...incoming, collections: [...(incoming.collections ?? []), Organizations] }
    const nested = await nestedDocsPlugin({
      collections: [slugs.organizations],
      generateLabel: (_, doc) => String(doc.shortName || doc.name || ''),
      generateURL: (docs) => docs.reduce((url, doc) => `${url}/${String(doc.slug ?? '')}`, ''),
    })(config)
    return relabelFields(nested, slugs.organizations, NESTED_DOCS_LABELS)
  }
