import type { TestServer } from '../helpers/startServer'

import { GRAPHQL_POST } from '@payloadcms/next/routes'

import { leanQueries } from '../../src/compat/graphqlHandler'
import { startServer } from '../helpers/startServer'
import { createDepartment } from '../helpers/world'

type Sent = {
  body: string
  headers?: Record<string, string>
  url?: string
}

type Answer = { body: unknown; headers: Record<string, null | string>; status: number }

/** The headers an answer is compared on (Date and the like differ from one answer to the next). */
const COMPARED = [
  'access-control-allow-credentials',
  'access-control-allow-headers',
  'access-control-allow-methods',
  'access-control-allow-origin',
  'content-type',
]

const read = async (response: Response): Promise<Answer> => {
  const text = await response.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // Compared as text.
  }
  return {
    body,
    headers: Object.fromEntries(COMPARED.map((name) => [name, response.headers.get(name)])),
    status: response.status,
  }
}

/**
 * Queries from callers without credentials are answered by leanQuery (src/compat/graphqlHandler.ts)
 * without graphql-http's transport: every answer (status, body, content type, CORS headers) is
 * the one Payload's own GRAPHQL_POST gives, errors included, and what the lean path does not
 * take still reaches Payload's handler and is answered as before.
 */
describe('GraphQL queries without credentials, answered without graphql-http', () => {
  let server: TestServer

  const ours = async ({ body, headers = {}, url = '/api/graphql' }: Sent) =>
    read(
      await fetch(`${server.url}${url}`, {
        body,
        headers: { 'content-type': 'application/json', ...headers },
        method: 'POST',
      }),
    )
  const payloads = async ({ body, headers = {}, url = '/api/graphql' }: Sent) =>
    read(
      await GRAPHQL_POST(Promise.resolve(server.payload.config))(
        new Request(`http://localhost${url}`, {
          body,
          headers: { 'content-type': 'application/json', ...headers },
          method: 'POST',
        }),
      ),
    )

  /** Our answer and Payload's, and whether the lean path gave ours. */
  const both = async (sent: Sent) => {
    const before = leanQueries.answered
    const answer = await ours(sent)
    const lean = leanQueries.answered > before
    return { answer, lean, theirs: await payloads(sent) }
  }

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    // System setup, not requests under test: the Local API without access control.
    const department = await createDepartment(server.payload)
    const person = await server.payload.create({
      collection: 'people',
      data: {
        _status: 'published',
        department,
        name: 'Nguyễn Văn Án',
        positions: [{ organization: department, title: 'Giám đốc' }],
      },
      // System setup.
      overrideAccess: true,
    })
    for (const [slug, status] of [
      ['bai-mot', 'published'],
      ['bai-hai', 'published'],
      ['bai-nhap', 'draft'],
    ] as const) {
      await server.payload.create({
        collection: 'articles',
        data: {
          _status: status,
          department,
          people: [person.id],
          slug,
          title: `Tin ${slug}`,
        },
        // System setup.
        overrideAccess: true,
      })
    }
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  const articles = `query ($slug: String) { Articles(where: { slug: { equals: $slug } }) {
    docs { id title slug department { id name }
    people { id name positions { title organization { id name } } } } totalDocs } }`

  it.each<[string, Sent]>([
    [
      'a query with variables',
      { body: JSON.stringify({ query: articles, variables: { slug: 'bai-mot' } }) },
    ],
    [
      'a draft, which the public does not see',
      { body: JSON.stringify({ query: articles, variables: { slug: 'bai-nhap' } }) },
    ],
    [
      'null variables',
      {
        body: JSON.stringify({
          query: '{ Articles { totalDocs docs { slug } } }',
          variables: null,
        }),
      },
    ],
    [
      'a named operation among several',
      {
        body: JSON.stringify({
          operationName: 'Second',
          query: 'query First { Articles { totalDocs } } query Second { People { docs { name } } }',
        }),
      },
    ],
    [
      'a resolver error (a missing record)',
      { body: JSON.stringify({ query: '{ Article(id: 999999) { id title } }' }) },
    ],
    [
      'a query asking for the GraphQL answer type',
      {
        body: JSON.stringify({ query: '{ Articles { totalDocs } }' }),
        headers: { accept: 'application/graphql-response+json' },
      },
    ],
    [
      'a query from another origin',
      {
        body: JSON.stringify({ query: '{ Articles { totalDocs } }' }),
        headers: { origin: 'http://localhost:3000' },
      },
    ],
  ])('should answer %s without graphql-http, as Payload does', async (_name, sent) => {
    const { answer, lean, theirs } = await both(sent)
    expect({ answer, lean }).toEqual({ answer: theirs, lean: true })
  })

  it.each<[string, Sent]>([
    ['a validation error', { body: JSON.stringify({ query: '{ Articles { docs { nope } } }' }) }],
    [
      'an unknown operation name',
      { body: JSON.stringify({ operationName: 'Nope', query: '{ Articles { totalDocs } }' }) },
    ],
    ['a mutation', { body: JSON.stringify({ query: 'mutation { deleteArticle(id: 1) { id } }' }) }],
    [
      'a body with other keys',
      { body: JSON.stringify({ extensions: {}, query: '{ Articles { totalDocs } }' }) },
    ],
    [
      'a locale in the URL',
      {
        body: JSON.stringify({ query: '{ Articles { totalDocs } }' }),
        url: '/api/graphql?locale=vi',
      },
    ],
    [
      'an answer type GraphQL does not give',
      // Another query text than the others': the response cache keys GraphQL by body alone.
      {
        body: JSON.stringify({ query: '{ Articles { page } }' }),
        headers: { accept: 'text/html' },
      },
    ],
    [
      'variables of the wrong kind',
      { body: JSON.stringify({ query: '{ Articles { totalDocs } }', variables: [1] }) },
    ],
  ])('should leave %s to Payload, which answers it as before', async (_name, sent) => {
    const { answer, lean, theirs } = await both(sent)
    // Our error shape (src/http/handler.ts) gives every error a JSON body (Payload's 406 has
    // none) and may set its content type without charset.
    expect({ body: answer.body, lean, status: answer.status }).toEqual({
      body: theirs.body === '' ? { errors: [{ message: 'The request failed.' }] } : theirs.body,
      lean: false,
      status: theirs.status,
    })
  })

  it('should leave a caller with credentials to Payload', async () => {
    const before = leanQueries.answered
    const answer = await ours({
      body: JSON.stringify({ query: '{ Articles { totalDocs } }' }),
      headers: { authorization: 'Bearer not-a-token' },
    })
    expect(answer.status).toBeLessThan(500)
    expect(leanQueries.answered).toBe(before)
  })
})
