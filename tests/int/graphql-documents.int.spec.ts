import type { FuzzActor } from '../helpers/fuzzWorld'
import { fuzzWorldPerSuite } from '../helpers/fuzzWorld'
import type { TestServer } from '../helpers/startServer'

import { GRAPHQL_POST } from '@payloadcms/next/routes'

import { startServer } from '../helpers/startServer'
import { createDepartment } from '../helpers/world'
import { callGraphql } from '../helpers/answers'

/**
 * GraphQL through our handler (src/compat/graphqlHandler.ts: kept documents, graphql's own rules
 * checked once per document) answers as Payload's own handler does, the first time a query is
 * sent and every time after, whatever its variables.
 */
describe('GraphQL with kept documents', () => {
  let server: TestServer
  let department: number

  const ours = async (query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(`${server.url}/api/graphql`, {
      body: JSON.stringify({ query, variables }),
      headers: { 'content-type': 'application/json' },
      method: 'POST',
    })
    return { status: response.status, text: await response.text() }
  }
  const payloads = async (query: string, variables?: Record<string, unknown>) => {
    const response = await GRAPHQL_POST(Promise.resolve(server.payload.config))(
      new Request('http://localhost/api/graphql', {
        body: JSON.stringify({ query, variables }),
        headers: { 'content-type': 'application/json' },
        method: 'POST',
      }),
    )
    return { status: response.status, text: await response.text() }
  }

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    // System setup, not requests under test: the Local API without access control.
    department = await createDepartment(server.payload)
    for (const slug of ['bai-mot', 'bai-hai']) {
      await server.payload.create({
        collection: 'articles',
        data: { _status: 'published', department, slug, title: `Tin ${slug}` },
        // System setup.
        overrideAccess: true,
      })
    }
    await server.payload.create({
      collection: 'articles',
      data: { _status: 'draft', department, slug: 'bai-nhap', title: 'Tin nháp' },
      // System setup.
      overrideAccess: true,
    })
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  const bySlug = `query ($slug: String) { Articles(where: { slug: { equals: $slug } }, limit: 10) {
    docs { id title slug department { id name shortName } } } }`

  it('should answer a query sent again with other variables from those variables', async () => {
    for (const round of [1, 2, 3]) {
      for (const slug of ['bai-mot', 'bai-hai', 'bai-nhap']) {
        const answer = await ours(bySlug, { slug })
        expect({ round, slug, status: answer.status }).toEqual({ round, slug, status: 200 })
        const titles = JSON.parse(answer.text).data.Articles.docs.map(
          (doc: { title: string }) => doc.title,
        )
        // Never the draft, to the public.
        expect({ round, titles }).toEqual({
          round,
          titles: slug === 'bai-nhap' ? [] : [`Tin ${slug}`],
        })
        expect(answer).toEqual(await payloads(bySlug, { slug }))
      }
    }
  })

  it('should apply the policy caps (in the operation) and the depth rule (a validation rule) to a kept document each time, by its variables', async () => {
    const paged = 'query ($n: Int) { Articles(limit: $n) { limit docs { slug } } }'
    for (const round of [1, 2]) {
      for (const [n, applied] of [
        [500, 100],
        [1, 1],
        [0, 100],
      ] as const) {
        const answer = JSON.parse((await ours(paged, { n })).text)
        expect({ n, round, limit: answer.data.Articles.limit }).toEqual({
          n,
          round,
          limit: applied,
        })
      }
      const deep = `{ Organizations { docs { ${'parent { '.repeat(10)}id${' }'.repeat(10)} } } }`
      const refused = JSON.parse((await ours(deep)).text)
      expect({ round, message: refused.errors[0].message }).toEqual({
        round,
        message: 'The query is nested deeper than 10 levels.',
      })
    }
  })

  it.each([
    ['a field the schema lacks', '{ Articles { docs { id nope } } }', undefined],
    [
      'a missing variable',
      'query ($slug: String!) { Articles(where: { slug: { equals: $slug } }) { docs { id } } }',
      {},
    ],
    [
      'a variable of the wrong type',
      'query ($limit: Int) { Articles(limit: $limit) { docs { id } } }',
      { limit: 'ten' },
    ],
    ['an unknown fragment', '{ Articles { docs { ...Nope } } }', undefined],
    ['a mutation without credentials', 'mutation { deleteArticle(id: 1) { id } }', undefined],
    [
      'an over-complex query',
      `{ ${Array.from({ length: 45 }, (_, i) => `a${i}: Organizations { docs { parent { parent { parent { id } } } } }`).join(' ')} }`,
      undefined,
    ],
    // (A syntax error never reaches either handler: graphqlLimits.ts answers it with 400.)
  ])('should refuse %s as Payload does, every time', async (_name, query, variables) => {
    const theirs = await payloads(query, variables)
    for (const round of [1, 2]) {
      const answer = await ours(query, variables)
      expect({ round, status: answer.status }).toEqual({ round, status: theirs.status })
      expect(JSON.parse(answer.text)).toEqual(JSON.parse(theirs.text))
    }
  })

  // Found by fuzzing (tests/int/fuzz.int.spec.ts): each was a 5xx before its fix.
  it.each<[string, string]>([
    [
      'a JSON condition given an object',
      '{ Articles(where: { department: { equals: { a: 1 } } }) { totalDocs } }',
    ],
    ['like given a number', '{ countArticles(where: { mentions: { like: 2 } }) { totalDocs } }'],
    ['a null list of conditions', '{ Plans(where: { AND: null }) { totalDocs } }'],
  ])('should refuse %s as a 4xx error', async (_name, query) => {
    const { errors = [] } = await callGraphql(server.url, query)
    expect(errors[0]?.extensions?.statusCode).toBe(400)
  })
})

// Regressions the fuzz suite (fuzz.int.spec.ts) found, in the world it runs against (tests/helpers/fuzzWorld.ts): each was a 5xx, a hang or a leak before its fix.
describe('GraphQL: regressions found by fuzzing', () => {
  const suite = fuzzWorldPerSuite()

  it.each<[string, FuzzActor, string]>([
    [
      'a page past GraphQL integers',
      'editor',
      '{ Organizations(page: 2147483647) { pagingCounter } }',
    ],
    ['a null condition', 'editor', '{ Plans(where: { number: null }) { totalDocs } }'],
    [
      'a negative limit',
      'editor',
      '{ Organizations(draft: true, limit: -1, page: 2) { hasNextPage } }',
    ],
  ])('should refuse %s in GraphQL as a 4xx error', async (_name, actor, query) => {
    const { errors = [] } = await suite.fuzz.graphqlCall(actor, query)
    expect(errors[0]?.extensions?.statusCode).toBe(400)
  })

  it('should answer GraphQL lists in the shape the schema declares', async () => {
    const joins = await suite.fuzz.graphqlCall(
      'anonymous',
      '{ Organizations { docs { people(count: true, limit: 0) { totalDocs hasNextPage docs { id } } } } }',
    )
    expect(joins.errors).toBeUndefined()
    const unfiltered = await suite.fuzz.graphqlCall(
      'anonymous',
      '{ Plans(draft: true, where: null) { totalDocs } }',
    )
    expect(unfiltered.errors).toBeUndefined()
    const preferences = await suite.fuzz.graphqlCall(
      'editor',
      '{ PayloadPreferences(pagination: false) { limit totalDocs } }',
    )
    expect(preferences.errors).toBeUndefined()
    const repeated = await suite.fuzz.graphqlCall(
      'editor',
      '{ Users(select: true) { docs { id roles } docs { email } } }',
    )
    expect(repeated.errors).toBeUndefined()
    expect(repeated.data?.Users.docs).toEqual([
      { email: 'ed.bql@test.vn', id: suite.fuzz.editorId, roles: ['editor'] },
    ])
  })
})
