import type {
  CollectionBeforeDeleteHook,
  CollectionSlug,
  Payload,
  PayloadRequest,
  Plugin,
  SanitizedCollectionConfig,
  Where,
} from 'payload'

import type { FieldShape, Holder, RequiredReference } from '../lib/references'

import { Conflict } from '../errors'
import { requiredReferences, stillHeldMessage } from '../lib/references'

type Referrer = { collection: SanitizedCollectionConfig; references: RequiredReference[] }

/** Per Payload instance and target: the collections whose required fields may point at it. */
const referrersCache = new WeakMap<Payload, Map<string, Referrer[]>>()

/**
 * Read from the sanitized config, so every required relationship or upload counts, whoever added
 * it. Payload's own collections (`payload-*`: preferences, locks, jobs) are left out: Payload
 * clears those itself when a record goes.
 */
export const referrersOf = (payload: Payload, target: string): Referrer[] => {
  const byTarget = referrersCache.get(payload) ?? new Map<string, Referrer[]>()
  referrersCache.set(payload, byTarget)
  let referrers = byTarget.get(target)
  if (!referrers) {
    referrers = Object.values(payload.collections)
      .map(({ config }) => ({
        collection: config,
        references: requiredReferences(config.flattenedFields as FieldShape[], target),
      }))
      .filter(
        ({ collection, references }) =>
          references.length > 0 && !collection.slug.startsWith('payload-'),
      )
    byTarget.set(target, referrers)
  }
  return referrers
}

const pointsAt = (
  { path, polymorphic }: RequiredReference,
  target: string,
  id: number | string,
): Where =>
  polymorphic
    ? {
        and: [
          { [`${path}.relationTo`]: { equals: target } },
          { [`${path}.value`]: { equals: id } },
        ],
      }
    : { [path]: { equals: id } }

/**
 * The records whose required fields still point at `id`: the stored records, and for collections
 * with drafts the latest version of each record too (a draft left pointing at a deleted record
 * could never be published). Older versions are history: Payload empties their reference, and
 * restoring one asks for a new value. A system check, past access control: the caller must learn
 * that a record they cannot read still holds this one (only counts are named, never the records).
 */
const holdersOf = async (
  req: PayloadRequest,
  target: SanitizedCollectionConfig,
  id: number | string,
): Promise<Holder[]> => {
  const holders: Holder[] = []
  for (const { collection, references } of referrersOf(req.payload, target.slug)) {
    const slug = collection.slug as CollectionSlug
    // A record holding itself goes with itself.
    const notItself: Where[] = slug === target.slug ? [{ id: { not_equals: id } }] : []
    const stored = new Set<string>()
    const drafted = new Set<string>()
    const paths: string[] = []
    for (const reference of references) {
      const where = pointsAt(reference, target.slug, id)
      const { docs } = await req.payload.find({
        collection: slug,
        depth: 0,
        // System check (see above): holders the caller cannot read count too.
        overrideAccess: true,
        pagination: false,
        req,
        select: {},
        where: { and: [where, ...notItself] },
      })
      let found = docs.length > 0
      docs.forEach((doc) => stored.add(String(doc.id)))
      if (collection.versions?.drafts) {
        const prefixed = pointsAt(
          { ...reference, path: `version.${reference.path}` },
          target.slug,
          id,
        )
        const versions = await req.payload.findVersions({
          collection: slug,
          depth: 0,
          overrideAccess: true,
          pagination: false,
          req,
          select: { parent: true },
          where: {
            and: [
              { latest: { equals: true } },
              prefixed,
              ...(notItself.length > 0 ? [{ parent: { not_equals: id } }] : []),
            ],
          },
        })
        found ||= versions.docs.length > 0
        for (const version of versions.docs) {
          const parent = version.parent as unknown
          drafted.add(
            String(typeof parent === 'object' && parent ? (parent as { id: unknown }).id : parent),
          )
        }
      }
      if (found) {
        paths.push(reference.path)
      }
    }
    const onlyDrafted = [...drafted].filter((parent) => !stored.has(parent))
    if (paths.length > 0) {
      holders.push({
        collection: slug,
        count: stored.size + onlyDrafted.length,
        drafts: onlyDrafted.length,
        label: collection.labels?.plural as Holder['label'],
        paths,
      })
    }
  }
  return holders
}

/**
 * A record that another record's required field points at is not deleted: the database would
 * empty that field, and the other record could then never be saved or published again. Refused
 * with 409 through every door (REST by id or by `where`, GraphQL, the Local API), before Payload
 * touches anything; a bulk delete reports the refused ones among its errors and deletes the rest.
 * Optional references are emptied as Payload does.
 */
const refuseDeleteWhileRequired: CollectionBeforeDeleteHook = async ({ collection, id, req }) => {
  const holders = await holdersOf(req, collection, id)
  if (holders.length > 0) {
    throw new Conflict(stillHeldMessage(holders))
  }
}

/** Adds the check first in every collection: any of them may be required by another. */
export const referencesPlugin: Plugin = (config) => ({
  ...config,
  collections: (config.collections ?? []).map((collection) => ({
    ...collection,
    hooks: {
      ...collection.hooks,
      beforeDelete: [refuseDeleteWhileRequired, ...(collection.hooks?.beforeDelete ?? [])],
    },
  })),
})
