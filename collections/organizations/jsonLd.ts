import type { Field } from 'payload'

import type { ReadArgs, RenderedDoc } from '../../src/fields/rendered'
import { noteRenderedSelection, renderedField, withFields } from '../../src/fields/rendered'
import { organizationFacts } from '../../src/fields/structuredFacts'
import { readSiteUrl } from '../../src/lib/env'
import { organizationJsonLd } from '../../src/lib/structured/jsonLd'
import type { Organization } from '../../src/payload-types'
import { slugs } from '../../src/slugs'

const render = async (doc: RenderedDoc, args: ReadArgs) => {
  const org = await withFields(
    slugs.organizations,
    doc,
    ['name', 'shortName', 'slug', 'contact'],
    args,
  )
  return organizationJsonLd(organizationFacts(org as unknown as Organization)!, readSiteUrl())
}

export const noteOrganizationRenders = noteRenderedSelection(['jsonLd'])

/** The organization as a schema.org `GovernmentOrganization`. */
export const organizationJsonLdField: Field = renderedField({
  name: 'jsonLd',
  type: 'json',
  label: { en: 'Structured data (schema.org)', vi: 'Dữ liệu có cấu trúc (schema.org)' },
  render,
})
