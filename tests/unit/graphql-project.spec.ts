import type { GraphQLField, GraphQLObjectType, OperationDefinitionNode } from 'graphql'

import { buildSchema, execute, getOperationAST, Kind, parse } from 'graphql'

import type { FieldRead } from '../../src/lib/graphql/project'
import { compileProjection, project } from '../../src/lib/graphql/project'

const schema = buildSchema(`
  enum Status { draft published }
  type Person { id: Int! name: String! org: Org orgs: [Org!] }
  type Org { id: Int! name: String }
  type Article { id: Int! title: String status: Status people: [Person!] views: Float! body: String }
  type Articles { docs: [Article!]! totalDocs: Int! }
  type Query { Articles(slug: String): Articles other: Int }
`)

/** Relations by field name; everything else read as graphql's default resolver reads it. */
const read = (_type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): FieldRead =>
  field.name === 'org'
    ? { collection: 'orgs', hasMany: false, kind: 'relation', source: 'org' }
    : field.name === 'orgs'
      ? { collection: 'orgs', hasMany: true, kind: 'relation', source: 'orgs' }
      : field.name === 'body'
        ? null
        : { kind: 'value' }

const orgs: Record<number, { id: number; name: string }> = {
  7: { id: 7, name: 'Sở Nội vụ' },
  8: { id: 8, name: 'UBND tỉnh' },
}
const lookup = (collection: string, id: unknown) =>
  collection === 'orgs' && typeof id === 'number' ? orgs[id] : undefined

const compile = (query: string) => {
  const document = parse(query)
  const fragments = Object.fromEntries(
    document.definitions.flatMap((definition) =>
      definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [],
    ),
  )
  const operation = getOperationAST(document) as OperationDefinitionNode
  return { document, projection: compileProjection(schema, operation, fragments, 'Articles', read) }
}

/** graphql's own answer, relations resolved from the same records. */
const executed = async (query: string, page: unknown) =>
  (
    await execute({
      document: parse(query),
      fieldResolver: (source, _args, _context, info) => {
        if (info.fieldName === 'Articles') {
          return page
        }
        const value = (source as Record<string, unknown>)[info.fieldName]
        if (info.fieldName === 'org') {
          return typeof value === 'number' ? (orgs[value] ?? null) : value
        }
        if (info.fieldName === 'orgs') {
          return ((value as unknown[] | null) ?? []).map((id) =>
            typeof id === 'number' ? orgs[id] : id,
          )
        }
        return value
      },
      schema,
    })
  ).data

describe('projecting a query from held records', () => {
  const page = {
    docs: [
      {
        id: 1,
        people: [
          { id: 3, name: 'An', org: { id: 9, name: 'Held' }, orgs: [7, 8] },
          { id: 4, name: 'Bình', org: 7, orgs: null },
        ],
        status: 'published',
        title: 'Tin',
        views: 12,
      },
    ],
    totalDocs: 1,
  }

  it('should answer as graphql executes: aliases, fragments, type names, enums, relations', async () => {
    const query = `query { list: Articles(slug: "x") {
      n: totalDocs
      docs { __typename id ...T status people { name org { id name } orgs { name } } }
    }}
    fragment T on Article { title headline: title people { id } }`
    const { projection } = compile(query)
    expect(projection).not.toBeNull()
    const answer = project(projection!, page, lookup)
    expect(answer).toEqual(await executed(query, page))
    expect(JSON.stringify(answer)).toBe(JSON.stringify(await executed(query, page)))
  })

  it.each([
    ['a directive', '{ Articles { docs { id @include(if: true) } } }'],
    ['a field that is not read plainly', '{ Articles { docs { id body } } }'],
    ['arguments below the root', '{ Articles { docs { title(x: 1) } } }'],
    ['two root fields', '{ Articles { totalDocs } a: Articles { totalDocs } }'],
    ['another root field', '{ other }'],
    ['a mutation', 'mutation { x }'],
  ])('should not compile %s', (_name, query) => {
    expect(compile(query).projection).toBeNull()
  })

  it('should give up where graphql would report an error or the loader decide', () => {
    const { projection } = compile('{ Articles { docs { views people { org { name } } } } }')
    // A null where the schema forbids one.
    expect(project(projection!, { docs: [{ people: [], views: null }] }, lookup)).toBeNull()
    // A record it does not hold.
    expect(project(projection!, { docs: [{ people: [{ org: 99 }], views: 1 }] }, lookup)).toBeNull()
    // A value its type does not serialize.
    expect(project(projection!, { docs: [{ people: [], views: 'many' }] }, lookup)).toBeNull()
    expect(project(projection!, { docs: [{ people: [{ org: 8 }], views: 1 }] }, lookup)).toEqual({
      Articles: { docs: [{ people: [{ org: { name: 'UBND tỉnh' } }], views: 1 }] },
    })
  })
})
