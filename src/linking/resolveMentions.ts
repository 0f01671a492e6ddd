import type { AccessUser } from '../access'
import { idOf, isBoardUser } from '../access'
import { periodYearOf, subjectOf } from '../lib/documents/subject'
import type { ExtractedPerson } from '../lib/extract'
import { documentIdentity, extract, hasCode } from '../lib/extract'
import type { KnownOrg } from '../lib/link/organizations'
import { matchOrganization } from '../lib/link/organizations'
import { fold } from '../lib/vietnamese'
import type { MentionStore } from './store'
import type { Id } from '../lib/types'

export type Citation = {
  issuedOn: null | string
  issuer: null | string
  kind: string
  number: string
}

/**
 * Whether a cited document is filed as a plan record: a plan needs a coded number to be found
 * again ("Kế hoạch số 125" alone could be any plan numbered 125), so plans with a bare number stay
 * citations.
 */
export const isPlanReference = (document: {
  issuedOn?: null | string
  kind: string
  number: string
}): boolean =>
  fold(document.kind) === 'ke hoach' && Boolean(document.issuedOn) && hasCode(document.number)

/** A proposed link, keyed so an editor's removal of it is remembered. */
export type Proposal = { id: Id; key: string }

export type ResolvedMentions = {
  citations: Array<Citation & { key: string }>
  organizations: Proposal[]
  people: Proposal[]
  plans: Proposal[]
}

type ResolveArgs = {
  /** The article's owning department: missing records are created as its drafts. */
  department: Id
  /** Keys proposed before: never proposed or created again (the editor may have removed them). */
  known: Set<string>
  /**
   * The article is being published: records it creates go live with it at once, as
   * publishMentions would publish them right after (saving each a second time).
   */
  publishing?: boolean
  /** Where records are found and filed. */
  store: MentionStore
  text: string
  /** Who is saving: linking proposes only records this user may read. None for system work. */
  user: AccessUser | null
}

const HONORIFICS: Record<string, 'ba' | 'dong-chi' | 'ong'> = {
  bà: 'ba',
  'đồng chí': 'dong-chi',
  ông: 'ong',
}

type Visible = { _status?: null | string; department?: unknown }

/** Whether the acting user may read the record, so linking it will pass validation. */
const visibleTo = (user: AccessUser | null, doc: Visible): boolean => {
  if (!user || isBoardUser(user) || doc._status === 'published') {
    return true
  }
  return String(idOf(doc.department)) === String(idOf(user.department))
}

/**
 * Finds or creates the organizations, people and plans a text mentions, and lists the other
 * documents it cites. Creating missing records is system work: they are drafts owned by the
 * article's department, invisible to the public until the board publishes them (or published at
 * once when the save publishes the article, which only the board or an import can do).
 */
export const resolveMentions = async ({
  department,
  known,
  publishing = false,
  store,
  text,
  user,
}: ResolveArgs): Promise<ResolvedMentions> => {
  const status = publishing ? 'published' : 'draft'
  let directory = await store.organizations()
  const found = store.extract
    ? store.extract(text, directory)
    : extract(text, { organizations: directory })
  const result: ResolvedMentions = { citations: [], organizations: [], people: [], plans: [] }

  const organizationId = async (name: string, create: boolean): Promise<Id | null> => {
    const match = matchOrganization(name, directory)
    if (match) {
      return match.id
    }
    if (!create) {
      return null
    }
    // A name not in the directory may be a renamed organization's former name (its slug kept):
    // linking cannot know it is the same body, so it files a new one, under the next free slug.
    const id = await store.createOrganization({ _status: status, name })
    directory = [...directory, { id, name } as KnownOrg<Id>]
    return id
  }

  for (const organization of found.organizations) {
    const key = `org:${fold(organization.name)}`
    if (known.has(key)) {
      continue
    }
    const id = await organizationId(organization.name, true)
    if (id !== null) {
      result.organizations.push({ id, key })
    }
  }

  for (const person of found.people) {
    const key = `person:${fold(person.name)}`
    if (known.has(key)) {
      continue
    }
    const id = await personId(store, user, person, department, organizationId, status)
    if (id !== null) {
      result.people.push({ id, key })
    }
  }

  for (const document of found.documents) {
    const isPlan = isPlanReference(document)
    const key = `${isPlan ? 'plan' : 'cite'}:${documentIdentity(document)}`
    if (known.has(key)) {
      continue
    }
    if (!isPlan) {
      result.citations.push({ ...document, key })
      continue
    }
    const plan = await store.planNumbered(document.number)
    if (plan) {
      if (visibleTo(user, plan)) {
        result.plans.push({ id: plan.id, key })
      }
      continue
    }
    const subject = subjectOf(text, document.number)
    const issuer = document.issuer ? await organizationId(document.issuer, false) : null
    const id = await store.createPlan({
      _status: status,
      department,
      issuedOn: document.issuedOn!,
      issuer: issuer ?? undefined,
      number: document.number,
      periodYear: periodYearOf(subject) ?? undefined,
      title: subject ?? `Kế hoạch ${document.number}`,
    })
    result.plans.push({ id, key })
  }
  return result
}

/** The person record for an extracted mention: the same name at one of the same organizations, or new. */
const personId = async (
  store: MentionStore,
  user: AccessUser | null,
  person: ExtractedPerson,
  department: Id,
  organizationId: (name: string, create: boolean) => Promise<Id | null>,
  status: 'draft' | 'published',
): Promise<Id | null> => {
  const positions: Array<{ organization: Id; title: string }> = []
  for (const position of person.positions) {
    const organization = position.organization
      ? await organizationId(position.organization, true)
      : null
    if (organization !== null) {
      positions.push({ organization, title: position.title })
    }
  }
  const namesakes = await store.peopleNamed(person.name)
  const orgIds = new Set(positions.map((position) => String(position.organization)))
  const same = namesakes.find(
    (doc) =>
      orgIds.size === 0 ||
      !doc.positions?.length ||
      doc.positions.some((position) => orgIds.has(String(idOf(position.organization)))),
  )
  if (same) {
    return visibleTo(user, same) ? same.id : null
  }
  // A new record even when the name is a renamed record's former one: linking cannot tell a rename
  // from a namesake, and linking the wrong person is worse than a second record an editor can
  // merge. Its slug is the next free one (the slug field's hook; the bulk store likewise).
  return store.createPerson({
    _status: status,
    department,
    honorific: person.honorific ? HONORIFICS[person.honorific] : undefined,
    name: person.name,
    positions,
  })
}
