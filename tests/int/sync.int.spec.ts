import type { TestServer } from '../helpers/startServer'

import { request } from '../helpers/http'
import { SETTLE_MS } from '../../src/endpoints/sync'
import { startServer } from '../helpers/startServer'

type Change = { at: string; collection: string; id: number; type: 'delete' | 'upsert' }

describe('GET /api/sync', () => {
  let server: TestServer
  let department: number

  /** Follows `next` until `hasMore` is false; returns every change and the last token. */
  const drain = async (since: null | string, limit: number) => {
    const changes: Change[] = []
    let token = since
    for (let page = 0; page < 50; page += 1) {
      const res = await request(
        `${server.url}/api/sync?limit=${limit}${token ? `&since=${token}` : ''}`,
      )
      expect(res.status).toBe(200)
      expect(res.body.changes.length).toBeLessThanOrEqual(limit)
      changes.push(...res.body.changes)
      token = res.body.next
      if (!res.body.hasMore) {
        return { changes, token: token! }
      }
    }
    throw new Error('the feed never ended')
  }

  /** What anonymous readers see published, as `collection:id`. */
  const publishedNow = async () => {
    const keys: string[] = []
    for (const collection of ['organizations', 'people', 'plans', 'articles'] as const) {
      const res = await request(`${server.url}/api/${collection}?limit=100&depth=0`)
      keys.push(...res.body.docs.map((doc: { id: number }) => `${collection}:${doc.id}`))
    }
    return keys.sort()
  }

  /** A mirror that applies the feed's changes. */
  const apply = (mirror: Set<string>, changes: Change[]) => {
    for (const change of changes) {
      const key = `${change.collection}:${change.id}`
      if (change.type === 'upsert') {
        mirror.add(key)
      } else {
        mirror.delete(key)
      }
    }
    return [...mirror].sort()
  }

  const article = async (title: string, status: 'draft' | 'published') =>
    (
      await server.payload.create({
        collection: 'articles',
        data: { _status: status, department, title },
        overrideAccess: true, // System setup.
      })
    ).id as number

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    department = (
      await server.payload.create({
        collection: 'organizations',
        data: { _status: 'published', name: 'Sở Nội vụ', shortName: 'SNV' },
        overrideAccess: true, // System setup.
      })
    ).id as number
    await server.payload.create({
      collection: 'people',
      data: { _status: 'published', department, name: 'Nguyễn Văn An' } as never,
      overrideAccess: true, // System setup.
    })
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should list every published record first, then what changed after the token', async () => {
    const a = await article('Bài A', 'published')
    const b = await article('Bài B', 'published')
    const c = await article('Bài C', 'published')
    const d = await article('Bài D', 'draft')

    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 500))
    const first = await drain(null, 2)
    expect(first.changes.every((change) => change.type === 'upsert')).toBe(true)
    expect(first.changes.every((change) => !Number.isNaN(Date.parse(change.at)))).toBe(true)
    const mirror = new Set<string>()
    expect(apply(mirror, first.changes)).toEqual(await publishedNow())
    expect(mirror.has(`articles:${d}`)).toBe(false)

    // Nothing changed: nothing listed.
    const quiet = await request(`${server.url}/api/sync?since=${first.token}`)
    expect(quiet.body).toEqual({ changes: [], hasMore: false, next: expect.any(String) })

    await server.payload.update({
      collection: 'articles',
      data: { title: 'Bài A (sửa)' },
      id: a,
      overrideAccess: true, // System work standing in for an editor's save.
    })
    await server.payload.update({
      collection: 'articles',
      data: { _status: 'draft' },
      id: b,
      overrideAccess: true, // Unpublish.
    })
    await server.payload.delete({ collection: 'articles', id: c, overrideAccess: true })
    await server.payload.update({
      collection: 'articles',
      data: { _status: 'published' },
      id: d,
      overrideAccess: true, // Publish.
    })

    // Changes younger than SETTLE_MS wait for a later call.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 500))
    const later = await drain(first.token, 1)
    const byId = new Map(
      later.changes.map((change) => [`${change.collection}:${change.id}`, change]),
    )
    expect(byId.get(`articles:${a}`)?.type).toBe('upsert')
    expect(byId.get(`articles:${b}`)?.type).toBe('delete')
    expect(byId.get(`articles:${c}`)?.type).toBe('delete')
    expect(byId.get(`articles:${d}`)?.type).toBe('upsert')
    expect(apply(mirror, later.changes)).toEqual(await publishedNow())
  })

  it('should leave a mirror equal to what is published when writes happen between its pages', async () => {
    const ids: number[] = []
    for (const title of ['Trang 1', 'Trang 2', 'Trang 3', 'Trang 4', 'Trang 5', 'Trang 6']) {
      ids.push(await article(title, 'published'))
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 500))
    const mirror = new Set<string>()
    let res = await request(`${server.url}/api/sync?limit=3`)
    apply(mirror, res.body.changes)
    // Between the first page and the rest: a publish, an unpublish of a listed record, a delete
    // of one not yet listed, and an edit.
    const fresh = await article('Trang mới giữa chừng', 'published')
    await server.payload.update({
      collection: 'articles',
      data: { _status: 'draft' },
      id: ids[0]!,
      overrideAccess: true, // Unpublish, standing in for the board.
    })
    await server.payload.delete({ collection: 'articles', id: ids[5]!, overrideAccess: true })
    await server.payload.update({
      collection: 'articles',
      data: { title: 'Trang 3 (sửa)' },
      id: ids[2]!,
      overrideAccess: true, // An edit.
    })
    while (res.body.hasMore) {
      res = await request(`${server.url}/api/sync?limit=3&since=${res.body.next}`)
      expect(res.status).toBe(200)
      apply(mirror, res.body.changes)
    }
    // The writes settle; the next call from the last token brings the mirror level.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS + 500))
    const rest = await drain(res.body.next, 3)
    const level = apply(mirror, rest.changes)
    expect(level).toEqual(await publishedNow())
    expect(level).toContain(`articles:${fresh}`)
    expect(level).not.toContain(`articles:${ids[0]}`)
    expect(level).not.toContain(`articles:${ids[5]}`)
  })

  it('should answer a token it did not give, or a bad limit, with a JSON 400', async () => {
    for (const query of ['since=nonsense!', 'since=eyJ4IjoxfQ', 'limit=abc']) {
      const res = await request(`${server.url}/api/sync?${query}`)
      expect({ query, status: res.status }).toEqual({ query, status: 400 })
      expect(res.body.errors[0].message).toEqual(expect.any(String))
    }
  })
})
