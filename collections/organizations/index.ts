import type { Plugin } from 'payload'

import { nestedDocsPlugin } from '@payloadcms/plugin-nested-docs'

import { nestedDocsFields } from '../../src/fields/nestedDocs'
import { slugs } from '../../src/slugs'
import { Organizations } from './Organizations'
import type { OrganizationsPluginOptions } from './types'

export type { OrganizationsPluginOptions }

/** Agencies, departments and boards in a hierarchy (parent + breadcrumbs from nested-docs). */
export const organizationsPlugin =
  (options: OrganizationsPluginOptions = {}): Plugin =>
  (incoming) => {
    if (options.enabled === false) {
      return incoming
    }
    // nested-docs' own fields, labelled in Vietnamese; the plugin adds none when it finds them.
    const labelled = {
      ...Organizations,
      fields: [...Organizations.fields, ...nestedDocsFields(slugs.organizations)],
    }
    const config = { ...incoming, collections: [...(incoming.collections ?? []), labelled] }
    return nestedDocsPlugin({
      collections: [slugs.organizations],
      generateLabel: (_, doc) => String(doc.shortName || doc.name || ''),
      generateURL: (docs) => docs.reduce((url, doc) => `${url}/${String(doc.slug ?? '')}`, ''),
    })(config)
  }
