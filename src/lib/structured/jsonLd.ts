import type {
  CreativeWork,
  GovernmentOrganization,
  NewsArticle,
  Person,
  WithContext,
} from 'schema-dts'

/** The fields of an organization that its structured data shows. */
export type OrganizationFacts = {
  name: string
  shortName?: null | string
  slug?: null | string
  website?: null | string
}

/** A person with the positions they hold, each at an organization (its name when known). */
export type PersonFacts = {
  name: string
  slug?: null | string
  positions?: { organization?: null | OrganizationFacts; title: string }[]
}

export type PlanFacts = { issuedOn?: null | string; number: string; title?: null | string }

export type ArticleFacts = {
  dateModified?: null | string
  datePublished?: null | string
  department?: null | OrganizationFacts
  description?: null | string
  headline: string
  image?: null | string
  people: PersonFacts[]
  plans: PlanFacts[]
  slug?: null | string
}

const CONTEXT = 'https://schema.org'

const compact = <T extends object>(value: T): T =>
  Object.fromEntries(
    Object.entries(value).filter(([, item]) => item !== undefined && item !== null && item !== ''),
  ) as T

const day = (value: null | string | undefined): string | undefined =>
  value ? value.slice(0, 10) : undefined

export const organizationNode = (org: OrganizationFacts, siteUrl: string): GovernmentOrganization =>
  compact({
    '@type': 'GovernmentOrganization',
    alternateName: org.shortName ?? undefined,
    name: org.name,
    sameAs: org.website ?? undefined,
    url: org.slug ? `${siteUrl}/organizations/${org.slug}` : undefined,
  }) as GovernmentOrganization

export const personNode = (person: PersonFacts, siteUrl: string): Person => {
  const positions = person.positions ?? []
  const jobTitles = positions.map((position) => position.title).filter(Boolean)
  const employers = positions
    .map((position) => position.organization)
    .filter((org): org is OrganizationFacts => Boolean(org?.name))
  return compact({
    '@type': 'Person',
    jobTitle:
      jobTitles.length === 0 ? undefined : jobTitles.length === 1 ? jobTitles[0] : jobTitles,
    name: person.name,
    url: person.slug ? `${siteUrl}/people/${person.slug}` : undefined,
    worksFor:
      employers.length === 0 ? undefined : employers.map((org) => organizationNode(org, siteUrl)),
  }) as Person
}

/** A plan as schema.org sees an official document: its number, title and date of issue. */
export const planNode = (plan: PlanFacts): CreativeWork =>
  compact({
    '@type': 'CreativeWork',
    dateCreated: day(plan.issuedOn),
    identifier: plan.number,
    name: plan.title ? `Kế hoạch số ${plan.number} về ${plan.title}` : `Kế hoạch số ${plan.number}`,
  }) as CreativeWork

/** The article's schema.org `NewsArticle`, linking to `${siteUrl}/articles/<slug>`. */
export const articleJsonLd = (article: ArticleFacts, siteUrl: string): WithContext<NewsArticle> => {
  const url = article.slug ? `${siteUrl}/articles/${article.slug}` : undefined
  return compact({
    '@context': CONTEXT,
    '@type': 'NewsArticle',
    citation: article.plans.length ? article.plans.map(planNode) : undefined,
    dateModified: article.dateModified ?? undefined,
    datePublished: article.datePublished ?? undefined,
    description: article.description ?? undefined,
    headline: article.headline,
    image: article.image ?? undefined,
    inLanguage: 'vi',
    mainEntityOfPage: url,
    mentions: article.people.length
      ? article.people.map((person) => personNode(person, siteUrl))
      : undefined,
    publisher: article.department ? organizationNode(article.department, siteUrl) : undefined,
    url,
  }) as WithContext<NewsArticle>
}

export const personJsonLd = (person: PersonFacts, siteUrl: string): WithContext<Person> =>
  ({ '@context': CONTEXT, ...(personNode(person, siteUrl) as object) }) as WithContext<Person>

export const organizationJsonLd = (
  org: OrganizationFacts,
  siteUrl: string,
): WithContext<GovernmentOrganization> =>
  ({
    '@context': CONTEXT,
    ...(organizationNode(org, siteUrl) as object),
  }) as WithContext<GovernmentOrganization>
