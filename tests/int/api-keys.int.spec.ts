import type { Actor, DoorContext } from '../helpers/doors'
import type { TestServer } from '../helpers/startServer'

import { createDoc, deleteDoc, DOORS, readOne, updateDoc } from '../helpers/doors'
import { graphql, login, request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { PASSWORD } from '../helpers/world'

const READ_KEY = 'keys-spec-read-0123456789abcdef'
const DRAFTS_KEY = 'keys-spec-drafts-0123456789abcdef'
const WRITE_KEY = 'keys-spec-write-0123456789abcdef'
const EXPIRED_KEY = 'keys-spec-expired-0123456789abcdef'
const LATER_KEY = 'keys-spec-later-0123456789abcdef'
const TOPICS = 1001

const auth = (key: string) => ({ authorization: `api-clients API-Key ${key}` })
const bearer = (key: string) => ({ authorization: `Bearer ${key}` })

describe('API keys', () => {
  let server: TestServer
  let ctx: DoorContext
  let adminJwt: string
  let ids: Record<string, number>
  let snv: number
  let bql: number

  const makeKey = async (name: string, apiKey: string, data: Record<string, unknown> = {}) =>
    (
      await server.payload.create({
        collection: 'api-clients',
        data: { apiKey, enableAPIKey: true, name, scopes: ['read'], ...data } as never,
        // System setup: keys are made past access control.
        overrideAccess: true,
      })
    ).id as number

  const keyDoc = async (id: number) =>
    // System read: the test inspects what the server wrote.
    (await server.payload.findByID({ collection: 'api-clients', depth: 0, id })) as Record<
      string,
      any
    >

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    ctx = { baseUrl: server.url, payload: server.payload }
    const org = async (name: string, shortName: string) =>
      (
        await server.payload.create({
          collection: 'organizations',
          data: { _status: 'published', name, shortName },
          overrideAccess: true, // System setup.
        })
      ).id as number
    snv = await org('Sở Nội vụ', 'SNV')
    bql = await org('Ban Quản lý Khu kinh tế tỉnh', 'BQLKKT')
    await server.payload.create({
      collection: 'users',
      data: { email: 'admin@keys.test', password: PASSWORD, roles: ['admin'] },
      overrideAccess: true, // System setup.
    })
    adminJwt = await login(server.url, 'admin@keys.test', PASSWORD)
    ids = {
      drafts: await makeKey('Đọc nháp', DRAFTS_KEY, { scopes: ['read-drafts'] }),
      expired: await makeKey('Hết hạn', EXPIRED_KEY, {
        expiresAt: new Date(Date.now() - 60_000).toISOString(),
      }),
      later: await makeKey('Còn hạn', LATER_KEY, {
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      }),
      read: await makeKey('Chỉ đọc', READ_KEY),
      write: await makeKey('Ghi SNV', WRITE_KEY, { department: snv, scope: 'write' }),
    }
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should refuse an expired key with a JSON 401 naming the expiry, on REST and GraphQL', async () => {
    const rest = await request(`${server.url}/api/topics?limit=1`, { headers: auth(EXPIRED_KEY) })
    expect(rest.status).toBe(401)
    expect(rest.body.errors[0].message).toMatch(/API key expired/)
    const viaBearer = await request(`${server.url}/api/topics?limit=1`, {
      headers: bearer(EXPIRED_KEY),
    })
    expect(viaBearer.status).toBe(401)
    const gql = await request(`${server.url}/api/graphql`, {
      headers: auth(EXPIRED_KEY),
      json: { query: '{ Topics(limit: 1) { totalDocs } }' },
      method: 'POST',
    })
    expect(gql.status).toBe(401)
    expect(gql.body.errors[0].message).toMatch(/API key expired/)
    // A key whose expiry lies ahead works.
    const later = await request(`${server.url}/api/topics?limit=1`, { headers: auth(LATER_KEY) })
    expect(later.status).toBe(200)
  })

  it('should note when a key was last used, at most once a minute, keeping the key working', async () => {
    const before = await keyDoc(ids.drafts!)
    expect(before.lastUsedAt ?? null).toBeNull()
    const first = await request(`${server.url}/api/topics?limit=1`, { headers: auth(DRAFTS_KEY) })
    expect(first.status).toBe(200)
    let noted: Record<string, any> = before
    for (let tries = 0; tries < 100 && !noted.lastUsedAt; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      noted = await keyDoc(ids.drafts!)
    }
    expect(noted.lastUsedAt).toEqual(expect.any(String))
    expect(noted.scopes).toEqual(['read-drafts'])
    // Within the minute another request writes nothing.
    await request(`${server.url}/api/topics?limit=1`, { headers: auth(DRAFTS_KEY) })
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect((await keyDoc(ids.drafts!)).lastUsedAt).toBe(noted.lastUsedAt)
    // A system write, not an edit: no audit record.
    const audits = await server.payload.find({
      collection: 'audit-log',
      where: { targetCollection: { equals: 'api-clients' }, action: { equals: 'update' } },
    })
    expect(audits.totalDocs).toBe(0)
    // The key still authenticates, with its scopes, after its record was written.
    const draft = await server.payload.create({
      collection: 'articles',
      data: { department: snv, title: 'Bản nháp sau lần dùng' },
      draft: true,
      overrideAccess: true, // System setup.
    })
    const read = await request(`${server.url}/api/articles/${draft.id}?depth=0&draft=true`, {
      headers: auth(DRAFTS_KEY),
    })
    expect(read.status).toBe(200)
  })

  it('should accept a key as a Bearer token and keep Bearer JWTs working', async () => {
    const draft = await server.payload.create({
      collection: 'articles',
      data: { department: snv, title: 'Bản nháp cho khóa Bearer' },
      draft: true,
      overrideAccess: true, // System setup.
    })
    const url = `${server.url}/api/articles/${draft.id}?depth=0&draft=true`
    expect((await request(url)).status).not.toBe(200)
    expect((await request(url, { headers: bearer(DRAFTS_KEY) })).status).toBe(200)
    const me = await request(`${server.url}/api/users/me`, {
      headers: { authorization: `Bearer ${adminJwt}` },
    })
    expect(me.body.user?.email).toBe('admin@keys.test')
    const forged = await request(url, { headers: bearer('no-such-key-0123456789') })
    expect(forged.status).not.toBe(200)
  })

  it('should count a Bearer key in the rate limits per key, not per address', async () => {
    // A second server on the same database with small limits: 2 a minute, keys 2 × 2.
    const limited = await startServer({
      databaseUri: server.databaseUri,
      rateLimits: {
        apiPerMinute: 2,
        forgotPasswordPerMinute: 5,
        graphqlPerMinute: 2,
        loginFailuresPerMinute: 10,
        staffFactor: 2,
      },
    })
    try {
      const get = (headers: Record<string, string>) =>
        request(`${limited.url}/api/topics?limit=1`, { headers })
      const statuses: number[] = []
      for (let i = 0; i < 5; i += 1) {
        statuses.push((await get(bearer(READ_KEY))).status)
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429])
      // Another key from the same address has its own count.
      expect((await get(bearer(LATER_KEY))).status).toBe(200)
      expect((await get(auth(LATER_KEY))).status).toBe(200)
    } finally {
      await limited.cleanup()
    }
  })

  describe('page size', () => {
    beforeAll(async () => {
      // System setup: many rows at once, straight into the database.
      const db = server.payload.db as any
      const rows = Array.from({ length: TOPICS }, (_, i) => ({
        name: `Chủ đề ${i}`,
        slug: `chu-de-${i}`,
      }))
      if (db.drizzle && db.tables?.topics) {
        await db.drizzle.insert(db.tables.topics).values(rows)
      } else {
        for (const data of rows) {
          await db.create({ collection: 'topics', data })
        }
      }
    })

    it('should give a key at most 1,000 documents a page over REST', async () => {
      for (const query of ['limit=0', 'pagination=false', 'limit=5000']) {
        const res = await request(`${server.url}/api/topics?depth=0&${query}`, {
          headers: auth(READ_KEY),
        })
        expect(res.status).toBe(200)
        expect(res.body.docs).toHaveLength(1000)
        expect(res.body.totalDocs).toBe(TOPICS)
      }
      const anonymous = await request(`${server.url}/api/topics?depth=0&limit=5000`)
      expect(anonymous.body.docs).toHaveLength(100)
      const account = await request(`${server.url}/api/topics?depth=0&limit=5000`, {
        token: adminJwt,
      })
      expect(account.body.docs).toHaveLength(TOPICS)
    })

    it('should give a key at most 1,000 documents a page over GraphQL', async () => {
      const ask = (query: string, variables: Record<string, unknown> = {}) =>
        request(`${server.url}/api/graphql`, {
          headers: bearer(READ_KEY),
          json: { query, variables },
          method: 'POST',
        })
      const literal = await ask('{ Topics(limit: 5000) { docs { id } } }')
      expect(literal.body.data.Topics.docs).toHaveLength(1000)
      const unpaged = await ask('{ Topics(pagination: false) { docs { id } } }')
      expect(unpaged.body.data.Topics.docs).toHaveLength(1000)
      const variable = await ask('query ($n: Int) { Topics(limit: $n) { docs { id } } }', {
        n: 0,
      })
      expect(variable.body.data.Topics.docs).toHaveLength(1000)
      const anonymous = await graphql(server.url, '{ Topics(limit: 5000) { docs { id } } }')
      expect(anonymous.body.data.Topics.docs).toHaveLength(100)
    })
  })

  describe('write keys', () => {
    let writer: Actor
    let reader: Actor

    const article = async (department: number, status: 'draft' | 'published', title: string) =>
      (
        await server.payload.create({
          collection: 'articles',
          data: { _status: status, department, title },
          overrideAccess: true, // System setup.
        })
      ).id as number

    // System read: what the database holds, to check a denial changed nothing.
    const stored = async (id: number) =>
      (await server.payload.findByID({ collection: 'articles', depth: 0, draft: true, id })) as any

    beforeAll(async () => {
      const writeUser = { ...(await keyDoc(ids.write!)), collection: 'api-clients' }
      const readUser = { ...(await keyDoc(ids.read!)), collection: 'api-clients' }
      writer = { authorization: `Bearer ${WRITE_KEY}`, name: 'write key', user: writeUser }
      reader = { authorization: `Bearer ${READ_KEY}`, name: 'read key', user: readUser }
    })

    for (const door of DOORS) {
      it(`should let a write key create and edit its department's drafts only (${door})`, async () => {
        const created = await createDoc(ctx, door, writer, 'articles', {
          title: `Bài của khóa qua ${door}`,
        })
        expect(created.ok).toBe(true)
        const mine = await stored(created.doc!.id)
        expect(mine._status).toBe('draft')
        expect(mine.department).toBe(snv)
        expect(mine.author ?? null).toBeNull()
        // The key reads its department's draft back.
        expect(
          await readOne(ctx, door, writer, 'articles', mine.id, { draft: true }),
        ).not.toBeNull()

        const edited = await updateDoc(ctx, door, writer, 'articles', mine.id, {
          title: `Bài đã sửa qua ${door}`,
        })
        expect(edited.ok).toBe(true)
        expect((await stored(mine.id)).title).toBe(`Bài đã sửa qua ${door}`)

        const submitted = await updateDoc(ctx, door, writer, 'articles', mine.id, {
          reviewState: 'submitted',
        })
        expect(submitted.ok).toBe(true)
        const afterSubmit = await stored(mine.id)
        expect(afterSubmit.reviewState).toBe('submitted')
        expect(afterSubmit.review?.submittedBy ?? null).toBeNull()
        expect(afterSubmit.review?.submittedAt).toEqual(expect.any(String))

        // Never publish, never another department, never a published article, never delete.
        const published = await createDoc(ctx, door, writer, 'articles', {
          _status: 'published',
          title: `Xuất bản qua ${door}`,
        })
        expect(published.ok).toBe(false)
        const publish = await updateDoc(ctx, door, writer, 'articles', mine.id, {
          _status: 'published',
        })
        expect(publish.ok).toBe(false)
        expect((await stored(mine.id))._status).toBe('draft')

        const theirs = await article(bql, 'draft', `Nháp BQLKKT ${door}`)
        const foreign = await updateDoc(ctx, door, writer, 'articles', theirs, { title: 'Đổi' })
        expect(foreign.ok).toBe(false)
        expect((await stored(theirs)).title).toBe(`Nháp BQLKKT ${door}`)

        const live = await article(snv, 'published', `Đã đăng SNV ${door}`)
        const overLive = await updateDoc(ctx, door, writer, 'articles', live, { title: 'Đổi' })
        expect(overLive.ok).toBe(false)
        expect((await stored(live)).title).toBe(`Đã đăng SNV ${door}`)

        const moved = await updateDoc(ctx, door, writer, 'articles', mine.id, { department: bql })
        expect(moved.ok).toBe(false)
        expect((await stored(mine.id)).department).toBe(snv)

        expect((await deleteDoc(ctx, door, writer, 'articles', mine.id)).ok).toBe(false)
        expect((await stored(mine.id)).id).toBe(mine.id)

        // A read key writes nothing.
        const count = (await server.payload.count({ collection: 'articles' })).totalDocs
        expect((await createDoc(ctx, door, reader, 'articles', { title: 'Không được' })).ok).toBe(
          false,
        )
        expect((await updateDoc(ctx, door, reader, 'articles', mine.id, { title: 'X' })).ok).toBe(
          false,
        )
        expect((await server.payload.count({ collection: 'articles' })).totalDocs).toBe(count)
        expect((await stored(mine.id)).title).toBe(`Bài đã sửa qua ${door}`)
      })
    }

    it('should refuse a write key without a department with a 400 naming the field', async () => {
      const res = await request(`${server.url}/api/api-clients`, {
        json: { apiKey: 'keys-spec-nodept-0123456789abcdef', name: 'Thiếu đơn vị', scope: 'write' },
        method: 'POST',
        token: adminJwt,
      })
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body.errors)).toMatch(/department/)
    })

    it('should let a write key write nothing but articles', async () => {
      for (const door of DOORS) {
        const person = await createDoc(ctx, door, writer, 'people', { name: `Người ${door}` })
        expect(person.ok).toBe(false)
      }
      expect((await server.payload.count({ collection: 'people' })).totalDocs).toBe(0)
    })
  })
})
