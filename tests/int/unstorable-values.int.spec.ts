import type { TestServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { buildWorld } from '../helpers/world'
import type { Id } from '../../src/lib/types'

// Setup passes overrideAccess: true as system work; the requests under test use the callers' own access.

/**
 * Values PostgreSQL cannot take: text with a NUL character (U+0000), and dates it cannot parse
 * (six-digit or negative years). They answered 500 there, on writes and in `where` alike, REST
 * and GraphQL; they are the caller's bad input, so a 400. SQLite stores and compares them, so
 * there the answer may be a success; never a 5xx on either. Found by red-teaming on PostgreSQL.
 */
const onPostgres = process.env.TEST_DATABASE === 'postgres'

describe('values the database cannot store or compare', () => {
  let server: TestServer
  let world: World
  let articleId: Id

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    world = await buildWorld(server.payload, server.url)
    articleId = (
      await server.payload.create({
        collection: 'articles',
        data: { department: world.orgs.bql as number, title: 'Tin thử giá trị lạ' },
        overrideAccess: true,
      })
    ).id
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  const NUL = '\u0000'
  const cases: [string, string, string, unknown][] = [
    ['a title with NUL on create', 'POST', '/api/articles?depth=0', { title: `Tin${NUL}` }],
    ['a summary with NUL on update', 'PATCH', 'ARTICLE', { summary: `Tóm${NUL}tắt` }],
    ['a person name with NUL', 'POST', '/api/people?depth=0', { name: `Nguyễn${NUL} Văn` }],
    [
      'a plan number with NUL',
      'POST',
      '/api/plans?depth=0',
      { issuedOn: '2026-01-01', number: `1${NUL}/KH`, title: 'Kế hoạch' },
    ],
    ['a where on a title with NUL', 'GET', `/api/articles?where[title][like]=a%00b`, null],
    ['a where on a slug list with NUL', 'GET', `/api/articles?where[slug][in]=a%00,b`, null],
    ['a feed narrowed by a NUL department', 'GET', '/api/feeds/articles.xml?department=%00', null],
    [
      'a date with a six-digit year in where',
      'GET',
      '/api/articles?where[publishedAt][greater_than]=99999-01-01',
      null,
    ],
    [
      'a date with a negative year in where',
      'GET',
      '/api/articles?where[publishedAt][greater_than]=-000001-01-01',
      null,
    ],
    [
      'an event date with a negative year',
      'PATCH',
      'ARTICLE',
      { eventDate: '-271821-04-20T00:00:00.000Z' },
    ],
    [
      'a plan issued in year 99999',
      'POST',
      '/api/plans?depth=0',
      { issuedOn: '99999-01-01', number: '2/KH', title: 'Kế hoạch' },
    ],
  ]

  it.each(cases)(
    'should answer %s with a 4xx on PostgreSQL, never a 5xx',
    async (_name, method, path, json) => {
      const url = path === 'ARTICLE' ? `/api/articles/${articleId}?depth=0&draft=true` : path
      const res = await request(`${server.url}${url}`, {
        headers: { authorization: world.actors.editorBql.authorization! },
        method,
        ...(json === null ? {} : { json }),
      })
      expect(res.status).toBeLessThan(500)
      if (onPostgres) {
        expect(res.status).toBe(400)
        expect(res.body.errors[0].message).toEqual(expect.any(String))
      }
    },
  )

  it('should answer a GraphQL filter or write with NUL with errors and no 5xx status', async () => {
    for (const query of [
      '{ Articles(where: { title: { like: "a\\u0000b" } }) { totalDocs } }',
      'mutation { createArticle(data: { title: "a\\u0000b" }) { id } }',
    ]) {
      const res = await request(`${server.url}/api/graphql`, {
        headers: { authorization: world.actors.editorBql.authorization! },
        json: { query },
        method: 'POST',
      })
      expect(res.status).toBeLessThan(500)
      if (onPostgres) {
        expect(res.body.errors[0].extensions.statusCode).toBe(400)
      }
    }
  })
})
