import type { RequestHandler, Response } from 'express'
import type {
  ArgumentNode,
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from 'graphql'
import type { SanitizedConfig } from 'payload'

import { Kind, print, visit } from 'graphql'
import { getPayload } from 'payload'

import { isSignedIn, verifiedCaller } from './credentials'
import { sendError } from './errors'
import { parseKept } from './graphqlDocuments'
import { MAX_ANONYMOUS_LIMIT, MAX_API_KEY_LIMIT } from './queryLimits'

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
/** Largest query document, in bytes. */
export const MAX_GRAPHQL_DOCUMENT_BYTES = 100 * 1024

/** Who may ask `__schema`/`__type`: the contract allows only signed-in users in production. */
export type IntrospectionPolicy = 'authenticated' | 'everyone'

/**
 * What a selection set costs; `authFields` counts login/forgot-password fields at its own level.
 * `depth` leaves out what lies under `__schema`/`__type`, measured as `introspectionDepth`.
 */
type Measure = {
  aliases: number
  authFields: number
  depth: number
  introspectionDepth: number
  introspects: boolean
}

const NOTHING: Measure = {
  aliases: 0,
  authFields: 0,
  depth: 0,
  introspectionDepth: 0,
  introspects: false,
}

const INTROSPECTION_FIELD = /^__(schema|type)$/

/** Selection sets within selection sets, fragments included, before a document counts as too deep. */
const MAX_NESTING = 200

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
const measure = (document: DocumentNode): Measure & { cycle: null | string } => {
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition)
    }
  }
  const measured = new Map<string, Measure>()
  const inProgress = new Set<string>()
  let cycle: null | string = null

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
  return { ...total, cycle }
}

/**
 * A document's measure, kept per document: parseKept (graphqlDocuments.ts) gives the same
 * document for the same query text, so a query sent again is not measured again.
 */
const measured = new WeakMap<DocumentNode, ReturnType<typeof measure>>()
const measureKept = (document: DocumentNode): ReturnType<typeof measure> => {
  let result = measured.get(document)
  if (!result) {
    result = measure(document)
    measured.set(document, result)
  }
  return result
}

/** Whether a document has any `limit` or `pagination` argument, kept per document. */
const limitArguments = new WeakMap<DocumentNode, boolean>()
const hasLimitArguments = (document: DocumentNode): boolean => {
  let found = limitArguments.get(document)
  if (found === undefined) {
    found = false
    visit(document, {
      Argument: (node: ArgumentNode) => {
        if (node.name.value === 'limit' || node.name.value === 'pagination') {
          found = true
        }
      },
    })
    limitArguments.set(document, found)
  }
  return found
}

type Variables = Record<string, unknown>

const overCap = (limit: unknown, max: number): boolean =>
  typeof limit === 'number' && (limit <= 0 || limit > max)

/**
 * The REST caps for callers who are not signed in, in GraphQL: a `limit` of 0 or above 100 (on a
 * list or a join field) becomes 100 and `pagination: false` becomes true, whether written in the
 * document or passed as a variable; API keys get the same at `max` (1,000). Returns the capped
 * document, or null when none applied.
 */
const capLimits = (
  document: DocumentNode,
  variables: Variables,
  max: number,
): DocumentNode | null => {
  if (!hasLimitArguments(document)) {
    // Nothing to cap, whatever the variables.
    return null
  }
  let changed = false
  const capValue = (value: ValueNode, cap: (current: unknown) => unknown): ValueNode => {
    if (value.kind === Kind.VARIABLE) {
      const name = value.name.value
      const capped = cap(variables[name])
      if (capped !== variables[name]) {
        variables[name] = capped
        changed = true
      }
      return value
    }
    const literal =
      value.kind === Kind.INT
        ? Number(value.value)
        : value.kind === Kind.BOOLEAN
          ? value.value
          : undefined
    const capped = cap(literal)
    if (capped === literal) {
      return value
    }
    changed = true
    return typeof capped === 'boolean'
      ? { kind: Kind.BOOLEAN, value: capped }
      : { kind: Kind.INT, value: String(capped) }
  }
  const capped = visit(document, {
    Field: (node: FieldNode) => {
      if (!node.arguments?.length) {
        return undefined
      }
      const pagination = node.arguments.find((argument) => argument.name.value === 'pagination')
      const unpaged =
        pagination !== undefined &&
        (pagination.value.kind === Kind.VARIABLE
          ? variables[pagination.value.name.value] === false
          : pagination.value.kind === Kind.BOOLEAN && !pagination.value.value)
      const args = node.arguments.map((argument): ArgumentNode => {
        if (argument.name.value === 'limit') {
          return {
            ...argument,
            value: capValue(argument.value, (v) => (overCap(v, max) ? max : v)),
          }
        }
        if (argument.name.value === 'pagination') {
          return { ...argument, value: capValue(argument.value, (v) => (v === false ? true : v)) }
        }
        return argument
      })
      if (unpaged && !args.some((argument) => argument.name.value === 'limit')) {
        // Unpaged meant every match: page at the cap instead, as REST does.
        args.push({
          kind: Kind.ARGUMENT,
          name: { kind: Kind.NAME, value: 'limit' },
          value: { kind: Kind.INT, value: String(max) },
        })
        changed = true
      }
      return { ...node, arguments: args }
    },
  })
  return changed ? capped : null
}

/** A limit refusal as GraphQL over HTTP has it: 200, `errors`, no `data`. */
const refuse = (res: Response, message: string) => {
  res.status(200).json({ errors: [{ message }] })
}

type GraphqlLimitsArgs = {
  /** Counts a request that runs a login or forgot-password mutation (see rateLimit.ts). */
  authAttempts?: RequestHandler
  config: Promise<SanitizedConfig>
  introspection: IntrospectionPolicy
}

/**
 * Checks a GraphQL request before Payload runs it. Payload's own `maxComplexity` covers the cost
 * of fields; this covers batching, size, depth, aliases, introspection and login guessing.
 */
export const graphqlLimits =
  ({ authAttempts, config, introspection }: GraphqlLimitsArgs): RequestHandler =>
  async (req, res, next) => {
    try {
      const body: unknown = req.body
      if (Array.isArray(body)) {
        sendError(res, 400, 'Batched GraphQL operations are not accepted; send one per request.')
        return
      }
      const query = (body as { query?: unknown } | undefined)?.query
      if (typeof query !== 'string') {
        // Not JSON or no query: Payload's GraphQL handler answers that itself (400/415).
        next()
        return
      }
      if (Buffer.byteLength(query) > MAX_GRAPHQL_DOCUMENT_BYTES) {
        refuse(res, `The GraphQL document is larger than ${MAX_GRAPHQL_DOCUMENT_BYTES / 1024} KB.`)
        return
      }
      let document: DocumentNode
      try {
        document = parseKept(query)
      } catch (error) {
        // A syntax error names the spot; anything else (absurd nesting) gets a plain message.
        const syntax = error instanceof Error && error.name === 'GraphQLError'
        sendError(
          res,
          400,
          syntax ? (error as Error).message : 'The GraphQL query cannot be parsed.',
        )
        return
      }
      const { aliases, authFields, cycle, depth, introspectionDepth, introspects } =
        measureKept(document)
      if (cycle) {
        refuse(res, `Cannot spread fragment "${cycle}" within itself.`)
        return
      }
      if (depth > MAX_GRAPHQL_DEPTH) {
        refuse(res, `The query is nested deeper than ${MAX_GRAPHQL_DEPTH} levels.`)
        return
      }
      if (introspectionDepth > MAX_INTROSPECTION_DEPTH) {
        refuse(
          res,
          `The introspection query is nested deeper than ${MAX_INTROSPECTION_DEPTH} levels.`,
        )
        return
      }
      if (aliases > MAX_GRAPHQL_ALIASES) {
        refuse(res, `The query uses more than ${MAX_GRAPHQL_ALIASES} aliases.`)
        return
      }
      if (
        introspects &&
        introspection === 'authenticated' &&
        !(await isSignedIn(await getPayload({ config }), req))
      ) {
        refuse(res, 'GraphQL introspection is only available to signed-in users.')
        return
      }
      if (authFields > 1) {
        refuse(res, 'Send at most one login or forgot-password mutation per request.')
        return
      }
      const variables = (body as { variables?: unknown }).variables
      const values: Variables =
        variables && typeof variables === 'object' && !Array.isArray(variables)
          ? { ...(variables as Variables) }
          : {}
      if (capLimits(document, { ...values }, MAX_ANONYMOUS_LIMIT)) {
        // Only a document the anonymous caps would change pays for checking credentials.
        const caller = await verifiedCaller(await getPayload({ config }), req)
        if (!caller || caller.key) {
          const capped = capLimits(
            document,
            values,
            caller ? MAX_API_KEY_LIMIT : MAX_ANONYMOUS_LIMIT,
          )
          if (capped) {
            req.body = { ...(body as object), query: print(capped), variables: values }
          }
        }
      }
      if (authFields === 1 && authAttempts) {
        authAttempts(req, res, next)
        return
      }
      next()
    } catch (error) {
      next(error)
    }
  }
