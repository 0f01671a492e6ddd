import type { Config, Payload, Plugin, SanitizedCollectionConfig } from 'payload'

import { isPopulationFind, selectLeavesOut } from '../lib/populate'

/** The paths of a collection's join fields (Payload's sanitized `joins` and `polymorphicJoins`). */
const joinPaths = (collection: SanitizedCollectionConfig): string[] => [
  ...Object.values(collection.joins ?? {}).flatMap((joins) =>
    joins.map(({ joinPath }) => joinPath),
  ),
  ...(collection.polymorphicJoins ?? []).map(({ joinPath }) => joinPath),
]

/** Payload's own `find` of each patched instance, for tests that compare answers with it. */
const stockFinds = new WeakMap<Payload, Payload['find']>()

/** Payload's own `find` of a patched instance (tests/int/population-finds.int.spec.ts), or null. */
export const stockFindOf = (payload: Payload): null | Payload['find'] =>
  stockFinds.get(payload) ?? null

/**
 * Compat patch: the finds Payload's dataloader makes to populate relations skip checks of what
 * their answer cannot show.
 *
 * What it changes: `payload.find` (an instance property) is wrapped. A population find (currentDepth
 * set, `where: { id: { in } }`, no sort, paging, limit or joins asked: src/lib/populate) is sorted
 * by `id` instead of the collection's default sort, and is asked for no joins (`joins: false`)
 * when its `select` leaves out every join field of the collection (a reverse join left out by
 * `defaultPopulate`, src/plugins/populate.ts) or it serves GraphQL (whose finds Payload hands the
 * database no joins anyway: payload/dist/collections/operations/find.js). Stock Payload validates, for every such find, the
 * default sort's field and each join's `where` and sort against the caller's field permissions,
 * computing the permissions of the whole collection (every field's read access) each time: six of
 * the eight such computations of one article read at depth 1. The dataloader puts the found documents
 * back in the order of its keys and reads every id (no limit), so the sort cannot change the
 * answer; the joins are dropped from it by `select` anyway.
 * Gain: see README, Performance ("Population finds"), measured with `npm run bench:cpu`.
 * Upstream: Payload validates joins that the select excludes (payload/dist/database/sanitizeJoinQuery.js)
 * and the sort of dataloader finds (payload/dist/collections/dataloader.js passes none).
 * Checked against: payload 3.90.1 (src/compat/index.ts; another version turns this off).
 * Guarded by: tests/int/population-finds.int.spec.ts (answers with the patch equal Payload's own,
 * REST, GraphQL and the Local API, anonymous and signed in).
 * Off switch: COMPAT=0.
 */
export const skipUnseenPopulationWork = (payload: Payload): void => {
  const find = payload.find
  stockFinds.set(payload, find)
  const joinsOf = new Map<string, string[]>()
  payload.find = ((args: Parameters<Payload['find']>[0]) => {
    if (!isPopulationFind(args)) {
      return find(args)
    }
    const collection = payload.collections[args.collection]?.config
    if (!collection) {
      return find(args)
    }
    let joins = joinsOf.get(collection.slug)
    if (!joins) {
      joins = joinPaths(collection)
      joinsOf.set(collection.slug, joins)
    }
    // Payload's find hands GraphQL's reads no joins whatever it validated (GraphQL resolves join
    // fields itself); elsewhere the joins go when `select` leaves out every one of them.
    const noJoins =
      args.req?.payloadAPI === 'GraphQL' ||
      joins.every((path) => selectLeavesOut(args.select, path))
    // `joins: false` is what Payload's find takes for "no joins"; its Local API type only lists objects.
    return find({ ...args, sort: 'id', ...(noJoins ? { joins: false } : {}) } as typeof args)
  }) as Payload['find']
}

/** Installs skipUnseenPopulationWork when Payload starts (after any other plugin's onInit). */
export const populationFindsPlugin =
  (enabled: boolean): Plugin =>
  (config: Config): Config =>
    enabled
      ? {
          ...config,
          onInit: async (payload) => {
            await config.onInit?.(payload)
            skipUnseenPopulationWork(payload)
          },
        }
      : config
