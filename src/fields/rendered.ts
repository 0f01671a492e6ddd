import type {
  CollectionBeforeOperationHook,
  CollectionSlug,
  Field,
  FieldHook,
  PayloadRequest,
  TypedLocale,
} from 'payload'

import type { Id } from '../lib/types'
export type RenderedDoc = Record<string, unknown> & { id?: Id }
export type ReadArgs = { draft?: boolean; overrideAccess?: boolean; req: PayloadRequest }

const ASKED = 'renderedFieldsAsked'
/** Set while a write runs: the document it returns (and its audit record) carries no rendering. */
const WRITING = 'renderedFieldsWriting'
const WRITES = new Set(['autosave', 'create', 'delete', 'update'])

/** How many times each rendered field was computed in this process: plain lists compute none. */
export const renderCounts: Record<string, number> = {}

/**
 * Notes which rendered fields a read names in its `select` (REST `?select[jsonLd]=true`, the Local
 * API's `select`), keyed by collection: a list renders them only then. Payload does not pass
 * `select` to field hooks.
 */
export const noteRenderedSelection =
  (names: string[]): CollectionBeforeOperationHook =>
  ({ args, collection, operation, req }) => {
    if (WRITES.has(operation)) {
      req.context[WRITING] = true
    }
    if (operation === 'read') {
      const select = (args as { select?: Record<string, unknown> }).select
      for (const name of names) {
        if (select?.[name] === true) {
          req.context[ASKED] = {
            ...(req.context[ASKED] as object),
            [`${collection.slug}.${name}`]: true,
          }
        }
      }
    }
    return args
  }

/** Reads linked records as the caller may read them: what they cannot see stays out. */
export const findByIds = async <T>(
  { overrideAccess, req }: ReadArgs,
  collection: CollectionSlug,
  ids: Id[],
  select?: Record<string, true>,
): Promise<Map<string, T>> => {
  if (ids.length === 0) {
    return new Map()
  }
  const found = await req.payload.find({
    collection,
    depth: 0,
    limit: ids.length,
    locale: req.locale as TypedLocale | undefined,
    overrideAccess: overrideAccess ?? false,
    pagination: false,
    req,
    select,
    where: { id: { in: ids } },
  })
  return new Map(found.docs.map((doc) => [String(doc.id), doc as T]))
}

/** The fields a rendering needs that this read left out (a narrow `select`), read once. */
export const withFields = async (
  collection: CollectionSlug,
  doc: RenderedDoc,
  names: string[],
  args: ReadArgs,
): Promise<RenderedDoc> => {
  const missing = names.filter((name) => !(name in doc))
  if (missing.length === 0 || doc.id === undefined) {
    return doc
  }
  const more = await args.req.payload.findByID({
    collection,
    depth: 0,
    disableErrors: true,
    draft: args.draft,
    id: doc.id,
    locale: args.req.locale as TypedLocale | undefined,
    overrideAccess: args.overrideAccess ?? false,
    req: args.req,
    select: Object.fromEntries(missing.map((name) => [name, true])),
  })
  return { ...(more as null | RenderedDoc), ...doc }
}

/**
 * Renders on a single document's read, on a list that names the field in `select`, and in GraphQL
 * only when the query selects the field: there the value is a function, which GraphQL's default
 * resolver calls for selected fields alone. A plain list pays nothing.
 */
const renderedHook =
  (name: string, render: (doc: RenderedDoc, args: ReadArgs) => Promise<unknown>): FieldHook =>
  ({ collection, data, draft, findMany, overrideAccess, req }) => {
    const doc = data as RenderedDoc | undefined
    // A read of every locale at once has no single text to render; a write's answer needs none.
    if (!doc?.id || req.locale === 'all' || req.context[WRITING]) {
      return undefined
    }
    const key = `${collection?.slug ?? ''}.${name}`
    const run = () => {
      renderCounts[key] = (renderCounts[key] ?? 0) + 1
      return render(doc, { draft, overrideAccess, req })
    }
    if (req.payloadAPI === 'GraphQL') {
      return run
    }
    const asked = (req.context[ASKED] as Record<string, boolean> | undefined)?.[key]
    return !findMany || asked ? run() : undefined
  }

type RenderedFieldArgs = {
  label: { en: string; vi: string }
  name: string
  render: (doc: RenderedDoc, args: ReadArgs) => Promise<unknown>
  type: 'json' | 'text'
}

/** A field computed on read and never stored; callers cannot write it. */
export const renderedField = ({ label, name, render, type }: RenderedFieldArgs): Field =>
  ({
    name,
    type,
    virtual: true,
    label,
    admin: { hidden: true },
    access: { create: () => false, update: () => false },
    hooks: { afterRead: [renderedHook(name, render)] },
  }) as Field
