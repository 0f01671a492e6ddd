import type { TextFieldSingleValidation, Where } from 'payload'

import { text } from 'payload/shared'
import { asSystem } from '../access/asSystem'

type UniqueArgs = {
  collection: string
  field: string
  /** What the editor reads when the value is taken. */
  message: string
}

/**
 * Text validation that also refuses a value another document already has, so the 400 names this
 * field (the database's own unique index would name whichever index failed first).
 */
export const validateUnique =
  ({ collection, field, message }: UniqueArgs): TextFieldSingleValidation =>
  async (value, options) => {
    const base = await text(value, options)
    if (base !== true || typeof value !== 'string' || !value.trim()) {
      return base
    }
    const where: Where = { [field]: { equals: value.trim() } }
    if (options.id !== undefined) {
      where.id = { not_equals: options.id }
    }
    // Uniqueness holds across records the caller may not be allowed to read.
    const { totalDocs } = await options.req.payload.count({
      collection: collection as 'plans',
      ...asSystem(options.req),
      where,
    })
    return totalDocs > 0 ? message : true
  }
