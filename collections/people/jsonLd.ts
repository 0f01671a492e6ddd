import type { Field } from 'payload'

import type { ReadArgs, RenderedDoc } from '../../src/fields/rendered'
import { noteRenderedSelection, renderedField, withFields } from '../../src/fields/rendered'
import { personFacts } from '../../src/fields/structuredFacts'
import { readSiteUrl } from '../../src/lib/env'
import { personJsonLd } from '../../src/lib/structured/jsonLd'
import type { Person } from '../../src/payload-types'
import { slugs } from '../../src/slugs'

const render = async (doc: RenderedDoc, args: ReadArgs) => {
  const person = await withFields(slugs.people, doc, ['name', 'slug', 'positions'], args)
  const [facts] = await personFacts([person as unknown as Person], args)
  return personJsonLd(facts!, readSiteUrl())
}

export const notePersonRenders = noteRenderedSelection(['jsonLd'])

/** The person as a schema.org `Person`, with `jobTitle` and `worksFor` from their positions. */
export const personJsonLdField: Field = renderedField({
  name: 'jsonLd',
  type: 'json',
  label: { en: 'Structured data (schema.org)', vi: 'Dữ liệu có cấu trúc (schema.org)' },
  render,
})
