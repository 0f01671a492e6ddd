import type { FlattenedField, Payload } from 'payload'

import ObjectId from 'bson-objectid'

import type { Doc, Id } from '../lib/types'

/** What a collection's hooks would add to a new record that the bulk import writes directly. */
export type DeriveStored = (args: {
  /** The record's data as linking made it, before defaults. */
  data: Doc
  id: Id
  now: string
  /** The record with every field's value or default, as the config alone gives it. */
  stored: Doc
  /** An organization's name by id, for fields that show it (people's position summary). */
  organizationName: (id: unknown) => string | undefined
}) => Doc

/**
 * A collection's part in the bulk import, beside the collection as `custom.bulkImport`: the fields
 * its hooks derive (slug, breadcrumbs, summaries, review state), which the import cannot run.
 */
export type BulkImportCustom = { derive: DeriveStored }

/**
 * The search index's part in the bulk import, as the index collection's `custom.bulkImport`: the
 * entry of a record read in the default locale, for the collections it indexes.
 */
export type SearchIndexBulkImport = {
  /** The entry's fields but its identity and publication state (docId, target, published). */
  entryOf: (collection: string, read: Doc) => Doc
  /** Whether records of `collection` get an entry. */
  indexes: (collection: string) => boolean
}

const objectId = (): string => new ObjectId().toHexString()

/** Fields written by the import's own base (id, times) or not stored as the record's data. */
const BASE = new Set(['_status', 'createdAt', 'id', 'updatedAt'])

const defaultOf = (field: FlattenedField): unknown =>
  'defaultValue' in field &&
  field.defaultValue !== undefined &&
  typeof field.defaultValue !== 'function'
    ? field.defaultValue
    : undefined

/** A value of one field as a save stores it, given what the data holds for it. */
const valueOf = (
  field: FlattenedField,
  given: unknown,
  locale: string,
  localized: Localized[],
): unknown => {
  const value = given === undefined ? defaultOf(field) : given
  switch (field.type) {
    case 'group':
    case 'tab':
      return shapeOf(
        field.flattenedFields,
        (value as Doc | null | undefined) ?? {},
        locale,
        localized,
      )
    case 'array':
      return ((value as Doc[] | null | undefined) ?? []).map((row) => ({
        ...shapeOf(field.flattenedFields, row, locale, localized),
        id: objectId(),
      }))
    case 'blocks':
      return ((value as Doc[] | null | undefined) ?? []).map((row) => ({ ...row, id: objectId() }))
    case 'relationship':
    case 'upload':
      return value ?? (field.hasMany ? [] : null)
    case 'select':
    case 'text':
    case 'number':
      return value ?? ('hasMany' in field && field.hasMany ? [] : null)
    default:
      return value ?? null
  }
}

type Localized = { holder: Doc; name: string; value: unknown }

/**
 * The stored shape of `fields` for `data`: every column, localized ones in the default locale
 * (noted in `localized`, as the record's locale row holds them).
 */
const shapeOf = (
  fields: FlattenedField[],
  data: Doc,
  locale: string,
  localized: Localized[],
): Doc => {
  const out: Doc = {}
  for (const field of fields) {
    if (field.type === 'join' || ('virtual' in field && field.virtual) || BASE.has(field.name)) {
      continue
    }
    const value = valueOf(field, data[field.name], locale, localized)
    if ('localized' in field && field.localized) {
      out[field.name] = { [locale]: value }
      localized.push({ holder: out, name: field.name, value })
    } else {
      out[field.name] = value
    }
  }
  return out
}

/**
 * A new record as Payload stores it once its hooks ran: each field of the collection's config with
 * its value or default (localized fields in the default locale, array rows with ids), then what the
 * collection's hooks derive (its `custom.bulkImport.derive`). tests/int/import-batch.int.spec.ts
 * holds this to what the Local API stores.
 */
export const storedShape = (
  payload: Payload,
  collection: string,
  args: Omit<Parameters<DeriveStored>[0], 'stored'>,
): Doc => {
  const config = payload.collections[collection as 'articles']!.config
  const locale = payload.config.localization ? payload.config.localization.defaultLocale : 'vi'
  const bulkImport = config.custom?.bulkImport as BulkImportCustom | undefined
  const localized: Localized[] = []
  const stored = shapeOf(config.flattenedFields, args.data, locale, localized)
  if (localized.every(({ value }) => value === null)) {
    // A save with no localized value writes no locale row, and a read then has no such field.
    localized.forEach(({ holder, name }) => (holder[name] = {}))
  }
  return {
    ...stored,
    ...(bulkImport?.derive({ ...args, stored }) ?? {}),
    _status: args.data._status,
    createdAt: args.now,
    id: args.id,
    updatedAt: args.now,
  }
}

/** `fields` of a stored record as a read in `locale` gives them: localized values unwrapped. */
const readOf = (fields: FlattenedField[], doc: Doc, locale: string): Doc => {
  const read: Doc = { ...doc }
  for (const field of fields) {
    if (!(field.name in doc) || field.type === 'join') {
      continue
    }
    let value = doc[field.name]
    if ('localized' in field && field.localized && value && typeof value === 'object') {
      if (!(locale in value)) {
        delete read[field.name]
        continue
      }
      value = (value as Doc)[locale]
    }
    if ((field.type === 'group' || field.type === 'tab') && value && typeof value === 'object') {
      value = readOf(field.flattenedFields, value as Doc, locale)
    }
    read[field.name] = value
  }
  return read
}

/**
 * A record of storedShape as a read in the default locale gives it, for what search entries and
 * the audit record read; without its times, which neither lists.
 */
export const readShape = (payload: Payload, collection: string, doc: Doc): Doc => {
  const config = payload.collections[collection as 'articles']!.config
  const locale = payload.config.localization ? payload.config.localization.defaultLocale : 'vi'
  const {
    createdAt: _c,
    publishedAt: _p,
    updatedAt: _u,
    ...read
  } = readOf(config.flattenedFields, doc, locale)
  return read
}
