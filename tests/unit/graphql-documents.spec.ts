import { isPureForAnonymous, pureForAnonymous } from '../../src/lib/graphql/pureRules'
import type { ValidationRule } from 'graphql'

import { buildSchema, GraphQLError, parse, specifiedRules, validate } from 'graphql'

import { keyedByVariables, parseKept, validateKept } from '../../src/http/graphqlDocuments'

const schema = buildSchema(`
  type Article { id: ID!, title: String, related(limit: Int): [Article] }
  type Query { article(slug: String): Article, articles(limit: Int): [Article] }
`)

/** A rule after graphql's own whose verdict depends on something besides the document. */
let largest = 10
const limitRule: ValidationRule = (context) => ({
  Argument(node) {
    if (
      node.name.value === 'limit' &&
      node.value.kind === 'IntValue' &&
      Number(node.value.value) > largest
    ) {
      context.reportError(new GraphQLError(`limit over ${largest}`, { nodes: [node] }))
    }
  },
})
const rules = [...specifiedRules, limitRule]

describe('kept GraphQL documents', () => {
  it('should give one document per query text, and parse errors as parse does', () => {
    const query = '{ articles(limit: 5) { id title } }'
    expect(parseKept(query)).toBe(parseKept(query))
    expect(parseKept(query)).toEqual(parse(query))
    expect(() => parseKept('{ articles {')).toThrow(GraphQLError)
    expect(() => parseKept('{ articles {')).toThrow('Syntax Error')
  })

  it("should still run the rules after graphql's own on a document that passed them", () => {
    const document = parseKept('{ articles(limit: 8) { id related(limit: 3) { id } } }')
    largest = 10
    expect(validateKept(schema, document, rules)).toEqual([])
    expect(validateKept(schema, document, rules)).toEqual([])
    largest = 5
    const refused = validateKept(schema, document, rules)
    expect(refused.map((error) => error.message)).toEqual(['limit over 5'])
    expect(refused).toEqual(validate(schema, document, rules))
  })

  it("should report graphql's own errors each time, as validate does", () => {
    largest = 10
    const document = parseKept(
      'query ($n: Int) { articles(limit: 50) { id nope } article { title } }',
    )
    const expected = validate(schema, document, rules)
    expect(expected.length).toBeGreaterThan(1)
    for (const _round of [1, 2, 3]) {
      expect(validateKept(schema, document, rules)).toEqual(expected)
    }
  })

  it('should validate with other rule lists as given', () => {
    const document = parseKept('{ articles(limit: 50) { id } }')
    largest = 10
    expect(validateKept(schema, document, [limitRule]).map((error) => error.message)).toEqual([
      'limit over 10',
    ])
    expect(validateKept(schema, document, [])).toEqual([])
  })

  it("should check a document once per set of variables when the rules after graphql's own depend on them alone", () => {
    // A rule of the kind keyedByVariables is for: its verdict reads the variables only.
    let runs = 0
    const variableRule =
      (variables: { n?: number }): ValidationRule =>
      (context) => ({
        Document(node) {
          runs += 1
          if ((variables.n ?? 0) > 10) {
            context.reportError(new GraphQLError(`n over 10`, { nodes: [node] }))
          }
        },
      })
    const keyed = (variables: { n?: number }) =>
      keyedByVariables([...specifiedRules, variableRule(variables)], variables)
    const document = parseKept('query ($n: Int) { articles(limit: $n) { id } }')
    expect(validateKept(schema, document, keyed({ n: 5 }))).toEqual([])
    const first = runs
    expect(validateKept(schema, document, keyed({ n: 5 }))).toEqual([])
    expect(runs).toBe(first)
    // Other variables are checked, and refusals are never kept.
    expect(validateKept(schema, document, keyed({ n: 50 })).map((e) => e.message)).toEqual([
      'n over 10',
    ])
    expect(validateKept(schema, document, keyed({ n: 50 })).map((e) => e.message)).toEqual([
      'n over 10',
    ])
    expect(runs).toBe(first + 2)
    // Unmarked lists run their rules every time.
    validateKept(schema, document, [...specifiedRules, variableRule({ n: 5 })])
    expect(runs).toBe(first + 3)
  })
})

describe('rules marked pure for a caller without a user', () => {
  it('should recognise only functions marked so', () => {
    const rules = () => []
    expect(isPureForAnonymous(rules)).toBe(false)
    expect(pureForAnonymous(rules)).toBe(rules)
    expect(isPureForAnonymous(rules)).toBe(true)
    expect(isPureForAnonymous(() => [])).toBe(false)
    expect(isPureForAnonymous(undefined)).toBe(false)
    expect(isPureForAnonymous({})).toBe(false)
  })
})
