import type { Endpoint, PayloadRequest, Where } from 'payload'

import type { SyncPosition } from '../lib/sync/token'
import { decodeToken, encodeToken } from '../lib/sync/token'
import { capsFor } from '../plugins/policy/readPolicy'
import { slugs } from '../slugs'
import { errorResponse } from '../lib/errorShape'
import { asSystem } from '../access/asSystem'

/** The published content an integrator mirrors, in the order the first listing walks it. */
export const SYNCED = [slugs.organizations, slugs.people, slugs.plans, slugs.articles] as const
type Synced = (typeof SYNCED)[number]

const DEFAULT_LIMIT = 500
/**
 * Audit records younger than this are left for the next call: on PostgreSQL a transaction that
 * took a smaller id may commit after a larger one, and a token past it would skip it for good.
 */
export const SETTLE_MS = 2000
const MAX_LIMIT = 1000

type Change = { at: string; collection: Synced; id: number | string; type: 'delete' | 'upsert' }

const error = errorResponse

/** An audit record's `targetId` (text) as the collection's id type. */
const idFrom = (req: PayloadRequest, value: string): number | string =>
  req.payload.db.defaultIDType === 'number' ? Number(value) : value

const settled = (): Where => ({
  createdAt: { less_than: new Date(Date.now() - SETTLE_MS).toISOString() },
})

/** The newest settled audit record's id: changes after it are what the next call lists. */
const auditMark = async (req: PayloadRequest): Promise<number | string> => {
  // The audit log is nobody's to read through the API but the board's.
  const { docs } = await req.payload.find({
    collection: slugs.auditLog,
    depth: 0,
    limit: 1,
    ...asSystem(),
    select: {},
    sort: '-id',
    where: settled(),
  })
  return (docs[0]?.id as number | string | undefined) ?? 0
}

/** Published records the caller may read, `where` narrowing them further. */
const published = (req: PayloadRequest, collection: Synced, where: Where, limit: number) =>
  req.payload.find({
    collection,
    depth: 0,
    draft: false,
    limit,
    overrideAccess: false,
    req,
    select: { updatedAt: true },
    sort: 'id',
    user: req.user,
    where: { and: [{ _status: { equals: 'published' } }, where] },
  })

/** The first listing: every published record as an upsert, collection by collection. */
const listing = async (
  req: PayloadRequest,
  position: Extract<SyncPosition, { kind: 'listing' }>,
  limit: number,
) => {
  const changes: Change[] = []
  let { after, collection } = position
  while (collection < SYNCED.length) {
    const slug = SYNCED[collection]!
    const room = limit - changes.length
    // One more than fits: if it comes, this collection goes on next time.
    const { docs } = await published(
      req,
      slug,
      after === null ? {} : { id: { greater_than: after } },
      room + 1,
    )
    for (const doc of docs.slice(0, room)) {
      changes.push({ at: String(doc.updatedAt), collection: slug, id: doc.id, type: 'upsert' })
      after = doc.id
    }
    if (docs.length > room) {
      return {
        changes,
        hasMore: true,
        next: { after, collection, kind: 'listing', mark: position.mark } as SyncPosition,
      }
    }
    collection += 1
    after = null
  }
  return {
    changes,
    hasMore: false,
    next: { audit: position.mark, kind: 'changes' } as SyncPosition,
  }
}

/**
 * Changes after an audit record: each record touched since, once, as it stands now. Published:
 * an upsert; anything else (unpublished, deleted, or a draft never published): a delete, which a
 * mirror that never held the record ignores.
 */
const changesAfter = async (
  req: PayloadRequest,
  position: Extract<SyncPosition, { kind: 'changes' }>,
  limit: number,
) => {
  // The audit log says what changed; what the caller sees is checked below.
  const { docs: records } = await req.payload.find({
    collection: slugs.auditLog,
    depth: 0,
    limit: limit + 1,
    ...asSystem(),
    select: { createdAt: true, targetCollection: true, targetId: true },
    sort: 'id',
    where: {
      and: [
        { id: { greater_than: position.audit } },
        { targetCollection: { in: [...SYNCED] } },
        { targetId: { exists: true } },
        settled(),
      ],
    },
  })
  const page = records.slice(0, limit)
  const latest = new Map<string, { at: string; collection: Synced; id: number | string }>()
  for (const record of page) {
    const collection = record.targetCollection as Synced
    const id = idFrom(req, String(record.targetId))
    const key = `${collection}:${id}`
    // Listed once, at its latest change.
    latest.delete(key)
    latest.set(key, { at: String(record.createdAt), collection, id })
  }
  const live = new Set<string>()
  for (const collection of SYNCED) {
    const ids = [...latest.values()].filter((entry) => entry.collection === collection)
    if (ids.length) {
      const { docs } = await published(
        req,
        collection,
        { id: { in: ids.map((entry) => entry.id) } },
        ids.length,
      )
      for (const doc of docs) {
        live.add(`${collection}:${doc.id}`)
      }
    }
  }
  const changes: Change[] = [...latest.entries()].map(([key, entry]) => ({
    ...entry,
    type: live.has(key) ? 'upsert' : 'delete',
  }))
  const last = page.at(-1)?.id as number | string | undefined
  return {
    changes,
    hasMore: records.length > limit,
    next: { audit: last ?? position.audit, kind: 'changes' } as SyncPosition,
  }
}

/**
 * `GET /api/sync[?since=<token>][&limit=<1..1000>]`: what an integrator needs to mirror published
 * content (the contract's shape). Built on the audit log, which records every create, update,
 * publish, unpublish and delete in the writer's transaction.
 */
export const syncEndpoint: Endpoint = {
  handler: async (req) => {
    if (!req.payload.collections[slugs.auditLog]) {
      return error(404, 'The sync feed needs the audit log, which is not installed.')
    }
    const query = (req.query ?? {}) as Record<string, unknown>
    let limit = DEFAULT_LIMIT
    if (query.limit !== undefined) {
      const asked = Number(query.limit)
      // The caller's page cap (anonymous 100, keys 1,000), as Payload's own lists have it.
      const caps = capsFor(req)
      const cap = Math.min(caps?.limit ?? MAX_LIMIT, MAX_LIMIT)
      if (typeof query.limit !== 'string' || !Number.isInteger(asked) || asked < (caps ? 0 : 1)) {
        return error(400, `"limit" must be a whole number from 1 to ${MAX_LIMIT}.`)
      }
      limit = asked === 0 ? cap : Math.min(asked, cap)
    }
    let position: null | SyncPosition
    if (query.since === undefined) {
      position = { after: null, collection: 0, kind: 'listing', mark: await auditMark(req) }
    } else {
      position = typeof query.since === 'string' ? decodeToken(query.since, SYNCED.length) : null
      if (!position) {
        return error(400, '"since" is not a token this server gave; start again without it.')
      }
    }
    const page =
      position.kind === 'listing'
        ? await listing(req, position, limit)
        : await changesAfter(req, position, limit)
    return Response.json({
      changes: page.changes,
      hasMore: page.hasMore,
      next: encodeToken(page.next),
    })
  },
  method: 'get',
  path: '/sync',
}
