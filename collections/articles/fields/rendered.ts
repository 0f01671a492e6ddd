import type {
  CollectionBeforeOperationHook,
  Field,
  FieldHook,
  PayloadRequest,
  TypedLocale,
} from 'payload'

import { readSiteUrl } from '../../../src/lib/env'
import { sanitizeBodyHtml } from '../../../src/lib/richtext/sanitize'
import type { OrganizationFacts, PersonFacts, PlanFacts } from '../../../src/lib/structured/jsonLd'
import { articleJsonLd } from '../../../src/lib/structured/jsonLd'
import type { Media, Organization, Person, Plan } from '../../../src/payload-types'
import { slugs } from '../../../src/slugs'
import { bodyReferences, bodyToHtml } from '../render/bodyHtml'

type Id = number | string
type Doc = Record<string, unknown> & { id?: Id }

/** The rendered fields; each costs queries, so plain lists leave them out. */
export const RENDERED = ['contentHtml', 'jsonLd'] as const
type Rendered = (typeof RENDERED)[number]

const ASKED = 'renderedFieldsAsked'

/** How many times each field was rendered in this process: shows that plain lists render nothing. */
export const renderCounts: Record<Rendered, number> = { contentHtml: 0, jsonLd: 0 }

/**
 * Notes which rendered fields a read names in its `select` (REST `?select[contentHtml]=true`, the
 * Local API's `select`): a list renders them only then. Payload does not pass `select` to field hooks.
 */
export const noteRenderedSelection: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if (operation === 'read') {
    const select = (args as { select?: Record<string, unknown> }).select
    for (const name of RENDERED) {
      if (select?.[name] === true) {
        req.context[ASKED] = { ...(req.context[ASKED] as object), [name]: true }
      }
    }
  }
  return args
}

const idOf = (value: unknown): Id | undefined =>
  value && typeof value === 'object' ? (value as { id?: Id }).id : (value as Id | undefined)

const idsOf = (values: unknown): Id[] =>
  Array.isArray(values) ? values.map(idOf).filter((id): id is Id => id !== undefined) : []

type ReadArgs = { draft?: boolean; overrideAccess?: boolean; req: PayloadRequest }

/** Reads linked records as the caller may read them: what they cannot see stays out. */
const findByIds = async <T>(
  { overrideAccess, req }: ReadArgs,
  collection: (typeof slugs)[keyof typeof slugs],
  ids: Id[],
  select?: Record<string, true>,
): Promise<Map<string, T>> => {
  if (ids.length === 0) {
    return new Map()
  }
  const found = await req.payload.find({
    collection,
    depth: 0,
    limit: ids.length,
    locale: req.locale as TypedLocale | undefined,
    overrideAccess: overrideAccess ?? false,
    pagination: false,
    req,
    select,
    where: { id: { in: ids } },
  })
  return new Map(found.docs.map((doc) => [String(doc.id), doc as T]))
}

/** The fields a rendering needs that this read left out (a narrow `select`), read once. */
const withFields = async (doc: Doc, names: string[], args: ReadArgs): Promise<Doc> => {
  const missing = names.filter((name) => !(name in doc))
  if (missing.length === 0 || doc.id === undefined) {
    return doc
  }
  const more = await args.req.payload.findByID({
    collection: slugs.articles,
    depth: 0,
    disableErrors: true,
    draft: args.draft,
    id: doc.id,
    locale: args.req.locale as TypedLocale | undefined,
    overrideAccess: args.overrideAccess ?? false,
    req: args.req,
    select: Object.fromEntries(missing.map((name) => [name, true])),
  })
  return { ...(more as Doc | null), ...doc }
}

const renderContentHtml = async (doc: Doc, args: ReadArgs): Promise<string> => {
  const { body } = await withFields(doc, ['body'], args)
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

const organizationFacts = (org: Organization | undefined): OrganizationFacts | null =>
  org
    ? { name: org.name, shortName: org.shortName, slug: org.slug, website: org.contact?.website }
    : null

const renderJsonLd = async (doc: Doc, args: ReadArgs) => {
  const article = await withFields(
    doc,
    ['title', 'slug', 'summary', 'publishedAt', 'updatedAt', 'department', 'people', 'plans'],
    args,
  )
  const [people, plans] = await Promise.all([
    findByIds<Person>(args, slugs.people, idsOf(article.people)),
    findByIds<Plan>(args, slugs.plans, idsOf(article.plans)),
  ])
  const orgIds = new Set<Id>()
  const department = idOf(article.department)
  if (department !== undefined) {
    orgIds.add(department)
  }
  for (const person of people.values()) {
    for (const position of person.positions ?? []) {
      const org = idOf(position.organization)
      if (org !== undefined) {
        orgIds.add(org)
      }
    }
  }
  const orgs = await findByIds<Organization>(args, slugs.organizations, [...orgIds])
  const orgOf = (value: unknown) => organizationFacts(orgs.get(String(idOf(value))))
  const personFacts = (person: Person): PersonFacts => ({
    name: person.name,
    positions: (person.positions ?? []).map((position) => ({
      organization: orgOf(position.organization),
      title: position.title,
    })),
    slug: person.slug,
  })
  const planFacts = (plan: Plan): PlanFacts => ({
    issuedOn: plan.issuedOn,
    number: plan.number,
    title: plan.title,
  })
  const inOrder = <T>(ids: Id[], found: Map<string, T>): T[] =>
    ids.map((id) => found.get(String(id))).filter((item): item is T => item !== undefined)
  const hero = article.heroImage
  return articleJsonLd(
    {
      dateModified: article.updatedAt as string | undefined,
      datePublished: article.publishedAt as string | undefined,
      department: orgOf(article.department),
      description: article.summary as string | undefined,
      headline: String(article.title ?? ''),
      image: hero && typeof hero === 'object' ? (hero as Media).url : undefined,
      people: inOrder(idsOf(article.people), people).map(personFacts),
      plans: inOrder(idsOf(article.plans), plans).map(planFacts),
      slug: article.slug as string | undefined,
    },
    readSiteUrl(),
  )
}

/**
 * Renders on a single document's read, on a list that names the field in `select`, and in GraphQL
 * only when the query selects the field: there the value is a function, which GraphQL's default
 * resolver calls for selected fields alone. A plain list pays nothing.
 */
const renderedHook =
  (name: Rendered, render: (doc: Doc, args: ReadArgs) => Promise<unknown>): FieldHook =>
  ({ data, draft, findMany, overrideAccess, req }) => {
    const doc = data as Doc | undefined
    // A read of every locale at once has no single text to render.
    if (!doc?.id || req.locale === 'all') {
      return undefined
    }
    const args: ReadArgs = { draft, overrideAccess, req }
    const run = () => {
      renderCounts[name] += 1
      return render(doc, args)
    }
    if (req.payloadAPI === 'GraphQL') {
      return run
    }
    const asked = (req.context[ASKED] as Partial<Record<Rendered, boolean>> | undefined)?.[name]
    return !findMany || asked ? run() : undefined
  }

/** `contentHtml` and `jsonLd`: computed on read, never stored. */
export const renderedFields: Field[] = [
  {
    name: 'contentHtml',
    type: 'text',
    virtual: true,
    label: { en: 'Body as HTML', vi: 'Nội dung dạng HTML' },
    admin: { hidden: true },
    access: { create: () => false, update: () => false },
    hooks: { afterRead: [renderedHook('contentHtml', renderContentHtml)] },
  },
  {
    name: 'jsonLd',
    type: 'json',
    virtual: true,
    label: { en: 'Structured data (schema.org)', vi: 'Dữ liệu có cấu trúc (schema.org)' },
    admin: { hidden: true },
    access: { create: () => false, update: () => false },
    hooks: { afterRead: [renderedHook('jsonLd', renderJsonLd)] },
  },
]
