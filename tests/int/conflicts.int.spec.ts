import type { TestServer } from '../helpers/startServer'

import type { ApiProcess } from '../helpers/apiProcess'
import { serveApi, stopApi } from '../helpers/apiProcess'
import { graphql, request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { adminToken } from '../helpers/world'

describe('conflicts: ETag, If-None-Match and If-Match on single documents', () => {
  let server: TestServer
  let token: string
  let departmentId: number

  const organization = async (name: string) => {
    // System setup, not a request under test: the Local API without access control.
    const doc = await server.payload.create({
      collection: 'organizations',
      data: { _status: 'published', name },
      overrideAccess: true,
    })
    return `${server.url}/api/organizations/${doc.id}`
  }

  const patch = (url: string, data: Record<string, unknown>, ifMatch?: string) =>
    request(url, {
      headers: ifMatch === undefined ? {} : { 'if-match': ifMatch },
      json: data,
      method: 'PATCH',
      token,
    })

  /** The stored record, read past access control so nothing about the request path can hide it. */
  const stored = (collection: 'articles' | 'organizations', url: string, draft = false) =>
    server.payload.findByID({
      collection,
      draft,
      id: url.split('/').pop() as string,
      overrideAccess: true,
    }) as Promise<Record<string, any>>

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    // System setup, as above.
    token = await adminToken(server.payload, server.url)
    const department = await server.payload.create({
      collection: 'organizations',
      data: { _status: 'published', name: 'Sở Nội vụ' },
      overrideAccess: true,
    })
    departmentId = department.id
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should send an ETag with a document and change it when the document changes', async () => {
    const url = await organization('Ban Quản lý Khu kinh tế')
    const first = await request(url, { token })
    expect(first.status).toBe(200)
    const etag = first.headers.get('etag')
    expect(etag).toMatch(/^(W\/)?".+"$/)
    // The read hands its version to the ETag through a header of its own, never sent out.
    expect([...first.headers.keys()].filter((name) => name.startsWith('x-portal'))).toEqual([])
    expect((await request(url, { token })).headers.get('etag')).toBe(etag)

    expect((await patch(url, { name: 'Ban Quản lý Khu kinh tế tỉnh' })).status).toBe(200)
    const second = await request(url, { token })
    expect(second.headers.get('etag')).toEqual(expect.any(String))
    expect(second.headers.get('etag')).not.toBe(etag)
  })

  it('should answer a matching If-None-Match with 304 and a changed document with 200', async () => {
    const url = await organization('Sở Tài chính')
    const etag = (await request(url)).headers.get('etag') as string
    const unchanged = await request(url, { headers: { 'if-none-match': etag } })
    expect(unchanged.status).toBe(304)
    expect(unchanged.body).toBeNull()
    expect(unchanged.headers.get('etag')).toBe(etag)

    await patch(url, { name: 'Sở Tài chính tỉnh' })
    const changed = await request(url, { headers: { 'if-none-match': etag } })
    expect(changed.status).toBe(200)
    expect(changed.body.name).toBe('Sở Tài chính tỉnh')
  })

  it('should refuse a PATCH whose If-Match is out of date with 412 and change nothing', async () => {
    const url = await organization('Sở Xây dựng')
    const stale = (await request(url, { token })).headers.get('etag') as string
    expect((await patch(url, { name: 'Sở Xây dựng (sửa lần 1)' })).status).toBe(200)
    const before = await stored('organizations', url)

    const res = await patch(url, { name: 'Sở Xây dựng (sửa lần 2)' }, stale)
    expect(res.status).toBe(412)
    expect(res.body.errors[0].message).toMatch(/If-Match/)
    const after = await stored('organizations', url)
    expect(after.name).toBe('Sở Xây dựng (sửa lần 1)')
    expect(after.updatedAt).toBe(before.updatedAt)
  })

  it('should apply a PATCH whose If-Match is current, and one with If-Match: *', async () => {
    const url = await organization('Sở Y tế')
    const current = (await request(url, { token })).headers.get('etag') as string
    expect((await patch(url, { name: 'Sở Y tế tỉnh' }, current)).status).toBe(200)
    expect((await patch(url, { name: 'Sở Y tế tỉnh Quảng Ngãi' }, '*')).status).toBe(200)
    expect((await stored('organizations', url)).name).toBe('Sở Y tế tỉnh Quảng Ngãi')
  })

  it('should tell representations apart for If-None-Match yet accept any of them in If-Match', async () => {
    // System setup, as above.
    const article = await server.payload.create({
      collection: 'articles',
      data: { _status: 'published', department: departmentId, title: 'Hội nghị triển khai' },
      overrideAccess: true,
    })
    const url = `${server.url}/api/articles/${article.id}`
    const flat = await request(`${url}?depth=0`, { token })
    const populated = await request(`${url}?depth=1`, { token })
    expect(typeof populated.body.department).toBe('object')
    expect(flat.headers.get('etag')).not.toBe(populated.headers.get('etag'))
    // A cache holding the flat body must not be told it is the populated one.
    const other = await request(`${url}?depth=1`, {
      headers: { 'if-none-match': flat.headers.get('etag') as string },
      token,
    })
    expect(other.status).toBe(200)

    const res = await patch(
      url,
      { title: 'Hội nghị triển khai kế hoạch' },
      populated.headers.get('etag') as string,
    )
    expect(res.status).toBe(200)
  })

  it('should let only one of several PATCHes holding the same If-Match through', async () => {
    const url = await organization('Sở Giáo dục')
    const etag = (await request(url, { token })).headers.get('etag') as string
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => patch(url, { name: `Sở Giáo dục ${i}` }, etag)),
    )
    expect(results.map((res) => res.status).sort()).toEqual([200, 412, 412, 412, 412])
    const winner = results.find((res) => res.status === 200)
    expect((await stored('organizations', url)).name).toBe(winner?.body.doc.name)
  })

  it('should guard draft saves against the latest draft', async () => {
    // System setup, as above.
    const article = await server.payload.create({
      collection: 'articles',
      data: { _status: 'published', department: departmentId, title: 'Bản đã đăng' },
      overrideAccess: true,
    })
    const url = `${server.url}/api/articles/${article.id}`
    const stale = (await request(`${url}?draft=true`, { token })).headers.get('etag') as string
    const saved = await request(`${url}?draft=true`, {
      json: { title: 'Bản nháp 1' },
      method: 'PATCH',
      token,
    })
    expect(saved.status).toBe(200)

    const res = await request(`${url}?draft=true`, {
      headers: { 'if-match': stale },
      json: { title: 'Bản nháp 2' },
      method: 'PATCH',
      token,
    })
    expect(res.status).toBe(412)
    expect((await stored('articles', url, true)).title).toBe('Bản nháp 1')
  })

  it('should refuse an If-Match naming the published version once a newer draft exists, as the write applies to the draft', async () => {
    // System setup, as above.
    const article = await server.payload.create({
      collection: 'articles',
      data: { _status: 'published', department: departmentId, title: 'Bản công khai' },
      overrideAccess: true,
    })
    const url = `${server.url}/api/articles/${article.id}`
    const published = (await request(url, { token })).headers.get('etag') as string
    const draft = await request(`${url}?draft=true`, {
      json: { title: 'Bản nháp mới' },
      method: 'PATCH',
      token,
    })
    expect(draft.status).toBe(200)
    expect((await request(url, { token })).headers.get('etag')).toBe(published)

    const res = await patch(url, { title: 'Bản công khai (sửa)' }, published)
    expect(res.status).toBe(412)
    expect((await stored('articles', url, true)).title).toBe('Bản nháp mới')
    expect((await stored('articles', url)).title).toBe('Bản công khai')
  })

  it('should refuse a DELETE whose If-Match is out of date with 412 and keep the document', async () => {
    const url = await organization('Sở Công Thương')
    const stale = (await request(url, { token })).headers.get('etag') as string
    expect((await patch(url, { name: 'Sở Công Thương tỉnh' })).status).toBe(200)

    const refused = await request(url, { headers: { 'if-match': stale }, method: 'DELETE', token })
    expect(refused.status).toBe(412)
    expect((await stored('organizations', url)).name).toBe('Sở Công Thương tỉnh')

    const current = (await request(url, { token })).headers.get('etag') as string
    const deleted = await request(url, {
      headers: { 'if-match': current },
      method: 'DELETE',
      token,
    })
    expect(deleted.status).toBe(200)
    expect((await request(url, { token })).status).toBe(404)
  })

  it('should refuse a PATCH carrying a stale updatedAt with 409 and apply one carrying the current one', async () => {
    const url = await organization('Sở Khoa học và Công nghệ')
    const read = (await request(url, { token })).body
    expect((await patch(url, { name: 'Sở KH&CN', updatedAt: read.updatedAt })).status).toBe(200)
    const before = await stored('organizations', url)

    const res = await patch(url, { name: 'Sở KH và CN', updatedAt: read.updatedAt })
    expect(res.status).toBe(409)
    expect(res.body.errors[0].message).toMatch(/người khác lưu/)
    const after = await stored('organizations', url)
    expect(after.name).toBe('Sở KH&CN')
    expect(after.updatedAt).toBe(before.updatedAt)

    // The same instant spelled with an offset is the same version.
    const offset = after.updatedAt.replace('Z', '+00:00')
    expect(
      (await patch(url, { name: 'Sở Khoa học và Công nghệ tỉnh', updatedAt: offset })).status,
    ).toBe(200)
  })

  it('should refuse a GraphQL update carrying a stale updatedAt: errors, no data, nothing changed', async () => {
    const url = await organization('Sở Tư pháp')
    const id = Number(url.split('/').pop())
    const read = await graphql(
      server.url,
      `
        query ($id: Int!) {
          Organization(id: $id) {
            updatedAt
          }
        }
      `,
      { id },
      token,
    )
    const seen = read.body.data.Organization.updatedAt as string

    const update = `mutation ($id: Int!, $name: String!, $updatedAt: String) {
      updateOrganization(id: $id, data: { name: $name, updatedAt: $updatedAt }) { name updatedAt }
    }`
    const first = await graphql(
      server.url,
      update,
      { id, name: 'Sở Tư pháp tỉnh', updatedAt: seen },
      token,
    )
    expect(first.body.errors).toBeUndefined()
    expect(first.body.data.updateOrganization.name).toBe('Sở Tư pháp tỉnh')
    const before = await stored('organizations', url)

    const second = await graphql(
      server.url,
      update,
      { id, name: 'Sở Tư pháp (ghi đè)', updatedAt: seen },
      token,
    )
    expect(second.status).toBeLessThan(500)
    expect(second.body.errors[0].message).toMatch(/người khác lưu/)
    expect(second.body.data?.updateOrganization ?? null).toBeNull()
    const after = await stored('organizations', url)
    expect(after.name).toBe('Sở Tư pháp tỉnh')
    expect(after.updatedAt).toBe(before.updatedAt)
  })

  it('should compare the updatedAt of a draft save with the latest draft, as the admin form sends it', async () => {
    // System setup, as above.
    const article = await server.payload.create({
      collection: 'articles',
      data: { _status: 'published', department: departmentId, title: 'Tin đã đăng' },
      overrideAccess: true,
    })
    const url = `${server.url}/api/articles/${article.id}`
    // Two editors open the same draft: both forms hold the same updatedAt.
    const opened = (await request(`${url}?draft=true&depth=0`, { token })).body.updatedAt as string
    const first = await request(`${url}?draft=true`, {
      json: { title: 'Tin đã đăng (biên tập viên A)', updatedAt: opened },
      method: 'PATCH',
      token,
    })
    expect(first.status).toBe(200)
    // The first editor saves again from the form the save refreshed.
    const again = await request(`${url}?draft=true`, {
      json: { title: 'Tin đã đăng (A, lần 2)', updatedAt: first.body.doc.updatedAt },
      method: 'PATCH',
      token,
    })
    expect(again.status).toBe(200)

    const second = await request(`${url}?draft=true`, {
      json: { title: 'Tin đã đăng (biên tập viên B)', updatedAt: opened },
      method: 'PATCH',
      token,
    })
    expect(second.status).toBe(409)
    expect((await stored('articles', url, true)).title).toBe('Tin đã đăng (A, lần 2)')
    expect((await stored('articles', url)).title).toBe('Tin đã đăng')
  })

  describe('across two instances', () => {
    let other: TestServer

    beforeAll(async () => {
      other = await startServer({ databaseUri: server.databaseUri, rateLimits: false })
    })

    afterAll(async () => {
      await other?.cleanup()
    })

    /** The same PATCH sent at once through each instance; each instance answers one. */
    const race = (url: string, data: (i: number) => Record<string, unknown>, ifMatch?: string) =>
      Promise.all(
        [server.url, other.url].map((base, i) =>
          patch(url.replace(server.url, base), data(i), ifMatch),
        ),
      )

    it('should let one of two PATCHes holding the same If-Match through, one through each instance', async () => {
      for (const name of ['Sở Ngoại vụ', 'Sở Du lịch', 'Sở Lao động']) {
        const url = await organization(name)
        const etag = (await request(url, { token })).headers.get('etag') as string
        const results = await race(url, (i) => ({ name: `${name} ${i}` }), etag)
        expect(results.map((res) => res.status).sort()).toEqual([200, 412])
        const winner = results.find((res) => res.status === 200)
        expect((await stored('organizations', url)).name).toBe(winner?.body.doc.name)
      }
    })

    it('should let one of two PATCHes carrying the same updatedAt through, one through each instance', async () => {
      for (const name of ['Sở Nông nghiệp', 'Sở Văn hóa', 'Sở Giao thông']) {
        const url = await organization(name)
        const { updatedAt } = (await request(url, { token })).body
        const results = await race(url, (i) => ({ name: `${name} ${i}`, updatedAt }))
        expect(results.map((res) => res.status).sort()).toEqual([200, 409])
        const winner = results.find((res) => res.status === 200)
        expect((await stored('organizations', url)).name).toBe(winner?.body.doc.name)
      }
    })
  })

  // Several instances are a PostgreSQL deployment (contract, "Several instances").
  const onPostgres = process.env.TEST_DATABASE === 'postgres' ? describe : describe.skip

  onPostgres('across two server processes on one PostgreSQL database', () => {
    let other: ApiProcess

    beforeAll(async () => {
      other = await serveApi({ DATABASE_URI: server.databaseUri })
    }, 90_000)

    afterAll(async () => {
      await stopApi(other)
    })

    it('should let one of two writers holding the same version through, each on its own process', async () => {
      for (const [name, claim, refused] of [
        ['Sở Tài nguyên', 'if-match', 412],
        ['Sở Thông tin', 'updatedAt', 409],
      ] as const) {
        const url = await organization(name)
        const read = await request(url, { token })
        const results = await Promise.all(
          [server.url, other.url].map((base, i) =>
            claim === 'if-match'
              ? patch(
                  url.replace(server.url, base),
                  { name: `${name} ${i}` },
                  read.headers.get('etag') as string,
                )
              : patch(url.replace(server.url, base), {
                  name: `${name} ${i}`,
                  updatedAt: read.body.updatedAt,
                }),
          ),
        )
        expect(results.map((res) => res.status).sort()).toEqual([200, refused])
        const winner = results.find((res) => res.status === 200)
        expect((await stored('organizations', url)).name).toBe(winner?.body.doc.name)
      }
    })
  })

  it('should answer If-Match on a document that does not exist with 404, not 412 or a 5xx', async () => {
    const res = await patch(`${server.url}/api/organizations/999999`, { name: 'x' }, '"whatever"')
    expect(res.status).toBe(404)
    expect(res.body.errors[0].message).toEqual(expect.any(String))
  })
})
