/**
 * Stored public renderings of articles (src/plugins/renderings): which anonymous REST reads they
 * answer, the records a rendering is made of, how long it holds, and the answer built from them.
 * Pure: no Payload import.
 */
import type { ListingKey } from '../listings'
import { pageTotals } from '../paging'

/** A read the renderings answer: one article by slug, or a page of a public list. */
export type RenderingAsk =
  | { kind: 'list'; limit: number; list: ListingKey; page: number }
  | { kind: 'slug'; limit: number; page: number; slug: string }

/** Largest page the renderings serve: the anonymous cap (src/lib/policy/caps.ts). */
const MAX_LIMIT = 100
/** Deepest page served: past it Payload answers (its offset arithmetic, its errors). */
const MAX_PAGE = 100_000

const WHOLE = /^[1-9]\d{0,5}$/
const ID = /^[1-9]\d{0,9}$/
/** Largest id of an integer column (PostgreSQL's `integer`): a larger one goes to Payload. */
const MAX_ID = 2 ** 31 - 1

/**
 * The read a URL asks for, when the renderings answer it exactly as Payload would: GET
 * /api/articles with `depth=1`, no other option than `limit` and `page` (whole numbers within the
 * anonymous caps), and either `where[slug][equals]` or a public list (none, `where[topics][equals]`
 * or `where[department][equals]`). Anything else (a locale, a select, a sort, drafts, another
 * depth, a repeated key) is null: Payload answers it.
 */
export const renderingAsk = (url: URL): null | RenderingAsk => {
  if (url.pathname !== '/api/articles') {
    return null
  }
  const seen = new Map<string, string>()
  for (const [key, value] of url.searchParams) {
    if (seen.has(key)) {
      return null
    }
    seen.set(key, value)
  }
  if (seen.get('depth') !== '1') {
    return null
  }
  seen.delete('depth')
  let limit = 10
  let page = 1
  const limitText = seen.get('limit')
  if (limitText !== undefined) {
    if (!WHOLE.test(limitText) || Number(limitText) > MAX_LIMIT) {
      return null
    }
    limit = Number(limitText)
    seen.delete('limit')
  }
  const pageText = seen.get('page')
  if (pageText !== undefined) {
    if (!WHOLE.test(pageText) || Number(pageText) > MAX_PAGE) {
      return null
    }
    page = Number(pageText)
    seen.delete('page')
  }
  if (seen.size === 0) {
    return { kind: 'list', limit, list: { scope: 'all', scopeId: 0 }, page }
  }
  if (seen.size !== 1) {
    return null
  }
  const [[key, value]] = [...seen]
  if (key === 'where[slug][equals]') {
    // No slug holds a NUL (PostgreSQL refuses one in text): Payload answers such a query.
    return value === '' || value.includes('\u0000')
      ? null
      : { kind: 'slug', limit, page, slug: value }
  }
  if (!ID.test(value) || Number(value) > MAX_ID) {
    return null
  }
  if (key === 'where[topics][equals]') {
    return { kind: 'list', limit, list: { scope: 'topic', scopeId: Number(value) }, page }
  }
  if (key === 'where[department][equals]') {
    return { kind: 'list', limit, list: { scope: 'department', scopeId: Number(value) }, page }
  }
  return null
}

/** The arguments of a find the renderings answer; any other set one leaves the find to Payload. */
const SERVED_ARGS = new Set(['limit', 'page', 'select', 'where'])

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const wholeNumber = (value: unknown, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max

/**
 * The read a root `Articles` find asks for, when the renderings answer it as Payload would: no
 * argument but `where`, `limit` and `page` (and `select`, which changes no answer here), with
 * `where` a slug's `equals`, a topic's or a department's `equals` (an id as a number), or none.
 */
export const graphqlRenderingAsk = (args: Record<string, unknown>): null | RenderingAsk => {
  for (const [name, value] of Object.entries(args)) {
    if (value !== undefined && !SERVED_ARGS.has(name)) {
      return null
    }
  }
  // Unset, not null: Payload's own reading of an explicit null is left to Payload.
  const limit = args.limit === undefined ? 10 : args.limit
  const page = args.page === undefined ? 1 : args.page
  if (!wholeNumber(limit, MAX_LIMIT) || !wholeNumber(page, MAX_PAGE)) {
    return null
  }
  const where = args.where
  if (where === undefined) {
    return { kind: 'list', limit, list: { scope: 'all', scopeId: 0 }, page }
  }
  if (!isObject(where) || Object.keys(where).length !== 1) {
    return null
  }
  const [[name, condition]] = Object.entries(where)
  if (!isObject(condition) || Object.keys(condition).length !== 1 || !('equals' in condition)) {
    return null
  }
  const value = condition.equals
  if (name === 'slug') {
    return typeof value === 'string' && value !== '' && !value.includes('\u0000')
      ? { kind: 'slug', limit, page, slug: value }
      : null
  }
  if (!wholeNumber(value, MAX_ID)) {
    return null
  }
  if (name === 'topics') {
    return { kind: 'list', limit, list: { scope: 'topic', scopeId: value }, page }
  }
  if (name === 'department') {
    return { kind: 'list', limit, list: { scope: 'department', scopeId: value }, page }
  }
  return null
}

/** A field as the walk below reads a collection's (sanitized) fields. */
export type FieldShape = {
  blocks?: { fields: FieldShape[]; slug: string }[]
  fields?: FieldShape[]
  name?: string
  relationTo?: string | string[]
  tabs?: { fields: FieldShape[]; name?: string }[]
  type: string
}

/** A record a rendering is made of, as `<collection>:<id>`. */
export const refOf = (collection: string, id: number | string): string => `${collection}:${id}`

const idOf = (value: unknown): null | number | string =>
  typeof value === 'number' || typeof value === 'string'
    ? value
    : isObject(value) && (typeof value.id === 'number' || typeof value.id === 'string')
      ? value.id
      : null

type Walk = {
  fieldsOf: (collection: string) => FieldShape[] | undefined
  /** Records named by id only (not populated) by a record the document populates. */
  named?: Map<string, Set<number | string>>
  refs: Set<string>
  /** Populated records already walked (a record met twice is walked once). */
  seen: Set<object>
}

/**
 * A related record: noted, and walked with its own collection's fields when populated. `within`:
 * met in a record the document populates (not in the document itself, nor in rich text).
 */
const related = (walk: Walk, collection: string, value: unknown, within = false): void => {
  const id = idOf(value)
  if (id === null) {
    return
  }
  walk.refs.add(refOf(collection, id))
  if (!isObject(value)) {
    if (within && walk.named) {
      const ids = walk.named.get(collection) ?? new Set()
      ids.add(id)
      walk.named.set(collection, ids)
    }
    return
  }
  if (!walk.seen.has(value)) {
    walk.seen.add(value)
    const fields = walk.fieldsOf(collection)
    if (fields) {
      // The document itself is the first record walked; every later one is populated in it.
      walkFields(walk, fields, value, walk.seen.size > 1)
    }
  }
}

/** Every `{ relationTo, value }` in rich text (relationship, upload and internal link nodes). */
const walkRichText = (walk: Walk, node: unknown): void => {
  if (Array.isArray(node)) {
    for (const item of node) {
      walkRichText(walk, item)
    }
    return
  }
  if (!isObject(node)) {
    return
  }
  if (typeof node.relationTo === 'string' && 'value' in node) {
    related(walk, node.relationTo, node.value)
  }
  for (const value of Object.values(node)) {
    if (typeof value === 'object' && value !== null) {
      walkRichText(walk, value)
    }
  }
}

const walkFields = (
  walk: Walk,
  fields: FieldShape[],
  data: Record<string, unknown>,
  within = false,
): void => {
  for (const field of fields) {
    const value = field.name ? data[field.name] : data
    switch (field.type) {
      case 'relationship':
      case 'upload': {
        const items = Array.isArray(value) ? value : [value]
        for (const item of items) {
          if (Array.isArray(field.relationTo)) {
            if (isObject(item) && typeof item.relationTo === 'string') {
              related(walk, item.relationTo, item.value, within)
            }
          } else if (field.relationTo) {
            related(walk, field.relationTo, item, within)
          }
        }
        break
      }
      case 'richText':
        walkRichText(walk, value)
        break
      case 'array':
        if (Array.isArray(value)) {
          for (const row of value) {
            if (isObject(row)) {
              walkFields(walk, field.fields ?? [], row, within)
            }
          }
        }
        break
      case 'blocks':
        if (Array.isArray(value)) {
          for (const row of value) {
            const block = isObject(row)
              ? field.blocks?.find(({ slug }) => slug === row.blockType)
              : undefined
            if (block && isObject(row)) {
              walkFields(walk, block.fields, row, within)
            }
          }
        }
        break
      case 'tabs':
        for (const tab of field.tabs ?? []) {
          const inner = tab.name ? data[tab.name] : data
          if (isObject(inner)) {
            walkFields(walk, tab.fields, inner, within)
          }
        }
        break
      default:
        // Groups, rows and collapsibles: their fields, named or not.
        if (field.fields && isObject(value)) {
          walkFields(walk, field.fields, value, within)
        }
    }
  }
}

/**
 * The records a rendered document is made of: itself, every record it relates to (populated or
 * not: a deleted one empties the relation), and those of the populated records in turn.
 */
export const refsOf = (
  collection: string,
  doc: Record<string, unknown>,
  fieldsOf: (collection: string) => FieldShape[] | undefined,
): string[] => {
  const walk: Walk = { fieldsOf, refs: new Set(), seen: new Set() }
  related(walk, collection, doc)
  return [...walk.refs]
}

/**
 * The records a rendered document's populated records name by id only, by collection: what
 * GraphQL's loader reads when a query goes a level deeper than the rendering (an article's
 * people's positions' organizations). Not those of the document itself (a relation left as an
 * id at depth 1 is one the reader cannot read), nor those in rich text.
 */
export const namedByPopulated = (
  collection: string,
  doc: Record<string, unknown>,
  fieldsOf: (collection: string) => FieldShape[] | undefined,
): Map<string, Set<number | string>> => {
  const walk: Walk = { fieldsOf, named: new Map(), refs: new Set(), seen: new Set() }
  related(walk, collection, doc)
  return walk.named!
}

/**
 * Until when a rendering holds, as an ISO time, or null for as long as its records stay as they
 * are: a person's position is marked `current` until its end date passes (markCurrentPositions,
 * at read time), so a rendering holding a current position with an end date ends with it.
 */
export const validUntilOf = (doc: unknown): null | string => {
  let until: null | number = null
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit)
      return
    }
    if (!isObject(node)) {
      return
    }
    if (node.current === true && typeof node.endDate === 'string') {
      const at = new Date(node.endDate).getTime()
      if (Number.isFinite(at) && (until === null || at < until)) {
        until = at
      }
    }
    for (const value of Object.values(node)) {
      if (typeof value === 'object' && value !== null) {
        visit(value)
      }
    }
  }
  visit(doc)
  return until === null ? null : new Date(until).toISOString()
}

/** Whether a stored rendering still holds at `now` (an ISO time). */
export const holds = (
  row: { shape: string; validUntil: null | string },
  shape: string,
  now: string,
): boolean => row.shape === shape && (row.validUntil === null || now <= row.validUntil)

const COMMA = Buffer.from(',')
const DOCS = Buffer.from('{"docs":[')

/**
 * A page of a find as Payload's REST answers it (the same keys in the same order), from the
 * documents' JSON as UTF-8 bytes: the answer's bytes as the chunks they are made of, in order,
 * never copied into one buffer (a page is some 150 KB; the server writes the chunks as they are).
 */
export const pageAnswer = (
  bodies: Uint8Array[],
  { limit, page, totalDocs }: { limit: number; page: number; totalDocs: number },
): Uint8Array[] => {
  const totals = JSON.stringify(pageTotals(totalDocs, limit, page))
  const parts: Uint8Array[] = [DOCS]
  bodies.forEach((body, at) => {
    if (at > 0) {
      parts.push(COMMA)
    }
    parts.push(body)
  })
  parts.push(Buffer.from(`],${totals.slice(1)}`))
  return parts
}
