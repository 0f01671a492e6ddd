import type {
  AfterErrorHook,
  CollectionBeforeOperationHook,
  Field,
  FlattenedField,
  PayloadRequest,
  Plugin,
} from 'payload'

import { ValidationError, validations } from 'payload'

import { BadRequest } from '../errors'
import { normalizeText } from '../hooks/normalizeText'
import { runFirstEverywhere } from './payloadCollections'
import { errorShape } from '../lib/errorShape'
import { lexicalShapeProblem } from '../lib/richtext/shape'

type RelationValue = { relationTo?: string; value?: unknown } | number | string | null | undefined
// Payload's validate options differ per field type; this wrapper passes them on untouched.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
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
        (field.type === 'upload'
          ? validations.upload
          : validations.relationship)) as RelationValidate
      return { ...field, validate: relationsExist(field.relationTo, base) } as Field
    }
    if ('fields' in field && Array.isArray(field.fields)) {
      return { ...field, fields: checkRelations(field.fields) } as Field
    }
    if (field.type === 'tabs') {
      return {
        ...field,
        tabs: field.tabs.map((tab) => ({ ...tab, fields: checkRelations(tab.fields) })),
      }
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
  ((typeof value === 'string' || typeof value === 'number' || value instanceof Date) &&
    !Number.isNaN(new Date(value).getTime()))

type Unfit = { kind: 'date' | 'option' | 'value'; path: string; value: unknown }

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * One value for a column: never a list or object (Payload stored some, and failed on others), nor
 * text with a NUL character, which PostgreSQL refuses (a uniqueness check's query then failed
 * and left the write's transaction aborted, a 500).
 */
const isScalar = (value: unknown): boolean =>
  value === null ||
  (typeof value !== 'object' && !(typeof value === 'string' && value.includes('\u0000')))

/** Fields stored as one column value, or as a list of them when `hasMany`. */
const SCALAR_FIELDS = new Set(['checkbox', 'code', 'email', 'number', 'text', 'textarea'])

const isId = (value: unknown): boolean => typeof value === 'number' || typeof value === 'string'

/** One relationship value: an id or a record with one, `{ relationTo, value }` when polymorphic. */
const isRelation = (value: unknown, polymorphic: boolean): boolean => {
  if (value === null || value === undefined) {
    return true
  }
  const record = value as { id?: unknown; relationTo?: unknown; value?: unknown }
  if (polymorphic) {
    return (
      typeof value === 'object' &&
      typeof record.relationTo === 'string' &&
      isRelation(record.value, false)
    )
  }
  return isId(value) || (typeof value === 'object' && isId(record.id))
}

/** True for one value, or a list of them where the field has many. */
const fits = (value: unknown, hasMany: boolean, one: (item: unknown) => boolean): boolean =>
  hasMany && Array.isArray(value) ? value.every(one) : one(value)

/**
 * The values among `fields`, within `data`, that their database column cannot hold. Writes carry
 * one locale (see writeOneLocale), so a localized field holds one value too.
 */
const unfitValues = (fields: FlattenedField[], data: unknown, prefix = ''): Unfit[] => {
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return []
  }
  const record = data as Record<string, unknown>
  return fields.flatMap((field): Unfit[] => {
    const value = record[field.name]
    const path = `${prefix}${field.name}`
    const hasMany = 'hasMany' in field && Boolean(field.hasMany)
    if (field.type === 'date') {
      return isReadableDate(value) ? [] : [{ kind: 'date', path, value }]
    }
    if (field.type === 'select' || field.type === 'radio') {
      // An unknown option also breaks GraphQL, whose enums cannot show it; so does a null
      // `_status`, which GraphQL declares non-null (and which hid the record from every list).
      const options = new Set(
        field.options.map((option) => (typeof option === 'string' ? option : option.value)),
      )
      const isOption = (item: unknown) =>
        item === undefined ||
        (item === null && field.name !== '_status') ||
        options.has(item as string)
      return fits(value, hasMany, isOption) ? [] : [{ kind: 'option', path, value }]
    }
    if (SCALAR_FIELDS.has(field.type)) {
      return fits(value, hasMany, isScalar) ? [] : [{ kind: 'value', path, value }]
    }
    if (field.type === 'relationship' || field.type === 'upload') {
      const polymorphic = Array.isArray(field.relationTo)
      return fits(value, hasMany, (item) => isRelation(item, polymorphic))
        ? []
        : [{ kind: 'option', path, value }]
    }
    if (field.type === 'richText') {
      // Lexical's hooks threw a TypeError on a non-list `children` (a 500), and a stored draft
      // with a malformed body answered 500 on every read after (src/lib/richtext/shape.ts).
      return lexicalShapeProblem(value) ? [{ kind: 'value', path, value }] : []
    }
    // Rows and groups must be objects: Payload's own hooks failed on a null group or rows.
    if (value === undefined) {
      return []
    }
    if (field.type === 'group' || field.type === 'tab') {
      return isRecord(value)
        ? unfitValues(field.flattenedFields, value, `${path}.`)
        : [{ kind: 'value', path, value }]
    }
    if (field.type === 'array' || field.type === 'blocks') {
      // The admin's form sends a list with no rows as its row count, 0.
      if (value === 0) {
        return []
      }
      if (!Array.isArray(value) || !value.every(isRecord)) {
        return [{ kind: 'value', path, value }]
      }
      return value.flatMap((row: Record<string, unknown>, index) => {
        const fields =
          field.type === 'array'
            ? field.flattenedFields
            : field.blocks.find(({ slug }) => slug === row.blockType)?.flattenedFields
        return fields ? unfitValues(fields, row, `${path}.${index}.`) : []
      })
    }
    return []
  })
}

/**
 * Whether a call carries a caller's input (REST, GraphQL, or a hook run within such a request).
 * The Local API is our code and Payload's, which hold other shapes: Payload's admin saves its
 * preferences with `user: { collection, value }`, and code may query dates as Date objects.
 */
const isFromOutside = (req: PayloadRequest): boolean => req.payloadAPI !== 'local'

/**
 * Values the database cannot hold reached it and failed the save with a 500: drafts skip field
 * validation, `createdAt`/`updatedAt` have none, and a select, relationship or textarea took a
 * list or object as its one value (Payload's own field hooks failed on some before that). Refused
 * as invalid instead, drafts or not, before any hook reads them.
 */
const refuseUnfitValues: CollectionBeforeOperationHook = ({ args, collection, operation, req }) => {
  if ((operation !== 'create' && operation !== 'update') || !isFromOutside(req)) {
    return args
  }
  const unfit = unfitValues(collection.flattenedFields, (args as { data?: unknown }).data)
  if (unfit.length > 0) {
    throw new ValidationError(
      {
        collection: collection.slug,
        errors: unfit.map(({ kind, path, value }) => ({
          message:
            kind === 'date'
              ? req.t('validation:notValidDate', { value: String(value) })
              : req.t(
                  kind === 'option' ? 'validation:invalidSelection' : 'validation:invalidInput',
                ),
          path,
        })),
      },
      req.t,
    )
  }
  return args
}

/**
 * A write under `locale=all` took each localized value as a map of locales, but a hook's Local API
 * call with a `locale` switches the shared request to one locale midway: the map was then written
 * as one value (a 500). The admin and the importer write one locale at a time.
 */
const writeOneLocale: CollectionBeforeOperationHook = ({ args, operation, req }) => {
  if ((operation === 'create' || operation === 'update') && req.locale === 'all') {
    throw new BadRequest('Write one locale at a time: "locale=all" is for reading.')
  }
  return args
}

const CONSTRAINT =
  /FOREIGN KEY constraint failed|UNIQUE constraint failed|E11000 duplicate key|duplicate key value violates unique constraint|violates foreign key constraint/
/** An id that cannot exist on this database (a word where SQLite and PostgreSQL ids are numbers). */
const IMPOSSIBLE_ID =
  /Only finite numbers|Cast to ObjectId failed|invalid input syntax for type integer|out of range for type integer/
/** A `where` operator the SQL adapter has no translation for (all, near, within, intersects). */
const UNSUPPORTED_OPERATOR = /adapter\.operators\[queryOperator\] is not a function/
/** A read whose values SQLite cannot bind: a list or object for a value, a non-date for a date. */
const UNBINDABLE_QUERY =
  /can only bind numbers, strings, bigints, buffers, and null|undefined cannot be passed as argument to the database/

/** PostgreSQL given a list (bound as an array literal, `{…}`) where one value belongs. */
const LIST_FOR_VALUE = /invalid input syntax for type [\w ]+: "\{/

/**
 * Values PostgreSQL cannot store or compare: text with a NUL character (U+0000), in a column or
 * inside JSON, and dates it cannot parse (six-digit or negative years, which JavaScript writes).
 */
const UNSTORABLE_VALUE =
  /invalid byte sequence for encoding "UTF8": 0x00|unsupported Unicode escape sequence|time zone displacement out of range|date\/time field value out of range|timestamp out of range|invalid input syntax for type (?:timestamp|date)/

/** A multipart body busboy cannot read; Payload reports it as a 500. */
const UNREADABLE_MULTIPART =
  /^(?:Unexpected end of (?:form|file)|Malformed part header|Multipart: Boundary not found|Malformed content type|Request is not eligible for file upload)$/

type Verdict = { message: string; status: number }

const UNBINDABLE_MESSAGE =
  'A value in the query does not fit its field: a list or object where one value belongs, or a date that is not a date.'

/** The caller's bad input behind a database error, or null when the error is the server's own. */
const badInput = (error: Error | undefined): null | Verdict => {
  // GraphQL wraps the thrown error; its cause sits on the original.
  const original = (error as { originalError?: Error } | undefined)?.originalError ?? error
  const message = original?.message ?? ''
  const text = `${message} ${String((original as { cause?: unknown } | undefined)?.cause ?? '')}`
  const unbindable =
    /^Failed query: (?:select|with)\b/.test(message) &&
    (UNBINDABLE_QUERY.test(text) || LIST_FOR_VALUE.test(text))
  if (LIST_FOR_VALUE.test(text) && unbindable) {
    return { message: UNBINDABLE_MESSAGE, status: 400 }
  }
  if (IMPOSSIBLE_ID.test(text)) {
    return { message: 'Not Found', status: 404 }
  }
  if (UNSTORABLE_VALUE.test(text)) {
    return {
      message:
        'A value cannot be stored or compared: text with a NUL character (U+0000), or a date outside the years 1 to 9999.',
      status: 400,
    }
  }
  if (UNSUPPORTED_OPERATOR.test(text)) {
    return { message: 'The query uses an operator this database does not support.', status: 400 }
  }
  if (unbindable) {
    return { message: UNBINDABLE_MESSAGE, status: 400 }
  }
  if (UNREADABLE_MULTIPART.test(message)) {
    return { message: 'The multipart/form-data body cannot be read.', status: 400 }
  }
  if (CONSTRAINT.test(text)) {
    return {
      message: /FOREIGN KEY|foreign key/.test(text)
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
  return { response: errorShape(verdict.message), status: verdict.status }
}

/**
 * Runs last, over every collection: NFC text, relationship existence, writes in one locale with
 * values their columns can hold, and constraint errors as 400. (What a read or query may ask is
 * src/plugins/policy.)
 */
export const integrityPlugin: Plugin = (config) => ({
  ...config,
  collections: (config.collections ?? []).map((collection) => ({
    ...collection,
    fields: checkRelations(collection.fields),
    hooks: {
      ...collection.hooks,
      beforeValidate: [normalizeText, ...(collection.hooks?.beforeValidate ?? [])],
    },
  })),
  hooks: {
    ...config.hooks,
    afterError: [...(config.hooks?.afterError ?? []), constraintErrorsAreBadInput],
  },
  onInit: async (payload) => {
    // The checks run before any other hook, in Payload's own collections too.
    runFirstEverywhere(payload, [writeOneLocale, refuseUnfitValues])
    await config.onInit?.(payload)
  },
})
