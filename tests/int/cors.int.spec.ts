import type { TestServer } from '../helpers/startServer'

import { request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { createDepartment } from '../helpers/world'

const PORTAL = 'https://portal.example.gov.vn'
const PREVIEW = 'http://localhost:4000'
const STRANGER = 'https://evil.example.com'

/** What a browser sends before a cross-origin PATCH with a token and an If-Match. */
const preflight = (url: string, origin: string) =>
  request(url, {
    headers: {
      'access-control-request-headers': 'authorization,content-type,if-match',
      'access-control-request-method': 'PATCH',
      origin,
    },
    method: 'OPTIONS',
  })

describe('CORS: browsers on the listed origins may call the API', () => {
  let server: TestServer
  let anyOrigin: TestServer

  beforeAll(async () => {
    server = await startServer({ corsOrigins: [PORTAL, PREVIEW], rateLimits: false })
    // A second server on the same database, open to every origin.
    anyOrigin = await startServer({
      corsOrigins: '*',
      databaseUri: server.databaseUri,
      rateLimits: false,
    })
    // System setup, not under test: the Local API without access control.
    const department = await createDepartment(server.payload)
    await server.payload.create({
      collection: 'articles',
      data: { _status: 'published', department, slug: 'tin-cors', title: 'Tin CORS' },
      overrideAccess: true,
    })
  })

  afterAll(async () => {
    await anyOrigin?.cleanup()
    await server?.cleanup()
  })

  it('should answer a listed origin’s preflight with its origin, the methods and the headers', async () => {
    const answer = await preflight(`${server.url}/api/articles/1`, PORTAL)
    expect(answer.status).toBe(204)
    expect(answer.headers.get('access-control-allow-origin')).toBe(PORTAL)
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true')
    expect(answer.headers.get('access-control-allow-methods')).toContain('PATCH')
    const allowed = answer.headers.get('access-control-allow-headers')!.toLowerCase()
    for (const header of ['authorization', 'content-type', 'if-match']) {
      expect(allowed).toContain(header)
    }
    expect(answer.headers.get('vary')).toMatch(/origin/i)
  })

  it('should give an origin that is not listed no CORS headers at all', async () => {
    const answer = await preflight(`${server.url}/api/articles`, STRANGER)
    expect(answer.headers.get('access-control-allow-origin')).toBeNull()
    expect(answer.headers.get('access-control-allow-methods')).toBeNull()
    const read = await request(`${server.url}/api/articles`, { headers: { origin: STRANGER } })
    expect(read.status).toBe(200)
    expect(read.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('should name each listed caller’s own origin, also on a cached answer', async () => {
    const url = `${server.url}/api/articles?where[slug][equals]=tin-cors`
    const first = await request(url, { headers: { origin: PORTAL } })
    const second = await request(url, { headers: { origin: PREVIEW } })
    expect(first.body.docs[0].slug).toBe('tin-cors')
    expect(second.headers.get('x-cache')).toBe('HIT')
    expect(first.headers.get('access-control-allow-origin')).toBe(PORTAL)
    expect(second.headers.get('access-control-allow-origin')).toBe(PREVIEW)
    expect(second.headers.get('access-control-expose-headers')).toMatch(/etag/i)
  })

  it('should let a listed origin read errors, so its script sees what went wrong', async () => {
    const missing = await request(`${server.url}/api/articles/999999`, {
      headers: { origin: PORTAL },
    })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('access-control-allow-origin')).toBe(PORTAL)
    expect(missing.body.errors[0].message).toBeTruthy()
  })

  it('should answer GraphQL preflights and queries across origins', async () => {
    const answer = await request(`${server.url}/api/graphql`, {
      headers: {
        'access-control-request-headers': 'content-type',
        'access-control-request-method': 'POST',
        origin: PREVIEW,
      },
      method: 'OPTIONS',
    })
    expect(answer.status).toBe(204)
    expect(answer.headers.get('access-control-allow-origin')).toBe(PREVIEW)
    const query = await request(`${server.url}/api/graphql`, {
      headers: { origin: PREVIEW },
      json: { query: '{ Articles(limit: 1) { docs { slug } } }' },
      method: 'POST',
    })
    expect(query.status).toBe(200)
    expect(query.headers.get('access-control-allow-origin')).toBe(PREVIEW)
    expect(query.body.data.Articles.docs[0].slug).toBe('tin-cors')
  })

  it('should allow any origin with "*", without credentials', async () => {
    const answer = await preflight(`${anyOrigin.url}/api/articles`, STRANGER)
    expect(answer.status).toBe(204)
    expect(answer.headers.get('access-control-allow-origin')).toBe('*')
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull()
  })
})
