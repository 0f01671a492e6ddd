import type { ReadArgs } from './rendered'
import type { OrganizationFacts, PersonFacts } from '../lib/structured/jsonLd'
import type { Organization, Person } from '../payload-types'
import { slugs } from '../slugs'
import { idOf } from '../lib/ids'
import { findByIds } from './rendered'
import type { Id } from '../lib/types'

export const organizationFacts = (org: Organization | undefined): OrganizationFacts | null =>
  org
    ? { name: org.name, shortName: org.shortName, slug: org.slug, website: org.contact?.website }
    : null

/** A person with their positions' organizations, read as the caller may read them. */
export const personFacts = async (people: Person[], args: ReadArgs): Promise<PersonFacts[]> => {
  const orgIds = new Set<Id>()
  for (const person of people) {
    for (const position of person.positions ?? []) {
      const org = idOf(position.organization)
      if (org !== null) {
        orgIds.add(org)
      }
    }
  }
  const orgs = await findByIds<Organization>(args, slugs.organizations, [...orgIds])
  return people.map((person) => ({
    name: person.name,
    positions: (person.positions ?? []).map((position) => ({
      organization: organizationFacts(orgs.get(String(idOf(position.organization)))),
      title: position.title,
    })),
    slug: person.slug,
  }))
}
