import type { TestServer } from '../helpers/startServer'

import http from 'node:http'
import zlib from 'node:zlib'

import { request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { createDepartment, PASSWORD } from '../helpers/world'

describe('response cache for anonymous reads', () => {
  let server: TestServer
  let department: number
  let token: string

  const bySlug = (slug: string) =>
    request(`${server.url}/api/articles?where[slug][equals]=${slug}&depth=1`)

  // System setup and edits, not requests under test: the Local API without access control.
  const article = (slug: string, data: Record<string, unknown> = {}) =>
    server.payload.create({
      collection: 'articles',
      data: { _status: 'published', department, slug, title: `Tin ${slug}`, ...data },
      overrideAccess: true,
    })

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    department = await createDepartment(server.payload)
    await server.payload.create({
      collection: 'users',
      data: { email: 'admin@cache.test', password: PASSWORD, roles: ['admin'] },
      overrideAccess: true,
    })
    const login = await request(`${server.url}/api/users/login`, {
      json: { email: 'admin@cache.test', password: PASSWORD },
      method: 'POST',
    })
    token = login.body.token
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should serve a repeated anonymous read from the cache with an ETag', async () => {
    await article('lap-lai')
    const first = await bySlug('lap-lai')
    const second = await bySlug('lap-lai')
    expect(first.headers.get('x-cache')).toBeNull()
    expect(second.headers.get('x-cache')).toBe('HIT')
    expect(second.headers.get('cache-control')).toBe(
      'public, max-age=30, stale-while-revalidate=60',
    )
    expect(second.body).toEqual(first.body)
  })

  /** One request as the wire has it: status, every header but Date, and the raw body bytes. */
  const raw = (
    path: string,
    { body, headers = {} }: { body?: string; headers?: Record<string, string> } = {},
  ) =>
    new Promise<{ body: Buffer; headers: Record<string, unknown>; status: number }>(
      (resolve, reject) => {
        const outgoing = http.request(
          `${server.url}${path}`,
          {
            headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
            method: body ? 'POST' : 'GET',
          },
          (incoming) => {
            const chunks: Buffer[] = []
            incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
            incoming.on('end', () => {
              const { date: _date, ...rest } = incoming.headers
              resolve({ body: Buffer.concat(chunks), headers: rest, status: incoming.statusCode! })
            })
            incoming.on('error', reject)
          },
        )
        outgoing.on('error', reject)
        outgoing.end(body)
      },
    )

  it.each([
    ['REST, identity', 'hit-rest', false, {}],
    ['REST, gzip', 'hit-rest-gzip', false, { 'accept-encoding': 'gzip' }],
    ['GraphQL, identity', 'hit-graphql', true, {}],
    ['GraphQL, gzip', 'hit-graphql-gzip', true, { 'accept-encoding': 'gzip' }],
  ])(
    'should answer a hit as its miss (%s): the same status, headers and bytes but X-Cache',
    async (_name, slug, graphql, headers: Record<string, string>) => {
      // A body over compression's 1 kB threshold, so a gzip answer is compressed.
      await article(slug, { summary: 'Tóm tắt '.repeat(200) })
      const path = graphql ? '/api/graphql' : `/api/articles?where[slug][equals]=${slug}&depth=1`
      const body = graphql
        ? JSON.stringify({
            query: `{ Articles(where: { slug: { equals: "${slug}" } }) { docs { id title summary } } }`,
          })
        : undefined
      const miss = await raw(path, { body, headers })
      const hit = await raw(path, { body, headers })
      expect(miss.status).toBe(200)
      expect(miss.headers['x-cache']).toBeUndefined()
      expect(hit.headers['x-cache']).toBe('HIT')
      const { 'x-cache': _cache, ...hitHeaders } = hit.headers
      expect(hitHeaders).toEqual(miss.headers)
      expect(Object.keys(hitHeaders)).toEqual(Object.keys(miss.headers))
      expect(hit.body.equals(miss.body)).toBe(true)
      expect(miss.headers.etag).toBeTruthy()
      expect(miss.headers['x-content-type-options']).toBe('nosniff')
      // Compressed or not, the answer says it depends on Accept-Encoding, for caches in front.
      expect(String(miss.headers.vary).toLowerCase()).toContain('accept-encoding')
      if (headers['accept-encoding']) {
        expect(miss.headers['content-encoding']).toBe('gzip')
      } else {
        expect(miss.headers['content-encoding']).toBeUndefined()
      }
      const text = (
        miss.headers['content-encoding'] ? zlib.gunzipSync(miss.body) : miss.body
      ).toString('utf8')
      expect(text).toContain('Tóm tắt')
    },
  )

  it('should answer If-None-Match with 304 when the cached body is unchanged', async () => {
    await article('khong-doi')
    await bySlug('khong-doi')
    const cached = await bySlug('khong-doi')
    const etag = cached.headers.get('etag')!
    expect(etag).toBeTruthy()
    const again = await request(
      `${server.url}/api/articles?where[slug][equals]=khong-doi&depth=1`,
      {
        headers: { 'if-none-match': etag },
      },
    )
    expect(again.status).toBe(304)
  })

  it('should never serve an authenticated request from the cache', async () => {
    await article('dang-nhap')
    await bySlug('dang-nhap')
    await bySlug('dang-nhap')
    const signedIn = await request(
      `${server.url}/api/articles?where[slug][equals]=dang-nhap&depth=1`,
      { token },
    )
    expect(signedIn.status).toBe(200)
    expect(signedIn.headers.get('x-cache')).toBeNull()
  })

  it('should show a publish to the next anonymous read', async () => {
    const doc = await article('xuat-ban', { _status: 'draft' })
    expect((await bySlug('xuat-ban')).body.totalDocs).toBe(0)
    expect((await bySlug('xuat-ban')).headers.get('x-cache')).toBe('HIT')
    await server.payload.update({
      collection: 'articles',
      data: { _status: 'published' },
      id: doc.id,
      overrideAccess: true,
    })
    expect((await bySlug('xuat-ban')).body.totalDocs).toBe(1)
  })

  it('should hide an unpublished article from the next anonymous read', async () => {
    const doc = await article('go-bo')
    expect((await bySlug('go-bo')).body.totalDocs).toBe(1)
    await bySlug('go-bo')
    await server.payload.update({
      collection: 'articles',
      data: { _status: 'draft' },
      id: doc.id,
      overrideAccess: true,
    })
    expect((await bySlug('go-bo')).body.totalDocs).toBe(0)
  })

  it('should show an edit of a linked person in the next anonymous read', async () => {
    const person = await server.payload.create({
      collection: 'people',
      data: { _status: 'published', department, name: 'Nguyễn Văn Cũ' } as never,
      overrideAccess: true,
    })
    await article('nguoi-lien-ket', { people: [person.id] })
    const before = await bySlug('nguoi-lien-ket')
    expect(before.body.docs[0].people[0].name).toBe('Nguyễn Văn Cũ')
    await server.payload.update({
      collection: 'people',
      data: { name: 'Nguyễn Văn Mới' },
      id: person.id,
      overrideAccess: true,
    })
    const after = await bySlug('nguoi-lien-ket')
    expect(after.body.docs[0].people[0].name).toBe('Nguyễn Văn Mới')
  })

  it('should keep showing the published title after a draft save', async () => {
    const doc = await article('ban-nhap', { title: 'Tiêu đề đã đăng' })
    await bySlug('ban-nhap')
    await server.payload.update({
      collection: 'articles',
      data: { title: 'Tiêu đề nháp' },
      draft: true,
      id: doc.id,
      overrideAccess: true,
    })
    const read = await bySlug('ban-nhap')
    expect(read.body.docs[0].title).toBe('Tiêu đề đã đăng')
    const drafts = await request(
      `${server.url}/api/articles?where[slug][equals]=ban-nhap&draft=true`,
    )
    expect(drafts.headers.get('x-cache')).toBeNull()
  })

  it('should keep its entries through writes no anonymous answer shows, and drop them on a publish', async () => {
    await article('giu-bo-nho', { title: 'Tin giữ bộ nhớ đệm' })
    await bySlug('giu-bo-nho')
    expect((await bySlug('giu-bo-nho')).headers.get('x-cache')).toBe('HIT')

    // A draft that was never published, and the audit records every write leaves.
    const draft = await server.payload.create({
      collection: 'articles',
      data: { _status: 'draft', department, title: 'Bản nháp chưa đăng' },
      overrideAccess: true,
    })
    await server.payload.update({
      collection: 'articles',
      data: { title: 'Bản nháp chưa đăng (sửa)' },
      draft: true,
      id: draft.id,
      overrideAccess: true,
    })
    expect((await bySlug('giu-bo-nho')).headers.get('x-cache')).toBe('HIT')

    await server.payload.update({
      collection: 'articles',
      data: { _status: 'published' },
      id: draft.id,
      overrideAccess: true,
    })
    expect((await bySlug('giu-bo-nho')).headers.get('x-cache')).toBeNull()
  })

  it('should hide an article unpublished after a draft was saved over it', async () => {
    const doc = await article('nhap-roi-go', { title: 'Tin sẽ gỡ' })
    await server.payload.update({
      collection: 'articles',
      data: { title: 'Tin sẽ gỡ (bản nháp)' },
      draft: true,
      id: doc.id,
      // System setup: the editorial writes are not under test here, the cache is.
      overrideAccess: true,
    })
    await bySlug('nhap-roi-go')
    expect((await bySlug('nhap-roi-go')).headers.get('x-cache')).toBe('HIT')
    // The latest version is the draft, so only the stored record shows it was published.
    await server.payload.update({
      collection: 'articles',
      data: { _status: 'draft' },
      id: doc.id,
      // System setup, as above.
      overrideAccess: true,
    })
    const after = await bySlug('nhap-roi-go')
    expect(after.headers.get('x-cache')).toBeNull()
    expect(after.body.docs).toHaveLength(0)
  })
})
