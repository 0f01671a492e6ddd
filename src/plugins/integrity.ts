import type {
  AfterErrorHook,
  CollectionBeforeChangeHook,
  Field,
  FlattenedField,
  Plugin,
} from 'payload'

import { ValidationError, validations } from 'payload'

import { normalizeText } from '../hooks/normalizeText'

type RelationValue = { relationTo?: string; value?: unknown } | number | string | null | undefined
type RelationValidate = (value: unknown, options: any) => Promise<string | true> | string | true

/** The ids a relationship value names, by collection. */
const idsByCollection = (value: unknown, relationTo: string | string[]): Map<string, unknown[]> => {
  const ids = new Map<string, unknown[]>()
  for (const item of (Array.isArray(value) ? value : [value]) as RelationValue[]) {
    const [collection, id] =
      item && typeof item === 'object'
        ? [item.relationTo ?? (Array.isArray(relationTo) ? undefined : relationTo), item.value]
        : [Array.isArray(relationTo) ? undefined : relationTo, item]
    if (collection && (typeof id === 'number' || typeof id === 'string')) {
      ids.set(collection, [...(ids.get(collection) ?? []), id])
    }
  }
  return ids
}

/**
 * Payload's own check that related records exist (it runs when `filterOptions` is set) reads each
 * whole record, with its reverse joins: an organization's people, plans and latest articles, at
 * every save that names it. This reads ids only, with the operation's own access, so a record the
 * caller may not read is refused like a missing one.
 */
const relationsExist =
  (relationTo: string | string[], base: RelationValidate): RelationValidate =>
  async (value, options) => {
    const checked = await base(value, options)
    if (checked !== true || options.event === 'onChange' || value === null || value === undefined) {
      return checked
    }
    const { overrideAccess, req } = options
    const missing: unknown[] = []
    for (const [collection, ids] of idsByCollection(value, relationTo)) {
      const { docs } = await req.payloadDataLoader.find({
        collection,
        depth: 0,
        disableErrors: true,
        joins: false,
        limit: 0,
        overrideAccess: overrideAccess ?? false,
        pagination: false,
        req,
        select: { id: true },
        where: { id: { in: ids } },
      })
      const found = new Set(docs.map((doc: { id: unknown }) => String(doc.id)))
      missing.push(...ids.filter((id) => !found.has(String(id))))
    }
    return missing.length === 0
      ? true
      : `${req.t('validation:invalidSelections')} ${missing.map((id) => JSON.stringify(id)).join(', ')}`
  }

/** Every relationship must point at a record that exists and that the caller may read. */
const checkRelations = (fields: Field[]): Field[] =>
  fields.map((field): Field => {
    if ((field.type === 'relationship' || field.type === 'upload') && !field.filterOptions) {
      const base = (field.validate ??
        (field.type === 'upload' ? validations.upload : validations.relationship)) as RelationValidate
      return { ...field, validate: relationsExist(field.relationTo, base) } as Field
    }
    if ('fields' in field && Array.isArray(field.fields)) {
      return { ...field, fields: checkRelations(field.fields) } as Field
    }
    if (field.type === 'tabs') {
      return { ...field, tabs: field.tabs.map((tab) => ({ ...tab, fields: checkRelations(tab.fields) })) }
    }
    if (field.type === 'blocks') {
      return {
        ...field,
        blocks: field.blocks.map((block) => ({ ...block, fields: checkRelations(block.fields) })),
      }
    }
    return field
  })

const isReadableDate = (value: unknown): boolean =>
  value === null ||
  value === undefined ||
  value === '' ||
  !Number.isNaN(new Date(value as string).getTime())

type BadDate = { path: string; value: unknown }

/** The dates among `fields`, within `data`, that the database could not read back. */
const unreadableDates = (fields: FlattenedField[], data: unknown, prefix = ''): BadDate[] => {
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return []
  }
  const record = data as Record<string, unknown>
  return fields.flatMap((field): BadDate[] => {
    const value = record[field.name]
    const path = `${prefix}${field.name}`
    if (field.type === 'date') {
      return field.localized || isReadableDate(value) ? [] : [{ path, value }]
    }
    if (field.type === 'group' || field.type === 'tab') {
      return unreadableDates(field.flattenedFields, value, `${path}.`)
    }
    if (field.type === 'array' && Array.isArray(value)) {
      return value.flatMap((row, index) =>
        unreadableDates(field.flattenedFields, row, `${path}.${index}.`),
      )
    }
    if (field.type === 'blocks' && Array.isArray(value)) {
      return value.flatMap((row, index) => {
        const block = field.blocks.find(
          ({ slug }) => slug === (row as { blockType?: unknown } | null)?.blockType,
        )
        return block ? unreadableDates(block.flattenedFields, row, `${path}.${index}.`) : []
      })
    }
    return []
  })
}

/**
 * Drafts skip field validation, and `createdAt`/`updatedAt` have none: a date the database cannot
 * read back ("%") was stored and the save failed reading it (a 500). Refused as invalid instead.
 */
const refuseUnreadableDates: CollectionBeforeChangeHook = ({ collection, data, req }) => {
  const bad = unreadableDates(collection.flattenedFields, data)
  if (bad.length > 0) {
    throw new ValidationError(
      {
        collection: collection.slug,
        errors: bad.map(({ path, value }) => ({
          message: req.t('validation:notValidDate', { value: String(value) }),
          path,
        })),
      },
      req.t,
    )
  }
  return data
}

const CONSTRAINT = /FOREIGN KEY constraint failed|UNIQUE constraint failed|E11000 duplicate key/
/** An id that cannot exist on this database (a word where SQLite ids are numbers). */
const IMPOSSIBLE_ID = /Only finite numbers|Cast to ObjectId failed/
/** A `where` operator the SQL adapter has no translation for (all, near, within, intersects). */
const UNSUPPORTED_OPERATOR = /adapter\.operators\[queryOperator\] is not a function/
/** A read whose values SQLite cannot bind: a list or object for one value, or a non-date for a date. */
const UNBINDABLE_QUERY =
  /can only bind numbers, strings, bigints, buffers, and null|undefined cannot be passed as argument to the database/

/** A multipart body busboy cannot read; Payload reports it as a 500. */
const UNREADABLE_MULTIPART =
  /^(?:Unexpected end of (?:form|file)|Malformed part header|Multipart: Boundary not found|Malformed content type|Request is not eligible for file upload)$/

type Verdict = { message: string; status: number }

/** The caller's bad input behind a database error, or null when the error is the server's own. */
const badInput = (error: Error | undefined): null | Verdict => {
  // GraphQL wraps the thrown error; its cause sits on the original.
  const original = (error as { originalError?: Error } | undefined)?.originalError ?? error
  const message = original?.message ?? ''
  const text = `${message} ${String((original as { cause?: unknown } | undefined)?.cause ?? '')}`
  if (IMPOSSIBLE_ID.test(text)) {
    return { message: 'Not Found', status: 404 }
  }
  if (UNSUPPORTED_OPERATOR.test(text)) {
    return { message: 'The query uses an operator this database does not support.', status: 400 }
  }
  if (/^Failed query: (?:select|with)\b/.test(message) && UNBINDABLE_QUERY.test(text)) {
    return {
      message:
        'A value in the query does not fit its field: a list or object where one value belongs, or a date that is not a date.',
      status: 400,
    }
  }
  if (UNREADABLE_MULTIPART.test(message)) {
    return { message: 'The multipart/form-data body cannot be read.', status: 400 }
  }
  if (CONSTRAINT.test(text)) {
    return {
      message: /FOREIGN KEY/.test(text)
        ? 'A relationship points to a record that does not exist.'
        : 'A value that must be unique is already used by another record.',
      status: 400,
    }
  }
  return null
}

/** A database error caused by the caller's input is a 4xx, not a 500: in REST and in GraphQL. */
const constraintErrorsAreBadInput: AfterErrorHook = ({ error, graphqlResult }) => {
  const verdict = badInput(error)
  if (!verdict) {
    return
  }
  if (graphqlResult) {
    return {
      graphqlResult: {
        ...graphqlResult,
        extensions: { ...graphqlResult.extensions, statusCode: verdict.status },
        message: verdict.message,
      },
    }
  }
  return { response: { errors: [{ message: verdict.message }] }, status: verdict.status }
}

/**
 * Runs last, over every collection: NFC text, relationship existence, readable dates, and
 * constraint errors as 400.
 */
export const integrityPlugin: Plugin = (config) => ({
  ...config,
  collections: (config.collections ?? []).map((collection) => ({
    ...collection,
    fields: checkRelations(collection.fields),
    hooks: {
      ...collection.hooks,
      beforeValidate: [normalizeText, ...(collection.hooks?.beforeValidate ?? [])],
      // Last, after the collection's own hooks have set their dates.
      beforeChange: [...(collection.hooks?.beforeChange ?? []), refuseUnreadableDates],
    },
  })),
  hooks: {
    ...config.hooks,
    afterError: [...(config.hooks?.afterError ?? []), constraintErrorsAreBadInput],
  },
})
