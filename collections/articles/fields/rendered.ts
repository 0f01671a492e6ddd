import type { Field } from 'payload'

import type { ReadArgs, RenderedDoc } from '../../../src/fields/rendered'
import {
  findByIds,
  noteRenderedSelection,
  renderedField,
  withFields,
} from '../../../src/fields/rendered'
import { idOf, idsOf } from '../../../src/lib/ids'
import { readSiteUrl } from '../../../src/lib/env'
import { sanitizeBodyHtml } from '../../../src/lib/richtext/sanitize'
import { organizationFacts, personFacts } from '../../../src/fields/structuredFacts'
import type { PlanFacts } from '../../../src/lib/structured/jsonLd'
import { articleJsonLd } from '../../../src/lib/structured/jsonLd'
import type { Media, Organization, Person, Plan } from '../../../src/payload-types'
import { slugs } from '../../../src/slugs'
import { bodyReferences, bodyToHtml } from '../../../src/fields/bodyHtml'
import type { Id } from '../../../src/lib/types'

const renderContentHtml = async (doc: RenderedDoc, args: ReadArgs): Promise<string> => {
  const { body } = await withFields(slugs.articles, doc, ['body'], args)
  const refs = bodyReferences(body)
  const [media, articles] = await Promise.all([
    findByIds<Media>(args, slugs.media, refs.media),
    findByIds<{ slug?: null | string }>(args, slugs.articles, refs.articles, { slug: true }),
  ])
  const html = bodyToHtml(body, {
    articleHref: (id, value) => {
      const slug =
        (value && typeof value === 'object' ? (value as { slug?: string }).slug : undefined) ??
        articles.get(String(id))?.slug
      return slug ? `/articles/${slug}` : '#'
    },
    media,
  })
  return sanitizeBodyHtml(html)
}

const renderJsonLd = async (doc: RenderedDoc, args: ReadArgs) => {
  const article = await withFields(
    slugs.articles,
    doc,
    ['title', 'slug', 'summary', 'publishedAt', 'updatedAt', 'department', 'people', 'plans'],
    args,
  )
  const inOrder = <T>(ids: Id[], found: Map<string, T>): T[] =>
    ids.map((id) => found.get(String(id))).filter((item): item is T => item !== undefined)
  const [people, plans, departments] = await Promise.all([
    findByIds<Person>(args, slugs.people, idsOf(article.people)),
    findByIds<Plan>(args, slugs.plans, idsOf(article.plans)),
    findByIds<Organization>(
      args,
      slugs.organizations,
      idsOf(article.department === undefined ? [] : [article.department]),
    ),
  ])
  const planFacts = (plan: Plan): PlanFacts => ({
    issuedOn: plan.issuedOn,
    number: plan.number,
    title: plan.title,
  })
  const hero = article.heroImage
  return articleJsonLd(
    {
      dateModified: article.updatedAt as string | undefined,
      datePublished: article.publishedAt as string | undefined,
      department: organizationFacts(departments.get(String(idOf(article.department)))),
      description: article.summary as string | undefined,
      headline: String(article.title ?? ''),
      image: hero && typeof hero === 'object' ? (hero as Media).url : undefined,
      people: await personFacts(inOrder(idsOf(article.people), people), args),
      plans: inOrder(idsOf(article.plans), plans).map(planFacts),
      slug: article.slug as string | undefined,
    },
    readSiteUrl(),
  )
}

export const noteArticleRenders = noteRenderedSelection(['contentHtml', 'jsonLd'])

/** `contentHtml` and `jsonLd`: computed on read, never stored. */
export const renderedFields: Field[] = [
  renderedField({
    name: 'contentHtml',
    type: 'text',
    label: { en: 'Body as HTML', vi: 'Nội dung dạng HTML' },
    render: renderContentHtml,
  }),
  renderedField({
    name: 'jsonLd',
    type: 'json',
    label: { en: 'Structured data (schema.org)', vi: 'Dữ liệu có cấu trúc (schema.org)' },
    render: renderJsonLd,
  }),
]
