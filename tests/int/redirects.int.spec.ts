import type { Door, DoorContext } from '../helpers/doors'
import type { TestServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { countList, createDoc, deleteDoc, DOORS, updateDoc } from '../helpers/doors'
import { request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { buildWorld } from '../helpers/world'
import type { Id } from '../../src/lib/types'

// Setup and read-backs pass overrideAccess: true as system work; the requests under test use the caller's own access.

describe('redirects: old article addresses keep working', () => {
  let server: TestServer
  let world: World
  let ctx: DoorContext
  let article: Id

  /** What a frontend asks when a reader lands on an old address. */
  const lookup = async (slug: string) => {
    const res = await request(
      `${server.url}/api/redirects?where[from][equals]=${encodeURIComponent(`/articles/${slug}`)}`,
    )
    expect(res.status).toBe(200)
    return res.body.docs as { from: string; to: { type: string; url: string } }[]
  }

  const targetOf = async (slug: string) => (await lookup(slug))[0]?.to.url ?? null

  const allRedirects = async () =>
    (
      await server.payload.find({
        collection: 'redirects',
        limit: 0,
        overrideAccess: true,
        pagination: false,
      })
    ).docs.map((doc) => `${doc.from} -> ${doc.to?.url}`)

  const patch = async (id: Id, data: Record<string, unknown>, { draft = false } = {}) => {
    const res = await request(`${server.url}/api/articles/${id}${draft ? '?draft=true' : ''}`, {
      headers: { authorization: world.actors.bbt.authorization! },
      json: data,
      method: 'PATCH',
    })
    expect(res.status).toBe(200)
    return res.body.doc
  }

  const createArticle = async (slug: string, status: 'draft' | 'published') =>
    (
      await server.payload.create({
        collection: 'articles',
        data: { _status: status, department: world.orgs.bql as number, slug, title: `Tin ${slug}` },
        overrideAccess: true,
      })
    ).id

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    ctx = { baseUrl: server.url, payload: server.payload }
    world = await buildWorld(server.payload, server.url)
    article = await createArticle('tin-a', 'published')
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should redirect the old address when a published article changes its slug', async () => {
    await patch(article, { _status: 'published', slug: 'tin-b' })
    expect(await targetOf('tin-a')).toBe('/articles/tin-b')
    expect(await allRedirects()).toEqual(['/articles/tin-a -> /articles/tin-b'])
  })

  it('should collapse chains: every old address leads straight to the newest', async () => {
    await patch(article, { _status: 'published', slug: 'tin-c' })
    expect(await targetOf('tin-a')).toBe('/articles/tin-c')
    expect(await targetOf('tin-b')).toBe('/articles/tin-c')
    expect(await allRedirects()).toHaveLength(2)
  })

  it('should remove the redirect from an address the article takes back', async () => {
    await patch(article, { _status: 'published', slug: 'tin-a' })
    expect(await lookup('tin-a')).toEqual([])
    expect(await targetOf('tin-b')).toBe('/articles/tin-a')
    expect(await targetOf('tin-c')).toBe('/articles/tin-a')
    expect((await allRedirects()).sort()).toEqual([
      '/articles/tin-b -> /articles/tin-a',
      '/articles/tin-c -> /articles/tin-a',
    ])
  })

  it('should redirect only once the new slug is published, not on a draft save', async () => {
    await patch(article, { slug: 'tin-d' }, { draft: true })
    expect(await lookup('tin-a')).toEqual([])
    await patch(article, { _status: 'published' })
    expect(await targetOf('tin-a')).toBe('/articles/tin-d')
    expect(await targetOf('tin-b')).toBe('/articles/tin-d')
  })

  it('should not redirect for an article that was never published', async () => {
    const draft = await createArticle('nhap-1', 'draft')
    await patch(draft, { slug: 'nhap-2' }, { draft: true })
    await patch(draft, { _status: 'published', slug: 'nhap-3' })
    expect(await lookup('nhap-1')).toEqual([])
    expect(await lookup('nhap-2')).toEqual([])
  })

  describe.each(DOORS)('through %s', (door: Door) => {
    const data = () => ({
      from: `/articles/cu-${door}-${Math.random().toString(36).slice(2, 8)}`,
      to: { type: 'custom', url: '/articles/moi' },
    })
    const count = () =>
      server.payload
        .count({ collection: 'redirects', overrideAccess: true })
        .then((r) => r.totalDocs)

    it('should let anonymous callers read redirects', async () => {
      const { anonymous } = world.actors
      expect(await countList(ctx, door, anonymous, 'redirects')).toBe(await count())
    })

    it('should refuse writes by editors and anonymous callers, leaving the database unchanged', async () => {
      const existing = (
        await server.payload.find({ collection: 'redirects', limit: 1, overrideAccess: true })
      ).docs[0]!
      const before = await count()
      for (const actor of [world.actors.anonymous, world.actors.editorBql]) {
        expect((await createDoc(ctx, door, actor, 'redirects', data())).ok).toBe(false)
        expect(
          (await updateDoc(ctx, door, actor, 'redirects', existing.id, { from: '/articles/x' })).ok,
        ).toBe(false)
        expect((await deleteDoc(ctx, door, actor, 'redirects', existing.id)).ok).toBe(false)
      }
      expect(await count()).toBe(before)
      const after = await server.payload.findByID({
        collection: 'redirects',
        id: existing.id,
        overrideAccess: true,
      })
      expect(after.from).toBe(existing.from)
    })

    it('should let the board write redirects', async () => {
      for (const actor of [world.actors.bbt, world.actors.admin]) {
        const created = await createDoc(ctx, door, actor, 'redirects', data())
        expect(created.ok).toBe(true)
        expect((await deleteDoc(ctx, door, actor, 'redirects', created.doc!.id)).ok).toBe(true)
      }
    })
  })
})
