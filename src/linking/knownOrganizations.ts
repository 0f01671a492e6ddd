import type { Payload, PayloadRequest } from 'payload'

import type { KnownOrg } from '../lib/link/organizations'
import { slugs } from '../slugs'
import { asSystem } from '../access/asSystem'
import type { Id } from '../lib/types'

type Directory = { organizations: Promise<KnownOrg<Id>[]>; stamp: string }

const directories = new WeakMap<Payload, Directory>()
/** Bumped by forgetKnownOrganizations: a request's checked copy is then checked again. */
const epochs = new WeakMap<Payload, number>()
const checked = new WeakMap<PayloadRequest, { epoch: number; organizations: KnownOrg<Id>[] }>()

/**
 * How many organizations there are and when the latest changed: any create or delete changes
 * the count, any save the latest `updatedAt`, whichever process or instance wrote it. Two
 * indexed queries; the directory itself is read only when this changed.
 */
const stampOf = async (payload: Payload): Promise<string> => {
  // The directory covers every organization, published or not.
  const { docs, totalDocs } = await payload.find({
    collection: slugs.organizations,
    depth: 0,
    joins: false,
    limit: 1,
    ...asSystem(),
    select: { updatedAt: true },
    sort: '-updatedAt',
  })
  return `${totalDocs}:${docs[0]?.updatedAt ?? ''}`
}

const readDirectory = (payload: Payload): Promise<KnownOrg<Id>[]> =>
  // Matching needs every organization, published or not.
  payload
    .find({
      collection: slugs.organizations,
      depth: 0,
      joins: false,
      limit: 0,
      ...asSystem(),
      pagination: false,
      select: { documentCode: true, name: true, shortName: true },
    })
    .then(({ docs }) =>
      docs.map((doc) => ({
        documentCode: doc.documentCode,
        id: doc.id,
        name: doc.name,
        shortName: doc.shortName,
      })),
    )

const current = async (payload: Payload): Promise<KnownOrg<Id>[]> => {
  // The stamp is read first: a change landing between the two reads only causes a reread later.
  const stamp = await stampOf(payload)
  const kept = directories.get(payload)
  if (kept && kept.stamp === stamp) {
    return kept.organizations
  }
  const organizations = readDirectory(payload)
  const directory = { organizations, stamp }
  directories.set(payload, directory)
  organizations.catch(() => {
    if (directories.get(payload) === directory) {
      directories.delete(payload)
    }
  })
  return organizations
}

/**
 * Every organization's name, short name and document code, for matching what a text names.
 * Kept in memory, but checked against the database's stamp (count and latest change) before
 * each use, once per request: an organization another process or instance created (an
 * `npm run import` while serving) is known at once, with or without Redis.
 */
export const knownOrganizations = async (req: PayloadRequest): Promise<KnownOrg<Id>[]> => {
  const epoch = epochs.get(req.payload) ?? 0
  const seen = checked.get(req)
  if (seen && seen.epoch === epoch) {
    return seen.organizations
  }
  const organizations = await current(req.payload)
  checked.set(req, { epoch, organizations })
  return organizations
}

/** Called after an organization changes in this process: the next lookup reads it again. */
export const forgetKnownOrganizations = (payload: Payload): void => {
  directories.delete(payload)
  epochs.set(payload, (epochs.get(payload) ?? 0) + 1)
}
