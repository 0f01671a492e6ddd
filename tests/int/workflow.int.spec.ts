import type { TestServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { literal } from '../helpers/doors'
import { request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { buildWorld, PASSWORD } from '../helpers/world'
import type { Id } from '../../src/lib/types'

// Setup and read-backs pass overrideAccess: true as system work; the requests under test use the caller's own access.

describe('editorial workflow: draft → submitted → returned/published', () => {
  let server: TestServer
  let world: World
  let articleId: Id

  const as = (actor: keyof World['actors']) => ({
    authorization: world.actors[actor].authorization!,
  })
  const patch = (actor: keyof World['actors'], data: Record<string, unknown>, draft = true) =>
    request(`${server.url}/api/articles/${articleId}?depth=0${draft ? '&draft=true' : ''}`, {
      headers: as(actor),
      json: data,
      method: 'PATCH',
    })
  const latest = async () =>
    (await server.payload.findByID({
      collection: 'articles',
      depth: 0,
      draft: true,
      id: articleId,
      overrideAccess: true,
    })) as Record<string, any>
  const published = async () =>
    (await server.payload.findByID({
      collection: 'articles',
      depth: 0,
      id: articleId,
      overrideAccess: true,
    })) as Record<string, any>
  const audits = async (action: string) =>
    (
      await server.payload.find({
        collection: 'audit-log',
        depth: 0,
        overrideAccess: true,
        where: {
          action: { equals: action },
          targetCollection: { equals: 'articles' },
          targetId: { equals: String(articleId) },
        },
      })
    ).docs

  beforeAll(async () => {
    server = await startServer()
    world = await buildWorld(server.payload, server.url)
    const created = await request(`${server.url}/api/articles?depth=0`, {
      headers: as('editorBql'),
      json: { title: 'Hội nghị triển khai nhiệm vụ năm 2024' },
      method: 'POST',
    })
    expect(created.status).toBe(201)
    articleId = created.body.doc.id
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it("should start as a draft of the editor's department", async () => {
    const doc = await latest()
    expect(doc._status).toBe('draft')
    expect(doc.reviewState).toBe('draft')
    expect(String(doc.department)).toBe(String(world.orgs.bql))
    expect(await audits('create')).toHaveLength(1)
  })

  it('should record who submitted and when', async () => {
    const res = await patch('editorBql', { reviewState: 'submitted' })
    expect(res.status).toBe(200)
    const doc = await latest()
    expect(doc.reviewState).toBe('submitted')
    expect(String(doc.review.submittedBy)).toBe(String(world.actors.editorBql.user!.id))
    expect(Date.parse(doc.review.submittedAt)).toBeGreaterThan(Date.now() - 60_000)
    expect(await audits('submit')).toHaveLength(1)
  })

  it('should list the submission in the board\'s "Chờ duyệt" queue', async () => {
    const res = await request(
      `${server.url}/api/articles?draft=true&depth=0&where[reviewState][equals]=submitted`,
      { headers: as('bbt') },
    )
    expect(res.body.docs.map((doc: { id: Id }) => doc.id)).toEqual([articleId])
  })

  it('should refuse an editor approving or returning their own submission', async () => {
    const before = await latest()
    expect((await patch('editorBql', { _status: 'published' }, false)).status).toBe(403)
    expect((await patch('editorBql', { reviewState: 'published' })).status).toBe(403)
    expect((await patch('editorBql', { reviewNote: 'ok', reviewState: 'returned' })).status).toBe(
      403,
    )
    const after = await latest()
    expect(after.reviewState).toBe('submitted')
    expect(after._status).toBe('draft')
    expect(after.updatedAt).toBe(before.updatedAt)
  })

  it('should refuse a return without a note, naming the field', async () => {
    const res = await patch('bbt', { reviewState: 'returned' })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body.errors)).toContain('reviewNote')
    expect((await latest()).reviewState).toBe('submitted')
  })

  it('should let the board return it with a note the editor can read but not change', async () => {
    const res = await patch('bbt', {
      reviewNote: 'Bổ sung ảnh và số liệu.',
      reviewState: 'returned',
    })
    expect(res.status).toBe(200)
    const doc = await latest()
    expect(doc.reviewState).toBe('returned')
    expect(String(doc.review.reviewedBy)).toBe(String(world.actors.bbt.user!.id))
    const seen = await request(`${server.url}/api/articles/${articleId}?draft=true&depth=0`, {
      headers: as('editorBql'),
    })
    expect(seen.body.reviewNote).toBe('Bổ sung ảnh và số liệu.')
    const returned = await audits('return')
    expect(returned).toHaveLength(1)
    expect(returned[0]!.note).toBe('Bổ sung ảnh và số liệu.')
  })

  it('should turn a returned article back into a draft when the editor fixes it, then resubmit', async () => {
    const fixed = await patch('editorBql', {
      reviewNote: 'đã sửa',
      reviewState: 'returned',
      title: 'Hội nghị triển khai nhiệm vụ năm 2024 (bổ sung)',
    })
    expect(fixed.status).toBe(200)
    const doc = await latest()
    expect(doc.reviewState).toBe('draft')
    expect(doc.title).toBe('Hội nghị triển khai nhiệm vụ năm 2024 (bổ sung)')
    expect(doc.reviewNote).toBe('Bổ sung ảnh và số liệu.')
    expect((await patch('editorBql', { reviewState: 'submitted' })).status).toBe(200)
    expect((await latest()).reviewState).toBe('submitted')
  })

  it('should let the board publish through GraphQL, stamping the publisher', async () => {
    const res = await request(`${server.url}/api/graphql`, {
      headers: as('bbt'),
      json: {
        query: `mutation { updateArticle(id: ${JSON.stringify(articleId)}, data: ${literal({ _status: 'published' })}) { id _status reviewState } }`,
      },
      method: 'POST',
    })
    expect(res.body.errors).toBeUndefined()
    expect(res.body.data.updateArticle).toMatchObject({
      _status: 'published',
      reviewState: 'published',
    })
    const doc = await published()
    expect(String(doc.review.publishedBy)).toBe(String(world.actors.bbt.user!.id))
    expect(doc.publishedAt).toEqual(expect.any(String))
    const anon = await request(`${server.url}/api/articles/${articleId}?depth=0`)
    expect(anon.status).toBe(200)
    expect(await audits('publish')).toHaveLength(1)
  })

  it('should keep the public version while an editor drafts a change, which needs approval again', async () => {
    const res = await patch('editorBql', { title: 'Tiêu đề mới chưa duyệt' })
    expect(res.status).toBe(200)
    const anon = await request(`${server.url}/api/articles/${articleId}?depth=0`)
    expect(anon.body.title).toBe('Hội nghị triển khai nhiệm vụ năm 2024 (bổ sung)')
    const anonDraft = await request(`${server.url}/api/articles/${articleId}?depth=0&draft=true`)
    expect(anonDraft.body.title).toBe('Hội nghị triển khai nhiệm vụ năm 2024 (bổ sung)')
    const draft = await latest()
    expect(draft.title).toBe('Tiêu đề mới chưa duyệt')
    expect(draft.reviewState).toBe('draft')
    expect((await patch('editorBql', { _status: 'published' }, false)).status).toBe(403)
  })

  it('should let the board unpublish', async () => {
    const res = await patch('bbt', { _status: 'draft' }, false)
    expect(res.status).toBe(200)
    expect((await request(`${server.url}/api/articles/${articleId}?depth=0`)).status).not.toBe(200)
    expect(await audits('unpublish')).toHaveLength(1)
  })

  it('should audit logins and failed logins with the client address, never the password', async () => {
    const bad = await request(`${server.url}/api/users/login`, {
      json: { email: 'bbt@test.vn', password: 'wrong-password' },
      method: 'POST',
    })
    expect(bad.status).toBe(401)
    const good = await request(`${server.url}/api/users/login`, {
      json: { email: 'bbt@test.vn', password: PASSWORD },
      method: 'POST',
    })
    expect(good.status).toBe(200)
    const failed = await server.payload.find({
      collection: 'audit-log',
      depth: 0,
      overrideAccess: true,
      where: { action: { equals: 'failed-login' } },
    })
    expect(failed.docs[0]).toMatchObject({ actorEmail: 'bbt@test.vn' })
    expect(failed.docs[0]!.ip).toMatch(/127\.0\.0\.1|::1/)
    const logins = await server.payload.find({
      collection: 'audit-log',
      depth: 0,
      overrideAccess: true,
      where: { action: { equals: 'login' }, actorEmail: { equals: 'bbt@test.vn' } },
    })
    expect(logins.totalDocs).toBeGreaterThan(0)
    const everything = JSON.stringify(
      (await server.payload.find({ collection: 'audit-log', limit: 0, overrideAccess: true })).docs,
    )
    expect(everything).not.toContain(PASSWORD)
    expect(everything).not.toContain('wrong-password')
  })

  it('should ignore the session cookie on requests from a foreign origin (CSRF)', async () => {
    const login = await request(`${server.url}/api/users/login`, {
      json: { email: 'bbt@test.vn', password: PASSWORD },
      method: 'POST',
    })
    const cookie = login.headers.getSetCookie().find((line) => line.startsWith('payload-token='))!
    expect(cookie).toBeDefined()
    const token = cookie.split(';')[0]!
    const foreign = await request(`${server.url}/api/users/me`, {
      headers: { cookie: token, origin: 'http://evil.example' },
    })
    expect(foreign.body.user).toBeNull()
    const own = await request(`${server.url}/api/users/me`, {
      headers: { cookie: token, origin: 'http://localhost:3000' },
    })
    expect(own.body.user?.email).toBe('bbt@test.vn')
  })

  it('should stop accepting a token after logout', async () => {
    const login = await request(`${server.url}/api/users/login`, {
      json: { email: 'ed.snv@test.vn', password: PASSWORD },
      method: 'POST',
    })
    const auth = { authorization: `JWT ${login.body.token}` }
    expect(
      (await request(`${server.url}/api/users/me`, { headers: auth })).body.user,
    ).not.toBeNull()
    expect(
      (await request(`${server.url}/api/users/logout`, { headers: auth, method: 'POST' })).status,
    ).toBe(200)
    expect((await request(`${server.url}/api/users/me`, { headers: auth })).body.user).toBeNull()
  })
})
