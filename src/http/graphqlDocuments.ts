import type { DocumentNode, GraphQLError, GraphQLSchema, ValidationRule } from 'graphql'

import { parse, specifiedRules, validate } from 'graphql'

/** Longest query text whose parsed document is kept; longer ones are parsed every time. */
export const MAX_KEPT_QUERY_LENGTH = 4096
/** Most documents kept (least recently used go first): at most a few MB of syntax trees. */
export const MAX_KEPT_DOCUMENTS = 200

// A pure cache, process-wide on purpose: a query text always parses to the same document, so
// sharing it across servers and Payload instances changes no answer; nothing needs resetting.
const documents = new Map<string, DocumentNode>()

/**
 * `parse`, keeping the documents of short queries by their text: a client sends the same few
 * queries over and over, with other variables. Documents are only read (by validation, the
 * limits in graphqlLimits.ts and execution), never changed, so one may serve many requests.
 * Syntax errors are thrown as by `parse` and not kept.
 */
export const parseKept = (query: string): DocumentNode => {
  const kept = documents.get(query)
  if (kept) {
    documents.delete(query)
    documents.set(query, kept)
    return kept
  }
  const document = parse(query)
  if (query.length <= MAX_KEPT_QUERY_LENGTH) {
    documents.set(query, document)
    if (documents.size > MAX_KEPT_DOCUMENTS) {
      documents.delete(documents.keys().next().value as string)
    }
  }
  return document
}

/** Most sets of variables a document is known to pass the rules after graphql's own with. */
export const MAX_KEPT_VARIABLES = 64
/** Longest variables' JSON kept (a mutation's input is not). */
const MAX_KEPT_VARIABLES_LENGTH = 1024

/**
 * Marks a list of rules whose outcome is a function of the schema, the document and the variables
 * alone (Payload's own: query complexity, introspection in production), by the variables' JSON:
 * validateKept then checks a document with the same variables once. Lists that carry any other
 * rule must not be marked. Returns the list.
 */
export const keyedByVariables = (
  rules: ValidationRule[],
  variableValues: unknown,
): ValidationRule[] => {
  const json = JSON.stringify(variableValues ?? null)
  if (json.length <= MAX_KEPT_VARIABLES_LENGTH) {
    ;(rules as KeyedRules)[RULES_KEY] = json
  }
  return rules
}

const RULES_KEY = Symbol('variables of pure validation rules')
type KeyedRules = readonly ValidationRule[] & { [RULES_KEY]?: string }

/** Per schema, per document that passed every rule: the variables it passed them with. */
const passedWith = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Set<string>>>()

const rememberVariables = (schema: GraphQLSchema, document: DocumentNode, variables: string) => {
  let documents = passedWith.get(schema)
  if (!documents) {
    documents = new WeakMap()
    passedWith.set(schema, documents)
  }
  const kept = documents.get(document) ?? new Set<string>()
  if (kept.size >= MAX_KEPT_VARIABLES) {
    kept.delete(kept.values().next().value as string)
  }
  kept.add(variables)
  documents.set(document, kept)
}

/** Documents that passed graphql's own rules, per schema (a document is one kept by parseKept). */
const passed = new WeakMap<GraphQLSchema, WeakSet<DocumentNode>>()

/**
 * `validate` for GraphQL over HTTP, where the rules are graphql's specified rules followed by
 * Payload's (query complexity, which depends on the variables). The specified rules depend on the
 * schema and the document only, so a document that passed them once is checked by the rules after
 * them alone; when the list is marked by keyedByVariables, a document that passed every rule with
 * the same variables is not checked again. Until then, and for any other list of rules, everything
 * runs as before; a document that passed the specified rules has no errors of theirs, so the
 * errors are the same, in the same order.
 */
export const validateKept = (
  schema: GraphQLSchema,
  document: DocumentNode,
  rules: readonly ValidationRule[] = specifiedRules,
): readonly GraphQLError[] => {
  const startsWithSpecified =
    rules.length >= specifiedRules.length &&
    specifiedRules.every((rule, index) => rules[index] === rule)
  if (!startsWithSpecified) {
    return validate(schema, document, rules)
  }
  const variables = (rules as KeyedRules)[RULES_KEY]
  if (variables !== undefined && passedWith.get(schema)?.get(document)?.has(variables)) {
    return []
  }
  let clean = passed.get(schema)
  const known = clean?.has(document) ?? false
  const rest = known ? rules.slice(specifiedRules.length) : rules
  const errors = rest.length > 0 ? validate(schema, document, rest) : []
  if (errors.length === 0) {
    if (!clean) {
      clean = new WeakSet()
      passed.set(schema, clean)
    }
    clean.add(document)
    if (variables !== undefined) {
      rememberVariables(schema, document, variables)
    }
  }
  return errors
}
