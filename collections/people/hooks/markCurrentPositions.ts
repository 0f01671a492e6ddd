import type { CollectionAfterReadHook } from 'payload'
import type { Person } from '../../../src/payload-types'

type Position = { current?: boolean; endDate?: null | string }

/** A position is current until its end date passes; derived on read so it never goes stale. */
export const markCurrentPositions: CollectionAfterReadHook<Person> = ({ doc }) => {
  if (Array.isArray(doc?.positions)) {
    const now = Date.now()
    for (const position of doc.positions as Position[]) {
      position.current = !position.endDate || new Date(position.endDate).getTime() >= now
    }
  }
  return doc
}
