import type { CollectionAfterReadHook } from 'payload'
import type { Organization } from '../../../src/payload-types'

type JoinValue = { docs?: unknown[] }

const keyOf = (doc: unknown): unknown =>
  doc && typeof doc === 'object' && 'id' in doc ? (doc as { id: unknown }).id : doc

/**
 * A person with two positions in one organization appears twice in the join over
 * `positions.organization` (one row per array item); list each person once.
 */
export const dedupePeopleJoin: CollectionAfterReadHook<Organization> = ({ doc }) => {
  const join = doc?.people as JoinValue | undefined
  if (join && Array.isArray(join.docs)) {
    const seen = new Set<unknown>()
    join.docs = join.docs.filter((item) => {
      const key = keyOf(item)
      if (seen.has(key)) {
        return false
      }
      seen.add(key)
      return true
    })
  }
  return doc
}
