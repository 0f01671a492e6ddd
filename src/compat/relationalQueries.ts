import { asc, desc, sql } from '@payloadcms/db-sqlite/drizzle'

/**
 * Drizzle builds the SQL of a relational query (`db.query.<table>.findMany`, how Payload reads
 * every document with its locales, arrays and relations) from scratch on every call: about a
 * fifth of a cold public read, spent making the same text again with other values.
 *
 * This keeps that text per query *shape*. A shape is everything drizzle builds from, except the
 * bound values: the table, the config's columns, relations, limits, and the where/order SQL
 * chunk by chunk (strings, names, columns and tables by identity, each value's encoder), with
 * every value replaced by a slot. The first query of a shape is built by drizzle as always; its
 * template is kept only when drizzle's parameters are exactly our slots' values, all distinct, in
 * some order, which fixes where each slot goes. Later queries of the shape take drizzle's text
 * and put their own values, through the same encoders, in those places.
 *
 * Anything this does not recognise (a function where, a placeholder, a subquery, inlined
 * values, a value an encoder turns into SQL, an extra selection) leaves the query to drizzle.
 * With `verify` (the test suite), every reuse is also built by drizzle and must match exactly.
 *
 * Compat patch. What it changes: `_toSQL` of drizzle's relational query class (drizzle-orm's
 * `RelationalQuery`, private), for Payload's drizzle adapters (SQLite and PostgreSQL).
 * Gain: about a fifth of a cold single-document read (README, Performance).
 * Upstream: drizzle has no statement cache for relational queries (`db.query.*`); prepared
 * queries (`.prepare()`) need placeholders, which Payload's adapters do not use.
 * Checked against: drizzle-orm 0.45.2 as installed under @payloadcms/drizzle, db-sqlite and
 * db-postgres 3.90.1 (src/compat/index.ts holds the list; another version turns this off).
 * Guarded by: tests/int/query-templates.int.spec.ts, and the whole suite, where every reuse is
 * checked against drizzle's own build (VERIFY_QUERY_TEMPLATES, on under NODE_ENV=test).
 * Off switch: COMPAT=0, or QUERY_TEMPLATES=0 for this patch alone.
 */

type Encoder = { mapToDriverValue: (value: unknown) => unknown }
type Selection = unknown
type Built = { params: unknown[]; sql: string; typings?: unknown[] }
type ToSql = () => { builtQuery: Built; query: { selection: Selection; sql?: unknown } }
type RelationalQuery = {
  _toSQL: ToSql
  config: unknown
  mode: string
  tableConfig: object
}
type Template = { built: Built; order: number[]; selection: Selection }

/** Shapes kept per table (the oldest go first): a few dozen per collection, plus one per length of an `in` list. */
export const MAX_TEMPLATES_PER_TABLE = 100

class Uncacheable extends Error {}

/** Stands for a column a relation's `orderBy(fields, operators)` picks from its fields. */
class FieldRef {
  constructor(readonly name: string) {}
}

const fieldRefs = new Proxy({} as Record<string, FieldRef>, {
  get: (_target, name) => {
    if (typeof name !== 'string') {
      throw new Uncacheable()
    }
    return new FieldRef(name)
  },
})

// Identity numbering, process-wide on purpose: a number only ever stands for one object (held
// weakly), whichever instance asks, so it is a pure cache with no state to reset between tests.
const ids = new WeakMap<object, number>()
let nextId = 0
/** A number standing for one object (its identity), for the statement's cache key. */
const identityOf = (value: object): number => {
  let id = ids.get(value)
  if (id === undefined) {
    id = nextId += 1
    ids.set(value, id)
  }
  return id
}

/**
 * Payload's drizzle package and the SQLite adapter's each have their own copy of drizzle-orm, so
 * chunks are told apart as drizzle's own `is()` does, by the entity kind of their class
 * (remembered per class): exactly SQL, Param, StringChunk or Name; a Column or Table of any kind.
 */
type Kind = 'column' | 'name' | 'other' | 'param' | 'sql' | 'string' | 'table'
const ENTITY_KIND = Symbol.for('drizzle:entityKind')
const EXACT: Record<string, Kind> = {
  Name: 'name',
  Param: 'param',
  SQL: 'sql',
  StringChunk: 'string',
}
const kinds = new WeakMap<object, Kind>()
const kindOf = (chunk: object): Kind => {
  const ctor = (Object.getPrototypeOf(chunk) as { constructor?: unknown } | null)?.constructor
  if (typeof ctor !== 'function') {
    return 'other'
  }
  let kind = kinds.get(ctor)
  if (kind === undefined) {
    const own = Object.prototype.hasOwnProperty.call(ctor, ENTITY_KIND)
      ? String((ctor as unknown as Record<symbol, unknown>)[ENTITY_KIND])
      : ''
    kind = EXACT[own] ?? 'other'
    for (
      let cls: unknown = ctor;
      kind === 'other' && typeof cls === 'function';
      cls = Object.getPrototypeOf(cls)
    ) {
      const name = (cls as unknown as Record<symbol, unknown>)[ENTITY_KIND]
      kind = name === 'Column' ? 'column' : name === 'Table' ? 'table' : 'other'
    }
    kinds.set(ctor, kind)
  }
  return kind
}

const NOOP: Encoder = { mapToDriverValue: (value) => value }

type Slots = { encoders: Encoder[]; values: unknown[] }

const isPrimitive = (value: unknown): boolean =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'number' ||
  typeof value === 'boolean' ||
  typeof value === 'bigint'

/** Appends the shape of a SQL chunk to `out`, its values to `slots`; throws on anything unknown. */
const chunkShape = (chunk: unknown, out: string[], slots: Slots): void => {
  if (chunk === undefined) {
    out.push('u')
    return
  }
  if (isPrimitive(chunk)) {
    // Drizzle binds a bare value as a parameter, unencoded.
    out.push('v')
    slots.values.push(chunk)
    slots.encoders.push(NOOP)
    return
  }
  if (Array.isArray(chunk)) {
    out.push('[')
    for (const item of chunk) {
      chunkShape(item, out, slots)
    }
    out.push(']')
    return
  }
  if (chunk instanceof FieldRef) {
    out.push(`f${JSON.stringify(chunk.name)}`)
    return
  }
  if (typeof chunk !== 'object' || chunk === null) {
    throw new Uncacheable()
  }
  switch (kindOf(chunk)) {
    case 'sql': {
      const query = chunk as { queryChunks: unknown[]; shouldInlineParams?: boolean }
      if (query.shouldInlineParams) {
        throw new Uncacheable()
      }
      out.push('(')
      for (const part of query.queryChunks) {
        chunkShape(part, out, slots)
      }
      out.push(')')
      return
    }
    case 'param': {
      const param = chunk as { encoder: Encoder; value: unknown }
      if (!isPrimitive(param.value)) {
        throw new Uncacheable()
      }
      out.push(`p${identityOf(param.encoder)}`)
      slots.values.push(param.value)
      slots.encoders.push(param.encoder)
      return
    }
    case 'column':
      out.push(`c${identityOf(chunk)}`)
      return
    case 'table':
      out.push(`t${identityOf(chunk)}`)
      return
    case 'string': {
      const value = (chunk as { value?: unknown }).value
      if (Array.isArray(value) && value.every((part) => typeof part === 'string')) {
        out.push(`s${JSON.stringify(value.join(''))}`)
        return
      }
      throw new Uncacheable()
    }
    case 'name': {
      const value = (chunk as { value?: unknown }).value
      if (typeof value === 'string') {
        out.push(`n${JSON.stringify(value)}`)
        return
      }
      throw new Uncacheable()
    }
    default:
      throw new Uncacheable()
  }
}

/** Appends the shape of a relational query config (`findMany`'s argument, nested `with`s too). */
const configShape = (config: unknown, out: string[], slots: Slots, nested = false): void => {
  if (config === undefined || config === null || typeof config === 'boolean') {
    out.push(String(config))
    return
  }
  if (typeof config !== 'object' || Array.isArray(config)) {
    throw new Uncacheable()
  }
  out.push('{')
  for (const [key, value] of Object.entries(config)) {
    out.push(`${key}:`)
    switch (key) {
      case 'columns': {
        if (value !== undefined && (typeof value !== 'object' || value === null)) {
          throw new Uncacheable()
        }
        for (const [column, on] of Object.entries(value ?? {})) {
          if (on !== undefined && typeof on !== 'boolean') {
            throw new Uncacheable()
          }
          out.push(`${column}=${String(on)}`)
        }
        break
      }
      case 'with': {
        if (value !== undefined && (typeof value !== 'object' || value === null)) {
          throw new Uncacheable()
        }
        for (const [relation, relationConfig] of Object.entries(value ?? {})) {
          out.push(`${relation}=`)
          configShape(relationConfig, out, slots, true)
        }
        break
      }
      case 'extras': {
        // Only the empty extras Payload passes; a selection of its own is left to drizzle.
        if (
          value !== undefined &&
          (typeof value !== 'object' || value === null || Object.keys(value).length > 0)
        ) {
          throw new Uncacheable()
        }
        out.push('{}')
        break
      }
      case 'where': {
        if (
          value !== undefined &&
          (typeof value !== 'object' || value === null || kindOf(value as object) !== 'sql')
        ) {
          throw new Uncacheable()
        }
        chunkShape(value, out, slots)
        break
      }
      case 'orderBy': {
        // Payload's are closures: what they return (its columns, or the fields they pick) is the
        // shape, with their text in case two of them pick alike from different fields.
        let order = value
        if (typeof value === 'function') {
          out.push(`F${JSON.stringify(String(value))}`)
          try {
            order = (value as (fields: unknown, operators: unknown) => unknown)(fieldRefs, {
              asc,
              desc,
              sql,
            })
          } catch {
            // It wanted more of its fields than a name: drizzle calls it with the real ones.
            throw new Uncacheable()
          }
        }
        chunkShape(order, out, slots)
        break
      }
      case 'limit': {
        // As drizzle binds them: a limit of 0 or more, an offset other than 0. A relation's own
        // may be replaced by drizzle's (a one-to-one relation reads `limit 1`), so only the
        // query's are slots.
        if (nested && value !== undefined) {
          throw new Uncacheable()
        }
        if (typeof value === 'number' && value >= 0) {
          out.push('?')
          slots.values.push(value)
          slots.encoders.push(NOOP)
        } else if (value === undefined) {
          out.push('u')
        } else {
          throw new Uncacheable()
        }
        break
      }
      case 'offset': {
        if (nested && value !== undefined) {
          throw new Uncacheable()
        }
        if (typeof value === 'number' && value !== 0) {
          out.push('?')
          slots.values.push(value)
          slots.encoders.push(NOOP)
        } else if (value === undefined || value === 0) {
          out.push(String(value))
        } else {
          throw new Uncacheable()
        }
        break
      }
      default:
        throw new Uncacheable()
    }
  }
  out.push('}')
}

/** The values drizzle would bind for `slots`, or null when one would not be a plain value. */
const encode = ({ encoders, values }: Slots): null | unknown[] => {
  const encoded: unknown[] = []
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] === null ? null : encoders[i]!.mapToDriverValue(values[i])
    if (!isPrimitive(value)) {
      return null
    }
    encoded.push(value)
  }
  return encoded
}

/** Where each of drizzle's parameters comes from among our (distinct) slot values, or null. */
const placesOf = (params: unknown[], encoded: unknown[]): null | number[] => {
  if (params.length !== encoded.length) {
    return null
  }
  const slotOf = new Map(encoded.map((value, slot) => [value, slot]))
  const order: number[] = []
  for (const param of params) {
    const slot = slotOf.get(param)
    if (slot === undefined) {
      return null
    }
    order.push(slot)
  }
  return new Set(order).size === order.length ? order : null
}

const sameBuilt = (a: Built, b: Built): boolean =>
  a.sql === b.sql &&
  a.params.length === b.params.length &&
  a.params.every((value, i) => Object.is(value, b.params[i]))

const installed = new WeakSet<object>()

/** How many relational queries drizzle built, and how many reused a kept template (for tests). */
export const relationalQueryStats = { built: 0, reused: 0 }

/**
 * Installs the template cache on drizzle's relational query class (once per copy of drizzle;
 * the templates are kept per table of each database connection). `sample` is any relational query,
 * e.g. `db.drizzle.query.users.findMany()`, not run.
 */
export const cacheRelationalQueries = (sample: object, { verify = false } = {}): void => {
  const proto = Object.getPrototypeOf(sample) as RelationalQuery
  if (installed.has(proto)) {
    return
  }
  installed.add(proto)
  const build = proto._toSQL
  const templates = new WeakMap<object, Map<string, null | Template>>()

  proto._toSQL = function (this: RelationalQuery) {
    const slots: Slots = { encoders: [], values: [] }
    const out: string[] = [this.mode, '|']
    try {
      configShape(this.config, out, slots)
    } catch (error) {
      if (error instanceof Uncacheable) {
        return build.call(this)
      }
      throw error
    }
    const key = out.join('')
    let kept = templates.get(this.tableConfig)
    if (!kept) {
      kept = new Map()
      templates.set(this.tableConfig, kept)
    }
    const template = kept.get(key)
    if (template === null) {
      return build.call(this)
    }
    const encoded = encode(slots)
    if (template && encoded) {
      const params = template.order.map((slot) => encoded[slot])
      // Only the selection (how rows map to documents) is taken from the first query: its SQL
      // object holds the first query's values.
      const reused = {
        builtQuery: { ...template.built, params },
        query: { selection: template.selection },
      }
      if (verify) {
        const fresh = build.call(this)
        if (!sameBuilt(fresh.builtQuery, reused.builtQuery)) {
          throw new Error(
            `A reused relational query differs from drizzle's: ${JSON.stringify(reused.builtQuery)} vs ${JSON.stringify(fresh.builtQuery)}`,
          )
        }
      }
      relationalQueryStats.reused += 1
      return reused
    }
    relationalQueryStats.built += 1
    const fresh = build.call(this)
    if (encoded) {
      if (new Set(encoded).size === encoded.length) {
        const order = placesOf(fresh.builtQuery.params, encoded)
        // No fit with distinct values: drizzle binds something the shape does not show (a
        // relation's own limit), so this shape is always left to drizzle.
        kept.set(
          key,
          order ? { built: fresh.builtQuery, order, selection: fresh.query.selection } : null,
        )
      }
      // Otherwise two values were alike: the next query of this shape tries again.
      if (kept.size > MAX_TEMPLATES_PER_TABLE) {
        kept.delete(kept.keys().next().value as string)
      }
    }
    return fresh
  }
}
