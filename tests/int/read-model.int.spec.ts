import type { Payload, Where } from 'payload'

import { articleParagraphs, articleTitle } from '../helpers/articleText'
import { responseCacheOf } from '../../src/http/cache'
import { importBatch } from '../../src/import/importBatch'
import { rebuildListings } from '../../src/plugins/listings'
import { graphql, request } from '../helpers/http'
import { testDatabase } from '../helpers/initPayloadInt'
import type { TestServer } from '../helpers/startServer'
import { startServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { buildWorld } from '../helpers/world'
import { random } from '../helpers/random'

// The read model lives in SQL tables (SQLite and PostgreSQL); MongoDB lists are Payload's own.
const onSql = testDatabase() === 'mongodb' ? describe.skip : describe

type Id = number
type Context = { readModel?: 'served' | boolean }

/**
 * Lists served from the read model (src/plugins/listings) answer exactly as Payload does with the
 * read model off, after every kind of write: create, publish, unpublish, retopic, a department
 * move, a publishedAt change, delete, a draft saved over a published article, a scheduled publish
 * and unpublish, and the bulk import. A hook left out leaves the read model stale, and the
 * comparison fails.
 */
onSql('read model of the public lists', () => {
  let server: TestServer
  let payload: Payload
  let world: World
  const topics: Id[] = []
  const departments: Id[] = []
  const articles = new Set<Id>()

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    payload = server.payload
    world = await buildWorld(payload, server.url)
    departments.push(world.orgs.bql as Id, world.orgs.snv as Id, world.orgs.ubnd as Id)
    for (let n = 0; n < 4; n += 1) {
      // System setup: test fixtures are created past access control.
      const topic = await payload.create({
        collection: 'topics',
        data: { name: `Chuyên mục ${n}` },
        overrideAccess: true,
      })
      topics.push(topic.id as Id)
    }
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  /** Every list the read model keeps: all articles, each topic's, each department's, and one unknown. */
  const lists = (): (undefined | Where)[] => [
    undefined,
    ...topics.map((id): Where => ({ topics: { equals: id } })),
    ...departments.map((id): Where => ({ department: { equals: String(id) } })),
    { topics: { equals: 987654 } },
  ]

  /** An anonymous reader's page, with the read model on (it must serve it) or off. */
  const anonymousPage = async (
    where: undefined | Where,
    limit: number,
    page: number,
    on: boolean,
  ) => {
    const context: Context = on ? {} : { readModel: false }
    const result = await payload.find({
      collection: 'articles',
      context,
      depth: 1,
      limit,
      overrideAccess: false,
      page,
      user: null,
      where,
    })
    if (on) {
      expect(context.readModel).toBe('served')
    }
    return result
  }

  const PAGES = [
    [10, 1],
    [3, 1],
    [3, 2],
    [3, 4],
    [2, 30],
  ] as const

  /** Every list on `pages` (page size, page), equal with the read model on and off. */
  const expectSameAnswers = async (
    step: string,
    pages: readonly (readonly [number, number])[] = PAGES,
  ) => {
    for (const where of lists()) {
      for (const [limit, page] of pages) {
        const expected = await anonymousPage(where, limit, page, false)
        const actual = await anonymousPage(where, limit, page, true)
        const label = `${step}: ${JSON.stringify(where ?? {})} limit ${limit} page ${page}`
        expect({ label, ...actual }).toEqual({ label, ...expected })
      }
    }
  }

  const board = { overrideAccess: true } as const
  let clock = Date.UTC(2026, 0, 1)
  /** A distinct publication time per write, so that Payload's order has no ties to leave open. */
  const nextDate = () =>
    new Date((clock += 60_000 + Math.floor(Math.random() * 1000))).toISOString()

  it('should answer every public list as Payload does, after a sequence of random writes', async () => {
    const dice = random(20)
    const someTopics = () => topics.filter(() => dice.int(3) === 0)
    await expectSameAnswers('empty')
    for (let step = 0; step < 40; step += 1) {
      const ids = [...articles]
      const kind =
        ids.length < 6
          ? 'create'
          : dice.pick([
              'create',
              'create',
              'publish',
              'unpublish',
              'retopic',
              'department',
              'publishedAt',
              'delete',
              'draftOver',
            ])
      const id = ids.length > 0 ? dice.pick(ids) : 0
      // System writes, as the board's would be: the hooks run whatever the access.
      switch (kind) {
        case 'create': {
          const published = dice.int(3) > 0
          const doc = await payload.create({
            collection: 'articles',
            data: {
              _status: published ? 'published' : 'draft',
              department: dice.pick(departments),
              publishedAt: published && dice.int(4) > 0 ? nextDate() : undefined,
              title: `Tin số ${step}`,
              topics: someTopics(),
            },
            ...board,
          })
          articles.add(doc.id as Id)
          break
        }
        case 'publish':
          await payload.update({
            collection: 'articles',
            data: { _status: 'published' },
            id,
            ...board,
          })
          break
        case 'unpublish':
          await payload.update({ collection: 'articles', data: { _status: 'draft' }, id, ...board })
          break
        case 'retopic':
          await payload.update({
            collection: 'articles',
            data: { topics: someTopics() },
            id,
            ...board,
          })
          break
        case 'department':
          await payload.update({
            collection: 'articles',
            data: { department: dice.pick(departments) },
            id,
            ...board,
          })
          break
        case 'publishedAt':
          await payload.update({
            collection: 'articles',
            data: { publishedAt: nextDate() },
            id,
            ...board,
          })
          break
        case 'delete':
          await payload.delete({ collection: 'articles', id, ...board })
          articles.delete(id)
          break
        case 'draftOver':
          // A draft saved over a published article changes its versions only: lists keep it as is.
          await payload.update({
            collection: 'articles',
            data: { title: `Bản nháp ${step}`, topics: someTopics() },
            draft: true,
            id,
            ...board,
          })
          break
      }
      // Every page shape now and then; one page of each list after every write (time).
      await expectSameAnswers(
        `step ${step} (${kind} ${id})`,
        step % 10 === 9 ? PAGES : [dice.pick([...PAGES])],
      )
    }
  }, 600_000)

  it('should follow a scheduled publish and unpublish', async () => {
    // The test before runs minutes of Local API work in this process, which also hosts the server:
    // the fetch pool's socket from the setup outlives the server's keep-alive while both timers
    // wait on the busy event loop, and a POST on it is reset (fetch retries no POST). One GET
    // first lets the pool drop a socket the server has closed.
    await fetch(`${server.url}/api/health`).then(
      (response) => response.arrayBuffer(),
      () => undefined,
    )
    const schedule = async (id: Id, type: 'publish' | 'unpublish') => {
      const at = new Date(Date.now() - 1000).toISOString()
      const response = await request(`${server.url}/api/articles/${id}/schedule`, {
        headers: { authorization: world.actors.bbt.authorization! },
        json: { at, type },
        method: 'POST',
      })
      expect(response.status).toBe(201)
      await payload.jobs.run({ queue: 'default' })
    }
    const draft = await payload.create({
      collection: 'articles',
      data: { department: departments[0], title: 'Tin hẹn giờ', topics: [topics[0]!] },
      ...board,
    })
    articles.add(draft.id as Id)
    await schedule(draft.id as Id, 'publish')
    await expectSameAnswers('scheduled publish')
    const all = await anonymousPage({ topics: { equals: topics[0]! } }, 100, 1, true)
    expect(all.docs.map((doc) => doc.id)).toContain(draft.id)
    await schedule(draft.id as Id, 'unpublish')
    await expectSameAnswers('scheduled unpublish')
    const after = await anonymousPage({ topics: { equals: topics[0]! } }, 100, 1, true)
    expect(after.docs.map((doc) => doc.id)).not.toContain(draft.id)
  })

  it('should follow the bulk import', async () => {
    const files = [1, 2, 3].map((n) => {
      const slug = `bai-nhap-lo-${n}`
      const title = articleTitle(n, 'Sở Nội vụ')
      const vars = {
        org: 'Sở Nội vụ',
        person: 'ông Nguyễn Văn An',
        plan: '12/KH-SNV',
        title: 'Giám đốc',
      }
      const text = [slug, title, title, 'Article', ...articleParagraphs(n, vars)].join('\n\n')
      return { name: `${slug}.txt`, text }
    })
    const outcomes = await importBatch({ department: departments[1], files, payload })
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['created', 'created', 'created'])
    expect(outcomes.every((outcome) => outcome.batched)).toBe(true)
    await expectSameAnswers('bulk import')
  })

  it('should serve REST and GraphQL lists from the read model, as Payload answers them', async () => {
    const topic = topics[0]!
    const expected = await anonymousPage({ topics: { equals: topic } }, 2, 2, false)
    const rest = await request(
      `${server.url}/api/articles?where[topics][equals]=${topic}&limit=2&page=2&depth=1`,
    )
    expect(rest.status).toBe(200)
    expect(rest.body).toEqual(JSON.parse(JSON.stringify(expected)))
    const { body } = await graphql(
      server.url,
      `{ Articles(where: { topics: { equals: ${topic} } }, limit: 2, page: 2) {
          docs { id title } totalDocs totalPages page hasNextPage hasPrevPage nextPage prevPage
        } }`,
    )
    const { docs, ...totals } = body.data.Articles
    expect(docs).toEqual(expected.docs.map(({ id, title }) => ({ id, title })))
    expect(totals).toEqual({
      hasNextPage: expected.hasNextPage,
      hasPrevPage: expected.hasPrevPage,
      nextPage: expected.nextPage,
      page: expected.page,
      prevPage: expected.prevPage,
      totalDocs: expected.totalDocs,
      totalPages: expected.totalPages,
    })

    // Both doors read the read model itself: a total set by hand there is what they report.
    const db = payload.db as unknown as {
      client?: { execute: (sql: string) => Promise<unknown> }
      pool?: { query: (sql: string) => Promise<unknown> }
    }
    const forge = `INSERT INTO article_listing_counts (scope, scope_id, total) VALUES ('topic', ${topic}, 999)
      ON CONFLICT (scope, scope_id) DO UPDATE SET total = 999`
    await (db.client ? db.client.execute(forge) : db.pool!.query(forge))
    responseCacheOf(server.payload.config).reset()
    try {
      const forgedRest = await request(`${server.url}/api/articles?where[topics][equals]=${topic}`)
      expect(forgedRest.body.totalDocs).toBe(999)
      const forgedGraphql = await graphql(
        server.url,
        `{ Articles(where: { topics: { equals: ${topic} } }) { totalDocs } }`,
      )
      expect(forgedGraphql.body.data.Articles.totalDocs).toBe(999)
    } finally {
      await rebuildListings(payload)
      responseCacheOf(server.payload.config).reset()
    }
  })

  it('should leave lists the read model does not hold, and readers of drafts, to Payload', async () => {
    const context: Context = {}
    const editor = world.actors.editorBql.user
    await payload.find({
      collection: 'articles',
      context,
      overrideAccess: false,
      sort: 'title',
      user: null,
    })
    await payload.find({
      collection: 'articles',
      context,
      overrideAccess: false,
      user: null,
      where: { and: [{ topics: { equals: topics[0]! } }, { department: { equals: 1 } }] },
    })
    await payload.find({ collection: 'articles', context, overrideAccess: false, user: editor })
    await payload.find({ collection: 'articles', context, overrideAccess: true })
    await payload.find({
      collection: 'articles',
      context,
      draft: true,
      overrideAccess: false,
      user: null,
    })
    expect(context.readModel).toBeUndefined()
  })

  it('should rebuild to the same rows, idempotently', async () => {
    const before = await anonymousPage(undefined, 100, 1, true)
    const first = await rebuildListings(payload)
    const second = await rebuildListings(payload)
    expect(second).toEqual(first)
    expect(first.rows).toBeGreaterThan(0)
    expect(await anonymousPage(undefined, 100, 1, true)).toEqual(before)
    await expectSameAnswers('rebuilt')
  })
})
