import type { TestServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { buildWorld } from '../helpers/world'
import type { Id } from '../../src/lib/types'

// Setup and read-backs pass overrideAccess: true as system work; the requests under test use the editor's own access.

/**
 * An article body that is not a Lexical document is bad input: 400 naming `body`, never a 5xx, and
 * never stored, since Payload skips validation for drafts and a stored malformed body broke every
 * later read of the article (REST 500, GraphQL `contentHtml` errors). Found by red-teaming.
 */
const MALFORMED: unknown[] = [
  { root: { children: 'x' } },
  { root: { children: 'x', type: 'root' } },
  { root: { children: {}, type: 'root' } },
  { root: { children: [null], type: 'root' } },
  { root: { children: [1], type: 'root' } },
  { root: { children: [{ children: 'x', type: 'paragraph' }], type: 'root' } },
  { root: { children: [{ type: 'text' }], type: 'root' } },
  {
    root: {
      children: [{ children: [{ text: 5, type: 'text' }], type: 'paragraph' }],
      type: 'root',
    },
  },
  { root: 'x' },
  { root: null },
  [],
  1,
  'văn bản thường',
]

const GOOD = {
  root: {
    children: [
      {
        children: [{ text: 'Nội dung hợp lệ của bài viết.', type: 'text', version: 1 }],
        type: 'paragraph',
        version: 1,
      },
    ],
    type: 'root',
    version: 1,
  },
}

describe('article body: only a Lexical document is stored', () => {
  let server: TestServer
  let world: World
  let articleId: Id

  const storedBody = async () =>
    (
      (await server.payload.findByID({
        collection: 'articles',
        depth: 0,
        draft: true,
        id: articleId,
        overrideAccess: true,
      })) as { body?: unknown }
    ).body

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    world = await buildWorld(server.payload, server.url)
    const created = await request(`${server.url}/api/articles?depth=0`, {
      headers: { authorization: world.actors.editorBql.authorization! },
      json: { body: GOOD, title: 'Bài có nội dung hợp lệ' },
      method: 'POST',
    })
    expect(created.status).toBe(201)
    articleId = created.body.doc.id
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it.each(MALFORMED.map((body) => [JSON.stringify(body), body]))(
    'should refuse the body %s with 400 on create, draft save, autosave and GraphQL, and store nothing',
    async (_name, body) => {
      const authorization = world.actors.editorBql.authorization!
      const before = await server.payload.count({ collection: 'articles', overrideAccess: true })
      const create = await request(`${server.url}/api/articles?depth=0`, {
        headers: { authorization },
        json: { body, title: 'Bài có nội dung hỏng' },
        method: 'POST',
      })
      expect(create.status).toBe(400)
      expect(JSON.stringify(create.body.errors)).toContain('body')
      for (const query of ['draft=true', 'draft=true&autosave=true', '']) {
        const res = await request(`${server.url}/api/articles/${articleId}?depth=0&${query}`, {
          headers: { authorization },
          json: { body },
          method: 'PATCH',
        })
        expect(res.status).toBe(400)
        expect(JSON.stringify(res.body.errors)).toContain('body')
      }
      const gql = await request(`${server.url}/api/graphql`, {
        headers: { authorization },
        json: {
          query: `mutation ($body: JSON) { updateArticle(id: ${JSON.stringify(articleId)}, draft: true, data: { body: $body }) { id } }`,
          variables: { body },
        },
        method: 'POST',
      })
      expect(gql.status).toBeLessThan(500)
      expect(gql.body.errors?.length).toBeGreaterThan(0)
      expect(gql.body.data?.updateArticle ?? null).toBeNull()
      expect(await storedBody()).toEqual(GOOD)
      expect(
        (await server.payload.count({ collection: 'articles', overrideAccess: true })).totalDocs,
      ).toBe(before.totalDocs)
      const read = await request(`${server.url}/api/articles/${articleId}?depth=1&draft=true`, {
        headers: { authorization },
      })
      expect(read.status).toBe(200)
    },
  )

  it('should still take a well-formed body and an empty one', async () => {
    const authorization = world.actors.editorBql.authorization!
    for (const body of [GOOD, null]) {
      const res = await request(`${server.url}/api/articles/${articleId}?depth=0&draft=true`, {
        headers: { authorization },
        json: { body },
        method: 'PATCH',
      })
      expect(res.status).toBe(200)
      expect(await storedBody()).toEqual(body)
    }
    await request(`${server.url}/api/articles/${articleId}?depth=0&draft=true`, {
      headers: { authorization },
      json: { body: GOOD },
      method: 'PATCH',
    })
  })
})
