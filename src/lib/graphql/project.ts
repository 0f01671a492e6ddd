import type {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLLeafType,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql'

import { isLeafType, isListType, isNonNullType, isObjectType } from 'graphql'

/**
 * How a field of an object type is read, as the caller knows its resolver: `value`, graphql's
 * default resolver (the source's property of the field's name); `relation`, Payload's resolver of
 * a relationship or upload to one collection (its record, or its records for `hasMany`, by the
 * ids the source holds under `source`); null, neither (the query cannot be projected).
 */
export type FieldRead =
  | { collection: string; hasMany: boolean; kind: 'relation'; source: string }
  | { kind: 'value' }
  | null

type Shape =
  | { fields: Entry[]; kind: 'object'; typeName: string }
  | { kind: 'leaf'; type: GraphQLLeafType }
  | { kind: 'list'; of: Shape }
  | { kind: 'nonNull'; of: Shape }

type Entry =
  | { key: string; kind: 'typename' }
  | { key: string; kind: 'field'; name: string; read: Exclude<FieldRead, null>; shape: Shape }

/** A query compiled for projection: its one root field and the shape of that field's answer. */
export type Projection = {
  key: string
  root: FieldNode
  rootField: GraphQLField<unknown, unknown>
  shape: Shape
}

/** A record a relation names, as GraphQL's loader would give it; undefined when not known. */
export type Lookup = (collection: string, id: unknown) => Record<string, unknown> | undefined

/** Thrown inside project: the answer cannot be made here (graphql's execution answers). */
const CANNOT = Symbol('cannot project')

/**
 * The fields a selection asks for on an object type, by response key in graphql's order
 * (`CollectFields`: fragments whose condition is that type, or none, taken in place; a key asked
 * twice merges its selections). Null for what this does not take: directives, a fragment on an
 * abstract type, a fragment it cannot find.
 */
const collect = (
  type: GraphQLObjectType,
  sets: SelectionSetNode[],
  fragments: Record<string, FragmentDefinitionNode>,
): Map<string, FieldNode[]> | null => {
  const fields = new Map<string, FieldNode[]>()
  const walk = (set: SelectionSetNode, spread: Set<string>): boolean => {
    for (const selection of set.selections) {
      if (selection.directives?.length) {
        return false
      }
      if (selection.kind === 'Field') {
        const key = selection.alias?.value ?? selection.name.value
        const list = fields.get(key) ?? []
        list.push(selection)
        fields.set(key, list)
        continue
      }
      let condition: string | undefined
      let selections: SelectionSetNode
      if (selection.kind === 'FragmentSpread') {
        const fragment = fragments[selection.name.value]
        if (!fragment || fragment.directives?.length) {
          return false
        }
        if (spread.has(fragment.name.value)) {
          continue
        }
        spread.add(fragment.name.value)
        condition = fragment.typeCondition.name.value
        selections = fragment.selectionSet
      } else {
        condition = selection.typeCondition?.name.value
        selections = selection.selectionSet
      }
      if (condition !== undefined && condition !== type.name) {
        // A fragment on another type: left to graphql (one on an abstract type may apply).
        return false
      }
      if (!walk(selections, spread)) {
        return false
      }
    }
    return true
  }
  const spread = new Set<string>()
  return sets.every((set) => walk(set, spread)) ? fields : null
}

const shapeOf = (
  type: GraphQLOutputType,
  sets: SelectionSetNode[],
  fragments: Record<string, FragmentDefinitionNode>,
  read: (type: GraphQLObjectType, field: GraphQLField<unknown, unknown>) => FieldRead,
): null | Shape => {
  if (isNonNullType(type)) {
    const of = shapeOf(type.ofType, sets, fragments, read)
    return of && { kind: 'nonNull', of }
  }
  if (isListType(type)) {
    const of = shapeOf(type.ofType, sets, fragments, read)
    return of && { kind: 'list', of }
  }
  if (isLeafType(type)) {
    return { kind: 'leaf', type }
  }
  if (!isObjectType(type)) {
    return null
  }
  const collected = collect(type, sets, fragments)
  if (!collected) {
    return null
  }
  const entries: Entry[] = []
  for (const [key, nodes] of collected) {
    const name = nodes[0]!.name.value
    if (name === '__typename') {
      entries.push({ key, kind: 'typename' })
      continue
    }
    const field = type.getFields()[name]
    const how = field && nodes.every((node) => !node.arguments?.length) ? read(type, field) : null
    if (!field || !how) {
      return null
    }
    const subsets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []))
    const shape = shapeOf(field.type, subsets, fragments, read)
    if (!shape) {
      return null
    }
    entries.push({ key, kind: 'field', name, read: how, shape })
  }
  return { fields: entries, kind: 'object', typeName: type.name }
}

/**
 * Compiles a query operation whose one root field is `rootName` (any alias, its own arguments)
 * into a Projection, when everything it asks below that field reads as `read` says (no
 * directives, no arguments, no abstract types); otherwise null.
 */
export const compileProjection = (
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  rootName: string,
  read: (type: GraphQLObjectType, field: GraphQLField<unknown, unknown>) => FieldRead,
): null | Projection => {
  const query = schema.getQueryType()
  if (operation.operation !== 'query' || !query || operation.directives?.length) {
    return null
  }
  const roots = collect(query, [operation.selectionSet], fragments)
  if (!roots || roots.size !== 1) {
    return null
  }
  const [[key, nodes]] = [...roots]
  const rootField = query.getFields()[rootName]
  if (nodes.length !== 1 || nodes[0]!.name.value !== rootName || !rootField) {
    return null
  }
  const root = nodes[0]!
  const shape = shapeOf(
    rootField.type,
    root.selectionSet ? [root.selectionSet] : [],
    fragments,
    read,
  )
  return shape && { key, root, rootField, shape }
}

const complete = (shape: Shape, value: unknown, lookup: Lookup): unknown => {
  if (shape.kind === 'nonNull') {
    const done = complete(shape.of, value, lookup)
    if (done === null) {
      // graphql reports the error and nulls the parent: its execution answers.
      throw CANNOT
    }
    return done
  }
  if (value === null || value === undefined) {
    return null
  }
  if (shape.kind === 'list') {
    if (!Array.isArray(value)) {
      throw CANNOT
    }
    return value.map((item) => complete(shape.of, item, lookup))
  }
  if (shape.kind === 'leaf') {
    let serialized: unknown
    try {
      serialized = shape.type.serialize(value)
    } catch {
      throw CANNOT
    }
    if (serialized === undefined) {
      throw CANNOT
    }
    return serialized
  }
  if (typeof value !== 'object') {
    throw CANNOT
  }
  const source = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const entry of shape.fields) {
    if (entry.kind === 'typename') {
      out[entry.key] = shape.typeName
      continue
    }
    const { read } = entry
    const own = read.kind === 'value' ? source[entry.name] : source[read.source]
    if (typeof own === 'function') {
      throw CANNOT
    }
    out[entry.key] = complete(
      entry.shape,
      read.kind === 'value' ? own : related(read, own, lookup),
      lookup,
    )
  }
  return out
}

/** A record held populated, or looked up by its id; as Payload's relationship resolver reads it. */
const record = (collection: string, value: unknown, lookup: Lookup): Record<string, unknown> => {
  if (typeof value === 'object' && value !== null && 'id' in value) {
    return value as Record<string, unknown>
  }
  const found = lookup(collection, value)
  if (!found) {
    // Not known here (not readable, or not held): the loader decides.
    throw CANNOT
  }
  return found
}

const related = (
  read: Extract<FieldRead, { kind: 'relation' }>,
  value: unknown,
  lookup: Lookup,
): unknown => {
  if (read.hasMany) {
    if (!value) {
      return []
    }
    if (!Array.isArray(value)) {
      throw CANNOT
    }
    return value.map((item) => record(read.collection, item, lookup))
  }
  return value ? record(read.collection, value, lookup) : null
}

/**
 * The answer of a compiled query's root field from `value` (what its resolver would return, with
 * related records populated or found by `lookup`), as graphql's execution completes it; null
 * where it cannot tell (a record it does not hold, a null where the schema forbids one, a value
 * its type does not serialize): graphql's execution then answers.
 */
export const project = (
  projection: Projection,
  value: unknown,
  lookup: Lookup,
): null | Record<string, unknown> => {
  try {
    return { [projection.key]: complete(projection.shape, value, lookup) }
  } catch (error) {
    if (error === CANNOT) {
      return null
    }
    throw error
  }
}
