/**
 * Which population finds can skip work that cannot show in their answer (src/compat/populationFinds.ts).
 * Pure: no Payload import.
 */

/**
 * Whether `select` certainly leaves the field at `path` (dots for groups and named tabs) out of
 * the answer. Only the plain excluding select is recognised, every value `false` (what a
 * collection's `defaultPopulate` of reverse joins is, src/plugins/populate.ts), with the path or
 * its top group in it; anything else (an including select, nested selects, no select) counts as
 * keeping the field.
 */
export const selectLeavesOut = (select: unknown, path: string): boolean => {
  if (!select || typeof select !== 'object' || Array.isArray(select)) {
    return false
  }
  const values = Object.values(select)
  if (values.length === 0 || values.some((value) => value !== false)) {
    return false
  }
  return (select as Record<string, unknown>)[path.split('.')[0]] === false
}

/** The arguments Payload's dataloader passes when it populates relations (payload/dist/collections/dataloader.js). */
type FindArgs = {
  currentDepth?: unknown
  disableErrors?: unknown
  joins?: unknown
  limit?: unknown
  page?: unknown
  pagination?: unknown
  select?: unknown
  sort?: unknown
  where?: unknown
}

/**
 * True for the find Payload's dataloader makes to populate a batch of relations: a current depth,
 * errors off, no paging, no sort, no joins asked, and `where: { id: { in: [...] } }` only. Its
 * result is put back in the order of the keys, so the order of the rows does not matter, and
 * with no limit every id is read whatever the order.
 */
export const isPopulationFind = (args: FindArgs): boolean => {
  if (
    args.currentDepth === undefined ||
    args.disableErrors !== true ||
    args.pagination !== false ||
    args.joins !== undefined ||
    args.sort !== undefined ||
    args.limit !== undefined ||
    args.page !== undefined
  ) {
    return false
  }
  const where = args.where as Record<string, unknown> | null | undefined
  if (!where || typeof where !== 'object' || Object.keys(where).length !== 1) {
    return false
  }
  const id = where.id as Record<string, unknown> | null | undefined
  return (
    !!id &&
    typeof id === 'object' &&
    Object.keys(id).length === 1 &&
    Array.isArray((id as { in?: unknown }).in)
  )
}
