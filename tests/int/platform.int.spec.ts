import { jest } from '@jest/globals'
import type { TestServer } from '../helpers/startServer'
import { callApi } from '../helpers/answers'
import { graphql, request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { PASSWORD } from '../helpers/world'

describe('platform: Express in front of Payload', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startServer({ jsonLimit: '64kb' })
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should answer /api/health with 200 {"status":"ok"} while the database answers', async () => {
    const res = await request(`${server.url}/api/health`)
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ status: 'ok' })
  })

  it('should report ready once migrations are applied', async () => {
    const res = await request(`${server.url}/api/ready`)
    expect(res.status).toBe(200)
  })

  it('should serve public REST lists as JSON', async () => {
    const res = await request(`${server.url}/api/articles?limit=5`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ docs: [], totalDocs: 0 })
  })

  it('should serve GraphQL at /api/graphql', async () => {
    const res = await graphql(server.url, '{ Articles(limit: 1) { totalDocs docs { title } } }')
    expect(res.status).toBe(200)
    expect(res.body.data.Articles.totalDocs).toBe(0)
  })

  it('should set security headers', async () => {
    const res = await request(`${server.url}/api/health`)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(res.headers.get('x-powered-by')).toBeNull()
  })

  it('should answer an unknown API route with a 404 JSON error', async () => {
    const res = await request(`${server.url}/api/no-such-thing`)
    expect(res.status).toBe(404)
    expect(res.body.errors[0].message).toEqual(expect.any(String))
  })

  it('should answer an id that cannot exist with a 404 JSON error, not a 5xx', async () => {
    const res = await request(`${server.url}/api/organizations/not-an-id`)
    expect(res.status).toBe(404)
    expect(res.body.errors[0].message).toEqual(expect.any(String))
  })

  it('should answer an unknown non-API route with a 404 JSON error when the admin is off', async () => {
    const res = await request(`${server.url}/nowhere`)
    expect(res.status).toBe(404)
    expect(res.body.errors[0].message).toContain('/nowhere')
  })

  it('should answer malformed JSON with 400 and a JSON error, not a 5xx', async () => {
    const res = await request(`${server.url}/api/users/login`, {
      body: '{"email": "a@b.c", ',
      headers: { 'content-type': 'application/json' },
      method: 'POST',
    })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toMatch(/JSON/)
  })

  it('should answer a JSON body over the limit with 413 and a JSON error', async () => {
    const res = await request(`${server.url}/api/users/login`, {
      json: { email: 'x@example.com', password: 'x'.repeat(100 * 1024) },
      method: 'POST',
    })
    expect(res.status).toBe(413)
    expect(res.body.errors[0].message).toMatch(/larger/)
  })

  it('should answer GraphQL GET with 405 and a JSON error', async () => {
    const res = await request(`${server.url}/api/graphql?query={__typename}`)
    expect(res.status).toBe(405)
    expect(res.body.errors[0].message).toMatch(/POST/)
  })

  it('should complete concurrent writes without a busy database', async () => {
    // System setup: an admin to write with.
    await server.payload.create({
      collection: 'users',
      data: { email: 'writer@test.vn', password: PASSWORD, roles: ['admin'] },
      overrideAccess: true,
    })
    const login = await request(`${server.url}/api/users/login`, {
      json: { email: 'writer@test.vn', password: PASSWORD },
      method: 'POST',
    })
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        request(`${server.url}/api/organizations`, {
          json: { name: `Phòng thử nghiệm ${i}` },
          method: 'POST',
          token: login.body.token,
        }),
      ),
    )
    expect(results.map((res) => res.status)).toEqual(results.map(() => 201))
    const stored = await server.payload.count({
      collection: 'organizations',
      overrideAccess: true,
      where: { name: { like: 'Phòng thử nghiệm' } },
    })
    expect(stored.totalDocs).toBe(30)
  })

  // Found by fuzzing (tests/int/fuzz.int.spec.ts): each was a 5xx or an HTML answer before its fix.
  it.each<[string, number, string]>([
    ['a collection without REST endpoints', 404, '/api/payload-migrations'],
    ['a malformed escape in the path', 400, '/api/people/%zz'],
    ['a URL over 16 KB', 431, `/api/articles?q=${'a'.repeat(20_000)}`],
  ])('should answer %s with a JSON %i', async (_name, status, path) => {
    expect((await callApi(server.url, path)).status).toBe(status)
  })

  it('should answer GraphQL sent as text/plain with a JSON 415', async () => {
    const sent = await callApi(server.url, '/api/graphql', {
      body: JSON.stringify({ query: '{ __typename }' }),
      contentType: 'text/plain',
      method: 'POST',
    })
    expect(sent.status).toBe(415)
  })

  it.each([
    ['POST', '/api/articles'],
    ['PATCH', '/api/articles/1'],
    ['POST', '/api/users/login'],
    ['POST', '/api/graphql'],
  ])(
    'should answer %s %s with a body that is not JSON with a 400 naming it, logging no error',
    async (method, path) => {
      const errors = jest.spyOn(server.payload.logger, 'error')
      try {
        const sent = await callApi(server.url, path, { body: '{"title": tin', method })
        expect(sent.status).toBe(400)
        expect((sent.json as { errors: { message: string }[] }).errors[0].message).toBe(
          'The request body is not valid JSON.',
        )
        expect(errors).not.toHaveBeenCalled()
      } finally {
        errors.mockRestore()
      }
    },
  )

  it('should answer /api/health with 503 once the database is gone', async () => {
    // Closing the client under the server is what a lost database file or server looks like.
    const db = server.payload.db as unknown as {
      client?: { close: () => void }
      pool?: { end: () => Promise<void> }
    }
    if (db.pool) {
      // Not awaited: it waits for the connection db-postgres keeps (src/compat/postgresPool.ts).
      void db.pool.end()
    } else {
      db.client!.close()
    }
    const res = await request(`${server.url}/api/health`)
    expect(res.status).toBe(503)
  })
})
