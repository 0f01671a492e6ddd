import type { Collection, FlattenedField, Payload, SanitizedCollectionConfig } from 'payload'

const fieldsOf = (payload: Payload, slug: string | undefined): FlattenedField[] | undefined =>
  slug
    ? (payload.collections as Record<string, Collection | undefined>)[slug]?.config.flattenedFields
    : undefined

/** The field a query path names, through groups, arrays and single relationships. */
export const fieldAt = (
  payload: Payload,
  fields: FlattenedField[] | undefined,
  path: string,
): FlattenedField | undefined => {
  let current = fields
  let field: FlattenedField | undefined
  for (const segment of path.split('.')) {
    if (field) {
      current =
        'flattenedFields' in field
          ? field.flattenedFields
          : (field.type === 'relationship' || field.type === 'upload') &&
              typeof field.relationTo === 'string'
            ? fieldsOf(payload, field.relationTo)
            : undefined
    }
    field = current?.find((candidate) => candidate.name === segment)
    if (!field) {
      return undefined
    }
  }
  return field
}

/**
 * Whether a sort path names a hidden field on its way (an account's `hash`, `salt`, reset token,
 * login attempts, sessions), in the collection or one a relationship leads to. Payload checks a
 * sort against field access only when it resolves the whole path itself, and through a
 * relationship to an account it did not, while the database still sorted by that column.
 */
export const sortsByHidden = (
  payload: Payload,
  fields: FlattenedField[],
  path: string,
): boolean => {
  let current: FlattenedField[] | undefined = fields
  let field: FlattenedField | undefined
  for (const segment of path.replace(/^-/, '').replace(/__/g, '.').split('.')) {
    if (field) {
      current =
        'flattenedFields' in field
          ? field.flattenedFields
          : (field.type === 'relationship' || field.type === 'upload') &&
              typeof field.relationTo === 'string'
            ? fieldsOf(payload, field.relationTo)
            : undefined
    }
    field = current?.find((candidate) => candidate.name === segment)
    if (!field) {
      return false
    }
    if ((field as { hidden?: unknown }).hidden === true) {
      return true
    }
  }
  return false
}

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
  const found: string[] = []
  let current: FlattenedField[] | undefined = fields
  const segments = path.replace(/^-/, '').replace(/__/g, '.').split('.')
  for (const [at, segment] of segments.entries()) {
    const field: FlattenedField | undefined = current?.find(
      (candidate) => candidate.name === segment,
    )
    if (!field) {
      break
    }
    if ('flattenedFields' in field) {
      current = field.flattenedFields
      continue
    }
    if (
      (field.type === 'relationship' || field.type === 'upload') &&
      typeof field.relationTo === 'string'
    ) {
      const target: SanitizedCollectionConfig | undefined = (
        payload.collections as Record<string, Collection | undefined>
      )[field.relationTo]?.config
      if (target?.auth && at < segments.length - 1) {
        found.push(target.slug)
      }
      current = target?.flattenedFields
      continue
    }
    break
  }
  return found
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
  const target = fieldsOf(payload, field.collection)
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
