import type { Collection, FlattenedField, Payload, SanitizedCollectionConfig } from 'payload'

const collectionOf = (payload: Payload, slug: string): SanitizedCollectionConfig | undefined =>
  (payload.collections as Record<string, Collection | undefined>)[slug]?.config

/**
 * The fields a query path names segment by segment, through groups, arrays and single
 * relationships, up to the first segment that names none.
 */
const fieldsAlong = (
  payload: Payload,
  fields: FlattenedField[] | undefined,
  segments: string[],
): FlattenedField[] => {
  const found: FlattenedField[] = []
  let current = fields
  for (const segment of segments) {
    const field = current?.find((candidate) => candidate.name === segment)
    if (!field) {
      break
    }
    found.push(field)
    current =
      'flattenedFields' in field
        ? field.flattenedFields
        : (field.type === 'relationship' || field.type === 'upload') &&
            typeof field.relationTo === 'string'
          ? collectionOf(payload, field.relationTo)?.flattenedFields
          : undefined
  }
  return found
}

/** The field a query path names, through groups, arrays and single relationships. */
export const fieldAt = (
  payload: Payload,
  fields: FlattenedField[] | undefined,
  path: string,
): FlattenedField | undefined => {
  const segments = path.split('.')
  const found = fieldsAlong(payload, fields, segments)
  return found.length === segments.length ? found.at(-1) : undefined
}

/** A sort's path as segments: no direction, GraphQL's `__` read as dots. */
const sortSegments = (path: string): string[] =>
  path.replace(/^-/, '').replace(/__/g, '.').split('.')

/**
 * Whether a sort path names a hidden field on its way (an account's `hash`, `salt`, reset token,
 * login attempts, sessions), in the collection or one a relationship leads to. Payload checks a
 * sort against field access only when it resolves the whole path itself, and through a
 * relationship to an account it did not, while the database still sorted by that column.
 */
export const sortsByHidden = (payload: Payload, fields: FlattenedField[], path: string): boolean =>
  fieldsAlong(payload, fields, sortSegments(path)).some(
    (field) => (field as { hidden?: unknown }).hidden === true,
  )

/**
 * The accounts collections (auth enabled) a sort path leads into through a relationship, when it
 * goes on to one of their fields: `review.submittedBy.email` → `users`. Sorting by an account's
 * field orders the records by it, an oracle on accounts the caller may not read.
 */
export const accountsSortedThrough = (
  payload: Payload,
  fields: FlattenedField[],
  path: string,
): string[] => {
  const segments = sortSegments(path)
  return fieldsAlong(payload, fields, segments).flatMap((field, at) => {
    if (
      at === segments.length - 1 ||
      (field.type !== 'relationship' && field.type !== 'upload') ||
      typeof field.relationTo !== 'string'
    ) {
      return []
    }
    const target = collectionOf(payload, field.relationTo)
    return target?.auth ? [target.slug] : []
  })
}

/** The date field a condition's path names; version records hold the document under `version.`. */
export const isDateField = (payload: Payload, fields: FlattenedField[], path: string): boolean =>
  (fieldAt(payload, fields, path) ?? fieldAt(payload, fields, path.replace(/^version\./, '')))
    ?.type === 'date'

/** The collection a join field lists, with its fields. */
export const joinTarget = (
  payload: Payload,
  fields: FlattenedField[],
  name: string,
): {
  field: Extract<FlattenedField, { type: 'join' }>
  fields: FlattenedField[]
  slug: string
} | null => {
  const field = fields.find((candidate) => candidate.name === name)
  if (field?.type !== 'join' || typeof field.collection !== 'string') {
    return null
  }
  const target = collectionOf(payload, field.collection)?.flattenedFields
  return target ? { field, fields: target, slug: field.collection } : null
}

/**
 * Whether Payload can sort a join by `path`. Its SQL for a join's sort reaches only the joined
 * collection's own table: a localized or hasMany field, a field of an array the join does not run
 * through, or a related record's field fails there as a 500. Unknown names Payload handles itself.
 */
export const joinSortable = (fields: FlattenedField[], path: string, on: string): boolean => {
  const segments = path.replace(/^-/, '').split('.')
  let current = fields
  for (const [index, segment] of segments.entries()) {
    const field = current.find((candidate) => candidate.name === segment)
    if (!field) {
      return true
    }
    if (('localized' in field && field.localized) || ('hasMany' in field && field.hasMany)) {
      return false
    }
    if (index === segments.length - 1) {
      return true
    }
    const through = `${segments.slice(0, index + 1).join('.')}.`
    if (field.type === 'group' || (field.type === 'array' && on.startsWith(through))) {
      current = field.flattenedFields
    } else {
      return false
    }
  }
  return true
}
