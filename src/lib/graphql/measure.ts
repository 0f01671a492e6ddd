import type { DocumentNode, FragmentDefinitionNode, SelectionSetNode } from 'graphql'

import { Kind } from 'graphql'

/** Deepest nesting of field selections, fragments followed. */
export const MAX_GRAPHQL_DEPTH = 10
/** Most aliases in one request, counting each time a fragment is spread. */
export const MAX_GRAPHQL_ALIASES = 50
/**
 * Deepest nesting under `__schema`/`__type`. Code generators' standard introspection query nests
 * `ofType` some 15 levels; the schema is finite and answered from memory, so this only bounds
 * absurd documents.
 */
export const MAX_INTROSPECTION_DEPTH = 30
/**
 * What a selection set costs; `authFields` counts login/forgot-password fields at its own level.
 * `depth` leaves out what lies under `__schema`/`__type`, measured as `introspectionDepth`.
 */
export type Measure = {
  aliases: number
  authFields: number
  depth: number
  introspectionDepth: number
  introspects: boolean
}

/**
 * A document's measure; `cycle` names a fragment spread within itself, `overNested` says descent
 * stopped past MAX_NESTING selection sets (the document counts as too deep).
 */
export type Measured = Measure & { cycle: null | string; overNested: boolean }

const NOTHING: Measure = {
  aliases: 0,
  authFields: 0,
  depth: 0,
  introspectionDepth: 0,
  introspects: false,
}

const INTROSPECTION_FIELD = /^__(schema|type)$/

/** Selection sets within selection sets, fragments included, before a document counts as too deep. */
export const MAX_NESTING = 200

/** Payload's mutations that guess at or mail about passwords: `loginUser`, `forgotPasswordUser`. */
const AUTH_FIELD = /^(login|forgotPassword)[A-Z]/

const add = (total: Measure, part: Measure) => {
  total.aliases += part.aliases
  total.authFields += part.authFields
  total.depth = Math.max(total.depth, part.depth)
  total.introspectionDepth = Math.max(total.introspectionDepth, part.introspectionDepth)
  total.introspects ||= part.introspects
}

/**
 * Depth, aliases, introspection and login/forgot-password mutations of a document's operations.
 * Fragments are measured once and reused, so spreading them cannot make this slow. A fragment
 * cycle is reported: Payload's complexity rule recurses on it until the stack overflows (a 500).
 * Descent stops past the depth limit, or past MAX_NESTING selection sets of any kind (fragments
 * within fragments), and reports the document as too deep, so no document exhausts the stack.
 */
const measure = (document: DocumentNode): Measured => {
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition)
    }
  }
  const measured = new Map<string, Measure>()
  const inProgress = new Set<string>()
  let cycle: null | string = null
  let overNested = false

  const fragment = (name: string, level: number, nesting: number, limit: number): Measure => {
    const known = measured.get(name)
    const definition = fragments.get(name)
    if (inProgress.has(name)) {
      cycle ??= name
    }
    if (known || !definition || inProgress.has(name)) {
      return known ?? NOTHING
    }
    inProgress.add(name)
    const result = selections(definition.selectionSet, level, nesting + 1, limit)
    inProgress.delete(name)
    measured.set(name, result)
    return result
  }

  /**
   * `level` counts from the operation, or from `__schema`/`__type` beneath it, whose answers
   * nest under their own `limit`. Past a limit descent stops with a depth that exceeds it.
   */
  const selections = (
    set: SelectionSetNode,
    level: number,
    nesting: number,
    limit: number,
  ): Measure => {
    if (nesting > MAX_NESTING) {
      overNested = true
      return { ...NOTHING, depth: limit + 1 }
    }
    if (level > limit) {
      return { ...NOTHING, depth: 1 }
    }
    const total = { ...NOTHING }
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value
        if (INTROSPECTION_FIELD.test(name)) {
          const inner = selection.selectionSet
            ? selections(selection.selectionSet, 2, nesting + 1, MAX_INTROSPECTION_DEPTH)
            : NOTHING
          add(total, {
            ...NOTHING,
            aliases: inner.aliases + (selection.alias ? 1 : 0),
            depth: 1,
            introspectionDepth: inner.depth + 1,
            introspects: true,
          })
          continue
        }
        const inner = selection.selectionSet
          ? selections(selection.selectionSet, level + 1, nesting + 1, limit)
          : NOTHING
        add(total, {
          aliases: inner.aliases + (selection.alias ? 1 : 0),
          authFields: AUTH_FIELD.test(name) ? 1 : 0,
          depth: inner.depth + 1,
          introspectionDepth: inner.introspectionDepth,
          introspects: inner.introspects,
        })
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        add(total, selections(selection.selectionSet, level, nesting + 1, limit))
      } else {
        add(total, fragment(selection.name.value, level, nesting, limit))
      }
    }
    return total
  }

  const total = { ...NOTHING }
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      const part = selections(definition.selectionSet, 1, 0, MAX_GRAPHQL_DEPTH)
      add(total, { ...part, authFields: definition.operation === 'mutation' ? part.authFields : 0 })
    }
  }
  return { ...total, cycle, overNested }
}

/**
 * A document's measure, kept per document: parseKept (graphqlDocuments.ts) gives the same
 * document for the same query text, so a query sent again is not measured again.
 */
const measured = new WeakMap<DocumentNode, Measured>()
export const measureKept = (document: DocumentNode): Measured => {
  let result = measured.get(document)
  if (!result) {
    result = measure(document)
    measured.set(document, result)
  }
  return result
}
