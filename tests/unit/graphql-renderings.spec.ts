import { buildSchema, parse } from 'graphql'
import type { FragmentDefinitionNode, OperationDefinitionNode } from 'graphql'

import { everySelected } from '../../src/lib/graphql/selection'
import type { FieldShape } from '../../src/lib/renderings'
import { graphqlRenderingAsk } from '../../src/lib/renderings'
import { depthZero } from '../../src/lib/renderings/depthZero'

describe('graphqlRenderingAsk: the root finds of articles the renderings answer', () => {
  it('should read a slug, a topic, a department and the whole list, with their paging', () => {
    expect(graphqlRenderingAsk({ where: { slug: { equals: 'bai-1' } } })).toEqual({
      kind: 'slug',
      limit: 10,
      page: 1,
      slug: 'bai-1',
    })
    expect(graphqlRenderingAsk({ limit: 20, page: 3, where: { topics: { equals: 7 } } })).toEqual({
      kind: 'list',
      limit: 20,
      list: { scope: 'topic', scopeId: 7 },
      page: 3,
    })
    expect(graphqlRenderingAsk({ where: { department: { equals: 2 } } })).toMatchObject({
      list: { scope: 'department', scopeId: 2 },
    })
    expect(graphqlRenderingAsk({ select: true })).toMatchObject({ list: { scope: 'all' } })
  })

  it('should leave every other find to Payload', () => {
    const others: Record<string, unknown>[] = [
      { draft: true },
      { locale: 'vi' },
      { fallbackLocale: 'en' },
      { sort: 'title' },
      { pagination: false },
      { trash: true },
      { limit: 0 },
      { limit: 101 },
      { limit: null },
      { page: 0 },
      { page: 1.5 },
      { where: null },
      { where: {} },
      { where: { slug: { like: 'bai' } } },
      { where: { slug: { equals: '' } } },
      { where: { slug: { equals: 'a\u0000b' } } },
      { where: { slug: { equals: 'bai-1', not_equals: 'x' } } },
      { where: { slug: { equals: 'bai-1' }, title: { equals: 'x' } } },
      { where: { topics: { equals: '7' } } },
      { where: { topics: { equals: 2 ** 31 } } },
      { where: { topics: { in: [7] } } },
      { where: { author: { equals: 1 } } },
      { where: { or: [{ slug: { equals: 'bai-1' } }] } },
    ]
    for (const args of others) {
      expect({ args, ask: graphqlRenderingAsk(args) }).toEqual({ args, ask: null })
    }
  })
})

describe('depthZero: a depth-1 document as it reads at depth 0', () => {
  const fields: FieldShape[] = [
    { name: 'title', type: 'text' },
    { name: 'department', relationTo: 'organizations', type: 'relationship' },
    { name: 'people', relationTo: 'people', type: 'relationship' },
    { name: 'linked', relationTo: ['plans', 'articles'], type: 'relationship' },
    {
      name: 'meta',
      fields: [{ name: 'image', relationTo: 'media', type: 'upload' }],
      type: 'group',
    },
    {
      name: 'citations',
      fields: [{ name: 'plan', relationTo: 'plans', type: 'relationship' }],
      type: 'array',
    },
    { fields: [{ name: 'author', relationTo: 'users', type: 'relationship' }], type: 'row' },
    { name: 'body', type: 'richText' },
  ]

  it('should put ids back where records were populated, and hand each record over once seen', () => {
    const found: [string, unknown][] = []
    const body = { root: { children: [{ relationTo: 'media', type: 'upload', value: { id: 9 } }] } }
    const doc = {
      author: 4,
      body,
      citations: [
        { id: 'row1', plan: { id: 3, title: 'KH' } },
        { id: 'row2', plan: 5 },
      ],
      department: { id: 1, name: 'Sở' },
      id: 10,
      linked: [
        { relationTo: 'plans', value: { id: 3 } },
        { relationTo: 'articles', value: 8 },
      ],
      meta: { image: { id: 2, url: '/m.png' } },
      people: [{ id: 6, name: 'A' }, 7],
      title: 'Tin',
    }
    const zero = depthZero(fields, doc, (collection, record) => found.push([collection, record]))
    expect(zero).toEqual({
      author: 4,
      // Rich text's records get their ids back, and are not handed over.
      body: { root: { children: [{ relationTo: 'media', type: 'upload', value: 9 }] } },
      citations: [
        { id: 'row1', plan: 3 },
        { id: 'row2', plan: 5 },
      ],
      department: 1,
      id: 10,
      linked: [
        { relationTo: 'plans', value: 3 },
        { relationTo: 'articles', value: 8 },
      ],
      meta: { image: 2 },
      people: [6, 7],
      title: 'Tin',
    })
    expect(found).toEqual([
      ['organizations', { id: 1, name: 'Sở' }],
      ['people', { id: 6, name: 'A' }],
      ['plans', { id: 3 }],
      ['media', { id: 2, url: '/m.png' }],
      ['plans', { id: 3, title: 'KH' }],
    ])
    // The document read is left as it was.
    expect(doc.department).toEqual({ id: 1, name: 'Sở' })
    expect(body.root.children[0]!.value).toEqual({ id: 9 })
  })
})

describe('everySelected: every field a query can ask for', () => {
  const schema = buildSchema(`
    type Query { Articles: Articles }
    type Articles { docs: [Article!]! totalDocs: Int }
    type Article { id: Int title: String body: String people: [Person!] }
    type Person { id: Int name: String bio: String }
  `)
  const walk = (query: string) => {
    const document = parse(query)
    const operation = document.definitions.find(
      (definition): definition is OperationDefinitionNode =>
        definition.kind === 'OperationDefinition',
    )!
    const fragments = Object.fromEntries(
      document.definitions
        .filter(
          (definition): definition is FragmentDefinitionNode =>
            definition.kind === 'FragmentDefinition',
        )
        .map((fragment) => [fragment.name.value, fragment]),
    )
    const root = operation.selectionSet.selections[0]!
    const seen: string[] = []
    const complete = everySelected(
      schema,
      schema.getType('Articles')!,
      root.kind === 'Field' ? root.selectionSet : undefined,
      fragments,
      ({ node, typeName }) => {
        seen.push(`${typeName}.${node.name.value}`)
        return true
      },
    )
    return { complete, seen: seen.sort() }
  }

  it('should follow aliases, fragments, inline fragments and skipped fields alike', () => {
    expect(
      walk(`{ Articles { totalDocs all: docs { __typename id ...A ... on Article { title } } } }
        fragment A on Article { people { ...P } body @skip(if: true) }
        fragment P on Person { name ...P2 }
        fragment P2 on Person { bio }`),
    ).toEqual({
      complete: true,
      seen: [
        'Article.body',
        'Article.id',
        'Article.people',
        'Article.title',
        'Articles.docs',
        'Articles.totalDocs',
        'Person.bio',
        'Person.name',
      ],
    })
  })

  it('should end with false on a fragment or field it cannot find', () => {
    expect(walk(`{ Articles { docs { ...Missing } } }`).complete).toBe(false)
    expect(walk(`{ Articles { docs { nothing } } }`).complete).toBe(false)
  })
})
