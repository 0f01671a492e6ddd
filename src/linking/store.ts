import type { Payload, PayloadRequest } from 'payload'

import type { ExtractResult } from '../lib/extract'
import type { KnownOrg } from '../lib/link/organizations'
import { slugs } from '../slugs'
import { forgetKnownOrganizations, knownOrganizations } from './knownOrganizations'
import { asSystem } from '../access/asSystem'
import type { Id } from '../lib/types'

/** What linking needs to know about a person who may be the one a text names. */
export type Namesake = {
  _status?: null | string
  department?: unknown
  id: Id
  positions?: Array<{ organization?: unknown }> | null
}

/** What linking needs to know about a plan already on file. */
export type FiledPlan = { _status?: null | string; department?: unknown; id: Id }

export type NewOrganization = {
  _status: 'draft' | 'published'
  kind?: 'ban'
  name: string
  shortName?: string
}
export type NewPerson = {
  _status: 'draft' | 'published'
  department: Id
  honorific?: 'ba' | 'dong-chi' | 'ong'
  name: string
  positions: Array<{ organization: Id; title: string }>
}
export type NewPlan = {
  _status: 'draft' | 'published'
  department: Id
  issuedOn: string
  issuer?: Id
  number: string
  periodYear?: number
  title: string
}

/**
 * Where linking finds and files the records a text mentions. The save hook files them one by one
 * through the Local API (localApiStore); a bulk import files a whole batch at once (src/import).
 * Both run the same linking rules (resolveMentions), so both link alike.
 */
export type MentionStore = {
  /** What a text mentions, given the directory; a store may keep results it computed before. */
  extract?: (text: string, directory: KnownOrg<Id>[]) => ExtractResult
  organizations: () => Promise<KnownOrg<Id>[]>
  createOrganization: (data: NewOrganization) => Promise<Id>
  /** Up to 20 people of exactly this name. */
  peopleNamed: (name: string) => Promise<Namesake[]>
  createPerson: (data: NewPerson) => Promise<Id>
  planNumbered: (number: string) => Promise<FiledPlan | undefined>
  createPlan: (data: NewPlan) => Promise<Id>
}

/**
 * Linking through the Local API, inside the saving request's transaction. System work: linking
 * looks up and creates records on the article's behalf; created records are drafts of the
 * article's department (or published with an article the board or an import publishes).
 */
export const localApiStore = (req: PayloadRequest): MentionStore => localStore(req.payload, req)

/** The same, for system work outside any request: each write is its own transaction. */
export const localStore = (payload: Payload, req?: PayloadRequest): MentionStore => {
  return {
    organizations: () => knownOrganizations(req ?? ({ payload } as PayloadRequest)),
    createOrganization: async (data) => {
      const created = await payload.create({
        collection: slugs.organizations,
        depth: 0,
        data,
        ...asSystem(req),
      })
      forgetKnownOrganizations(payload)
      return created.id
    },
    peopleNamed: async (name) => {
      const { docs } = await payload.find({
        collection: slugs.people,
        depth: 0,
        joins: false,
        limit: 20,
        ...asSystem(req),
        pagination: false,
        where: { name: { equals: name } },
      })
      return docs
    },
    createPerson: async (data) => {
      const created = await payload.create({
        collection: slugs.people,
        depth: 0,
        data: data as never,
        ...asSystem(req),
      })
      return created.id
    },
    planNumbered: async (number) => {
      const { docs } = await payload.find({
        collection: slugs.plans,
        depth: 0,
        // Reverse joins are never needed here, and each is a query over the archive.
        joins: false,
        limit: 1,
        ...asSystem(req),
        pagination: false,
        where: { number: { equals: number } },
      })
      return docs[0]
    },
    createPlan: async (data) => {
      const created = await payload.create({
        collection: slugs.plans,
        depth: 0,
        data: data as never,
        ...asSystem(req),
      })
      return created.id
    },
  }
}
