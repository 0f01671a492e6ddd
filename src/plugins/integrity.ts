import type { AfterErrorHook, Field, Plugin } from 'payload'

import { normalizeText } from '../hooks/normalizeText'

/** Every relationship must point at a record that exists and that the caller may read. */
const checkRelations = (fields: Field[]): Field[] =>
  fields.map((field): Field => {
    if ((field.type === 'relationship' || field.type === 'upload') && !field.filterOptions) {
      // Payload looks the ids up only when filterOptions is set; `true` filters nothing else.
      return { ...field, filterOptions: () => true }
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

const CONSTRAINT = /FOREIGN KEY constraint failed|UNIQUE constraint failed|E11000 duplicate key/
/** An id that cannot exist on this database (a word where SQLite ids are numbers). */
const IMPOSSIBLE_ID = /Only finite numbers|Cast to ObjectId failed/

/** A database constraint that slipped past validation is still the caller's bad input: 400, not 500. */
const constraintErrorsAreBadInput: AfterErrorHook = ({ error }) => {
  const text = `${error?.message ?? ''} ${String((error as { cause?: unknown })?.cause ?? '')}`
  if (IMPOSSIBLE_ID.test(text)) {
    return { response: { errors: [{ message: 'Not Found' }] }, status: 404 }
  }
  if (!CONSTRAINT.test(text)) {
    return
  }
  const message = /FOREIGN KEY/.test(text)
    ? 'A relationship points to a record that does not exist.'
    : 'A value that must be unique is already used by another record.'
  return { response: { errors: [{ message }] }, status: 400 }
}

/**
 * Runs last, over every collection: NFC text, relationship existence, and constraint errors as 400.
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
})
