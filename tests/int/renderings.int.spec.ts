import type { Payload } from 'payload'

import sharp from 'sharp'

import { articleParagraphs, articleTitle } from '../helpers/articleText'
import { refreshPositionSummaries } from '../../collections/people/refreshSummaries'
import { importBatch } from '../../src/import/importBatch'
import { clearRenderings, renderingShape } from '../../src/plugins/renderings'
import { graphqlServed } from '../../src/plugins/renderings/graphql'
import { dropUnpublished, readClock, storeRenderings } from '../../src/plugins/renderings/store'
import type { SqlTag } from '../../src/sqlRunner'
import { runnerOf } from '../../src/sqlRunner'
import { testDatabase } from '../helpers/initPayloadInt'
import type { TestServer } from '../helpers/startServer'
import { startServer } from '../helpers/startServer'
import { waitFor } from '../helpers/waitFor'
import type { World } from '../helpers/world'
import { buildWorld } from '../helpers/world'
import type { Dice } from '../helpers/random'
import { random } from '../helpers/random'

// The renderings live in SQL tables (SQLite and PostgreSQL); on MongoDB Payload answers every read.
const onSql = testDatabase() === 'mongodb' ? describe.skip : describe

type Id = number

type Stored = { body: string; shape: string; validUntil: null | string }

/**
 * Anonymous REST reads of articles answered from their stored renderings (src/http/renderings.ts)
 * answer byte for byte as Payload does, after every kind of write to any record an article's
 * public answer holds; they are really served from the table; a write racing a render keeps its
 * result out; a position's end date ends a rendering without any write; and callers with
 * credentials, or reads of unpublished articles, never get a rendering.
 */
onSql('stored public renderings of articles', () => {
  let server: TestServer
  let payload: Payload
  let world: World
  const environment = { cache: process.env.CACHE }
  const departments: Id[] = []
  /**
   * Organizations only named in articles (not departments, nor where a person holds an office,
   * which a position requires): these may be deleted.
   */
  const organizations: Id[] = []
  const topics: Id[] = []
  /** Deleted topics: their lists are still asked for (empty now, for Payload and renderings alike). */
  const goneTopics: Id[] = []
  const people: Id[] = []
  const plans: Id[] = []
  const articles = new Set<Id>()
  /** Every slug an article had, deleted and unpublished ones too: each is read after each write. */
  const slugs = new Set<string>([
    'khong-co-bai-nay',
    // Near misses of a slug: what Payload's equals finds (nothing), the renderings find too.
    'TIN-SO-0',
    'tin-so-0 ',
    'tin_so_0',
    'tin-so-%',
  ])
  /**
   * Articles of a bulk import not read since: the bulk path runs no hooks, so their renderings are
   * made when first asked for, not in the background.
   */
  const unread = new Set<Id>()

  // System setup and writes: fixtures and the board's edits are made past access control (the
  // hooks that keep the renderings run whatever the access).
  const system = { overrideAccess: true } as const

  beforeAll(async () => {
    // The response cache sits in front of the renderings: off, so every read reaches them.
    process.env.CACHE = '0'
    server = await startServer({ rateLimits: false })
    payload = server.payload
    world = await buildWorld(payload, server.url)
    departments.push(world.orgs.bql as Id, world.orgs.snv as Id, world.orgs.ubnd as Id)
    for (let n = 0; n < 3; n += 1) {
      topics.push(await createTopic(`Chuyên mục ${n}`))
      organizations.push(await createOrganization(`Trung tâm số ${n}`))
      people.push(await createPerson(`Nguyễn Văn Số ${n}`))
      plans.push(
        (
          await payload.create({
            collection: 'plans',
            data: {
              _status: 'published',
              department: departments[n],
              issuedOn: `2026-03-0${n + 1}T00:00:00.000Z`,
              issuer: departments[n],
              number: `${n + 1}/KH-SNV`,
              title: `Kế hoạch số ${n + 1}`,
            },
            ...system,
          })
        ).id as Id,
      )
    }
  })

  afterAll(async () => {
    await server?.cleanup()
    if (environment.cache === undefined) {
      delete process.env.CACHE
    } else {
      process.env.CACHE = environment.cache
    }
  })

  const createTopic = async (name: string) =>
    (await payload.create({ collection: 'topics', data: { name }, ...system })).id as Id

  const createOrganization = async (name: string) =>
    (
      await payload.create({
        collection: 'organizations',
        data: { _status: 'published', name },
        ...system,
      })
    ).id as Id

  const createPerson = async (name: string, endDate?: string) =>
    (
      await payload.create({
        collection: 'people',
        data: {
          _status: 'published',
          department: departments[0],
          name,
          positions: [
            {
              endDate,
              organization: departments[0]!,
              startDate: '2024-01-01T00:00:00.000Z',
              title: 'Giám đốc',
            },
          ],
        },
        ...system,
      })
    ).id as Id

  /** Rows of a statement run on the database directly (no transaction). */
  const sqlRows = async (query: (sql: SqlTag) => ReturnType<SqlTag>) => {
    const run = (await runnerOf(payload))!
    return run.all(query(run.sql))
  }

  /** The stored renderings, by article id. */
  const storedRenderings = async (): Promise<Map<Id, Stored>> =>
    new Map(
      (
        await sqlRows(
          (sql) => sql`SELECT article_id, body, shape, valid_until FROM article_renderings`,
        )
      ).map((row) => [
        Number(row.article_id),
        {
          body: String(row.body),
          shape: String(row.shape),
          validUntil: row.valid_until === null ? null : String(row.valid_until),
        },
      ]),
    )

  const renderedWith = async (ref: string): Promise<Id[]> =>
    (
      await sqlRows(
        (sql) =>
          sql`SELECT article_id FROM article_rendering_refs WHERE ref = ${ref} ORDER BY article_id`,
      )
    ).map((row) => Number(row.article_id))

  const publishedIds = async (): Promise<Id[]> =>
    (
      await sqlRows((sql) => sql`SELECT id FROM articles WHERE _status = 'published' ORDER BY id`)
    ).map((row) => Number(row.id))

  /** The raw answer to `GET /api/articles?<query>`. */
  const get = async (query: string, headers?: Record<string, string>) => {
    const response = await fetch(`${server.url}/api/articles?${query}`, { headers })
    return {
      // Every header but the time of the answer.
      headers: [...response.headers].filter(([name]) => name !== 'date'),
      status: response.status,
      text: await response.text(),
    }
  }

  const withDepth = (query: string) => [query, 'depth=1'].filter(Boolean).join('&')

  /**
   * The anonymous answer to `query` at depth 1 (the renderings answer it), and Payload's own: the
   * same read with `locale=vi`, the default locale, which the renderings leave to Payload.
   */
  const answers = async (query: string) => ({
    payload: await get(`${withDepth(query)}&locale=vi`),
    served: await get(withDepth(query)),
  })

  const PAGES = ['', 'limit=3&page=2', 'limit=2&page=30', 'limit=100', 'limit=1&page=4']

  const lists = (): string[] => [
    '',
    ...[...topics, ...goneTopics].map((id) => `where[topics][equals]=${id}`),
    ...departments.map((id) => `where[department][equals]=${id}`),
    `where[topics][equals]=987654`,
  ]

  /** The raw answer to a GraphQL query (anonymous). */
  const graphql = async (query: string, variables: Record<string, unknown>) => {
    const response = await fetch(`${server.url}/api/graphql`, {
      body: JSON.stringify({ query, variables }),
      headers: { 'content-type': 'application/json' },
      method: 'POST',
    })
    return { status: response.status, text: await response.text() }
  }

  /**
   * GraphQL reads of articles the renderings answer (src/plugins/renderings/graphql.ts), each with
   * `$locale` unset (the renderings answer) or the default locale (Payload answers): people with
   * their positions' organizations (records the article also populates, read again a level down),
   * fragments, aliases, type names and paging; media read through its URL (a read hook: its
   * records are loaded by Payload, the rest handed over); and rich text and a rendered field
   * (Payload answers the whole find); and plain fields and relations, which the renderings answer
   * without graphql's execution (src/lib/graphql/project.ts).
   */
  const GRAPHQL_READS = [
    `query ($where: Article_where, $limit: Int, $page: Int, $locale: LocaleInputType) {
      Articles(where: $where, limit: $limit, page: $page, locale: $locale) { docs {
        id title slug publishedAt summary _status createdAt updatedAt
        department { id name shortName }
        people { id name slug positions { title current endDate organization { id name slug } } }
        plans { id number title issuedOn department { id name } }
        organizations { id name shortName }
        topics { id name }
      } totalDocs } }`,
    `query ($where: Article_where, $limit: Int, $page: Int, $locale: LocaleInputType) {
      first: Articles(where: $where, limit: $limit, page: $page, locale: $locale) { ...Paged }
    }
    fragment Paged on Articles {
      totalDocs totalPages page limit hasNextPage hasPrevPage nextPage prevPage pagingCounter
      docs { __typename ... on Article { id slug heroImage { id url } people { ...Named } } }
    }
    fragment Named on Person { __typename id name department { id name } }`,
    `query ($where: Article_where, $limit: Int, $page: Int, $locale: LocaleInputType) {
      Articles(where: $where, limit: $limit, page: $page, locale: $locale) {
        docs { id slug body contentHtml department { id name } }
      } }`,
    // Plain fields and relations only: projected from the renderings without graphql's execution.
    `query ($where: Article_where, $limit: Int, $page: Int, $locale: LocaleInputType) {
      list: Articles(where: $where, limit: $limit, page: $page, locale: $locale) { docs {
        id title slug publishedAt summary
        department { id name shortName }
        people { id name slug positions { title organization { id name } } }
        plans { id number title issuedOn department { __typename id } }
        organizations { id name shortName }
        ...Dated
      } totalDocs hasNextPage } }
    fragment Dated on Article { createdAt updatedAt _status }`,
  ]

  /**
   * Payload's GraphQL answer with each article's related records in the order the article holds
   * them: Payload's resolvers list them in the order their loads finish, so a record another
   * field of the answer loaded first comes first (an article's organizations [5, 1] read [1, 5]
   * when 1 is also its department). The renderings keep the stored order, as REST does.
   */
  const inStoredOrder = async (answer: { status: number; text: string }) => {
    const body = JSON.parse(answer.text) as {
      data?: Record<string, null | { docs?: Record<string, unknown>[] }>
    }
    const docs = Object.values(body.data ?? {}).flatMap((list) => list?.docs ?? [])
    const ids = docs.map((doc) => doc.id).filter((id) => typeof id === 'number')
    if (ids.length === 0) {
      return answer
    }
    const stored = new Map(
      (
        JSON.parse(
          (await get(`where[id][in]=${ids.join(',')}&depth=0&limit=100&locale=vi`)).text,
        ) as { docs: Record<string, unknown>[] }
      ).docs.map((doc) => [doc.id, doc]),
    )
    for (const doc of docs) {
      for (const name of ['people', 'plans', 'organizations', 'topics']) {
        const order = stored.get(doc.id)?.[name]
        const related = doc[name]
        if (Array.isArray(order) && Array.isArray(related)) {
          related.sort(
            (a: { id: unknown }, b: { id: unknown }) => order.indexOf(a.id) - order.indexOf(b.id),
          )
        }
      }
    }
    return { ...answer, text: JSON.stringify(body) }
  }

  /** Every GraphQL read of the slugs and lists (their page and size as `pages` say). */
  const expectSameGraphql = async (step: string, pages: string[]) => {
    const paging = (page: string) =>
      Object.fromEntries([...new URLSearchParams(page)].map(([key, value]) => [key, Number(value)]))
    const asks: Record<string, unknown>[] = [
      ...[...slugs].map((slug) => ({ where: { slug: { equals: slug } } })),
      ...pages.flatMap((page) => [
        paging(page),
        ...[...topics, ...goneTopics].map((id) => ({
          ...paging(page),
          where: { topics: { equals: id } },
        })),
        ...departments.map((id) => ({ ...paging(page), where: { department: { equals: id } } })),
      ]),
    ]
    for (const query of GRAPHQL_READS) {
      for (const variables of asks) {
        const expected = await graphql(query, { ...variables, locale: 'vi' })
        const served = await graphql(query, variables)
        const label = `${step}: ${JSON.stringify(variables)} ${query.slice(0, 60)}`
        expect({ label, ...served }).toEqual({ label, ...(await inStoredOrder(expected)) })
        expect(served.status).toBe(200)
        expect(JSON.parse(served.text).errors).toBeUndefined()
      }
    }
  }

  /** Every slug, and every list on `pages`: the served answer is Payload's, byte for byte. */
  const expectSameAnswers = async (step: string, pages: string[]) => {
    const queries = [
      ...[...slugs].map((slug) => `where[slug][equals]=${encodeURIComponent(slug)}`),
      ...lists().flatMap((list) => pages.map((page) => [list, page].filter(Boolean).join('&'))),
    ]
    for (const query of queries) {
      const { payload: expected, served } = await answers(query)
      expect({ query: `${step}: ${query}`, ...served }).toEqual({
        query: `${step}: ${query}`,
        ...expected,
      })
      expect(served.status).toBe(200)
    }
    const before = { ...graphqlServed }
    await expectSameGraphql(step, pages)
    // The renderings answered GraphQL: without them this comparison would be Payload's with itself;
    // so did the records the people populated name (their positions' organizations).
    expect(graphqlServed.pages).toBeGreaterThan(before.pages)
    expect(graphqlServed.related).toBeGreaterThan(before.related)
    expect(graphqlServed.projected).toBeGreaterThan(before.projected)
    // Every slug was read: every published article's rendering is made.
    unread.clear()
  }

  /** Every published article's rendering stored again, of this server's shape (no read between). */
  const settled = async (step = '') => {
    let missing: Id[] = []
    await waitFor(
      `the renderings to be made again in the background (${step})`,
      async () => {
        const stored = await storedRenderings()
        const shape = renderingShape(payload)
        missing = (await publishedIds()).filter(
          (id) => !unread.has(id) && stored.get(id)?.shape !== shape,
        )
        return missing.length === 0
      },
      { detail: () => `not made: ${missing.join(', ')}`, timeoutMs: 10_000 },
    )
  }

  let clock = Date.UTC(2026, 0, 1)
  /** A distinct publication time per write, so that Payload's order has no ties to leave open. */
  const nextDate = () => new Date((clock += 60_000)).toISOString()

  const createArticle = async (step: number, dice: Dice, published: boolean) => {
    const doc = await payload.create({
      collection: 'articles',
      data: {
        _status: published ? 'published' : 'draft',
        department: dice.pick(departments),
        organizations: dice.some(organizations),
        people: dice.some(people),
        plans: dice.some(plans),
        publishedAt: published ? nextDate() : undefined,
        title: `Tin số ${step}`,
        topics: dice.some(topics),
      },
      ...system,
    })
    articles.add(doc.id as Id)
    slugs.add(doc.slug as string)
    return doc
  }

  /** A system write, as the board's edit would be: the hooks run whatever the access. */
  const edit = async (
    collection: 'articles' | 'organizations' | 'people' | 'plans' | 'topics',
    id: Id,
    data: Record<string, unknown>,
    draft = false,
  ): Promise<Id> => {
    await payload.update({ collection, data: data as never, draft, id, ...system })
    return id
  }

  /** Deletes one of `ids` (system work); when fewer than two are left, `another` makes one. */
  const deleteOne = async (
    collection: 'organizations' | 'people' | 'topics',
    ids: Id[],
    dice: Dice,
    another: () => Promise<Id>,
  ): Promise<Id> => {
    const id = dice.pick(ids)
    await payload.delete({ collection, id, ...system })
    ids.splice(ids.indexOf(id), 1)
    if (ids.length < 2) {
      ids.push(await another())
    }
    return id
  }

  const KINDS = [
    'create',
    'create',
    'publish',
    'unpublish',
    'retopic',
    'department',
    'deleteArticle',
    'draftOver',
    'personName',
    'personPositions',
    'personUnpublish',
    'personPublish',
    'personDelete',
    'organizationEdit',
    'organizationDelete',
    'departmentEdit',
    'planEdit',
    'topicRename',
    'topicDelete',
    'import',
  ] as const

  it('should answer every slug and public list as Payload does, after random writes to any record', async () => {
    const dice = random(23)
    const order = dice.shuffle([...KINDS])
    for (let n = 0; n < 6; n += 1) {
      await createArticle(n, dice, n % 3 !== 2)
    }
    await expectSameAnswers('start', PAGES)
    let imported = 0
    for (let step = 0; step < 36; step += 1) {
      const ids = [...articles]
      // Every kind once, in an order of the seed's; then any.
      const kind = step < order.length ? order[step]! : dice.pick(KINDS)
      const id = dice.pick(ids)
      let target: number | string = id
      switch (kind) {
        case 'create':
          target = (await createArticle(step + 10, dice, dice.int(3) > 0)).id as Id
          break
        case 'publish':
          await edit('articles', id, { _status: 'published', publishedAt: nextDate() })
          break
        case 'unpublish':
          await edit('articles', id, { _status: 'draft' })
          break
        case 'retopic':
          await edit('articles', id, { topics: dice.some(topics) })
          break
        case 'department':
          await edit('articles', id, { department: dice.pick(departments) })
          break
        case 'deleteArticle':
          await payload.delete({ collection: 'articles', id, ...system })
          articles.delete(id)
          break
        case 'draftOver':
          // A draft saved over an article: its versions change, the public answer does not.
          await edit('articles', id, { people: dice.some(people), title: `Bản nháp ${step}` }, true)
          break
        case 'personName':
          target = await edit('people', dice.pick(people), { name: `Trần Thị Bước ${step}` })
          break
        case 'personPositions': {
          const position = {
            endDate: dice.int(2) ? '2025-06-30T00:00:00.000Z' : undefined,
            organization: dice.pick(departments),
            startDate: '2023-01-01T00:00:00.000Z',
            title: `Phó Giám đốc ${step}`,
          }
          target = await edit('people', dice.pick(people), { positions: [position] })
          break
        }
        case 'personUnpublish':
        case 'personPublish': {
          const status = kind === 'personPublish' ? 'published' : 'draft'
          target = await edit('people', dice.pick(people), { _status: status })
          break
        }
        case 'personDelete':
          target = await deleteOne('people', people, dice, () => createPerson(`Lê Văn Mới ${step}`))
          break
        case 'organizationEdit':
        case 'departmentEdit': {
          const among = kind === 'departmentEdit' ? departments : organizations
          target = await edit('organizations', dice.pick(among), {
            name: `Cơ quan đổi tên ${step}`,
          })
          break
        }
        case 'organizationDelete':
          target = await deleteOne('organizations', organizations, dice, () =>
            createOrganization(`Trung tâm mới ${step}`),
          )
          break
        case 'planEdit':
          target = await edit('plans', dice.pick(plans), { title: `Kế hoạch sửa ${step}` })
          break
        case 'topicRename':
          target = await edit('topics', dice.pick(topics), { name: `Chuyên mục đổi ${step}` })
          break
        case 'topicDelete':
          target = await deleteOne('topics', topics, dice, () =>
            createTopic(`Chuyên mục mới ${step}`),
          )
          goneTopics.push(target)
          break
        case 'import': {
          // The records named by their current names: a new record under a renamed one's former
          // name collides with the slug it kept (the import then fails, see the report).
          const person = await payload.findByID({ collection: 'people', id: people[0]!, ...system })
          const { name: org } = await payload.findByID({
            collection: 'organizations',
            id: departments[1]!,
            ...system,
          })
          const files = [1, 2].map((n) => {
            imported += 1
            const slug = `bai-nhap-lo-${imported}`
            const title = articleTitle(imported, org)
            const vars = { org, person: `ông ${person.name}`, plan: '1/KH-SNV', title: 'Giám đốc' }
            const text = [slug, title, title, 'Article', ...articleParagraphs(n, vars)].join('\n\n')
            slugs.add(slug)
            return { name: `${slug}.txt`, text }
          })
          const outcomes = await importBatch({ department: departments[1], files, payload })
          expect(outcomes.filter((outcome) => outcome.status !== 'created')).toEqual([])
          for (const outcome of outcomes) {
            articles.add(outcome.id as Id)
            unread.add(outcome.id as Id)
          }
          target = outcomes.map((outcome) => outcome.id).join(',')
          break
        }
      }
      const label = `step ${step} (${kind} ${target})`
      const pages = step % 6 === 5 ? PAGES : ['', dice.pick(PAGES.slice(1))]
      if (step % 2 === 0) {
        // At once: renderings dropped by the write are made on the spot (or by the background
        // work, whichever comes first), then read again from the table.
        await expectSameAnswers(`${label} at once`, pages)
        await settled(label)
        await expectSameAnswers(`${label} stored`, pages)
      } else {
        // No read until the background work has made every dropped rendering again.
        await settled(label)
        await expectSameAnswers(`${label} after the background`, pages)
      }
    }
    // Every rendering gone at once (as before a rebuild): each read makes its own on the spot.
    await clearRenderings(payload)
    expect((await storedRenderings()).size).toBe(0)
    await expectSameAnswers('all renderings dropped', PAGES)
    expect((await storedRenderings()).size).toBe((await publishedIds()).length)
  }, 900_000)

  /** A published article naming `person`, read once anonymously so that its rendering is stored. */
  const namingArticle = async (title: string, person: Id) => {
    const doc = await payload.create({
      collection: 'articles',
      data: {
        _status: 'published',
        department: departments[0],
        people: [person],
        publishedAt: nextDate(),
        title,
      },
      ...system,
    })
    articles.add(doc.id as Id)
    slugs.add(doc.slug as string)
    return { id: doc.id as Id, slug: doc.slug as string }
  }

  it('should serve the stored rendering itself, and drop and remake those of an edited person', async () => {
    const person = await createPerson('Phạm Thị Trước')
    const first = await namingArticle('Tin nêu tên một', person)
    const second = await namingArticle('Tin nêu tên hai', person)
    await settled()
    const query = `where[slug][equals]=${first.slug}`
    const { payload: expected, served } = await answers(query)
    expect(served).toEqual(expected)
    const stored = (await storedRenderings()).get(first.id)!
    expect(stored.shape).toBe(renderingShape(payload))
    expect(JSON.parse(expected.text).docs).toEqual([JSON.parse(stored.body)])
    expect(await renderedWith(`people:${person}`)).toEqual(
      expect.arrayContaining([first.id, second.id]),
    )

    // What the table holds is what a visitor gets: a body changed there by hand is served.
    const forged = stored.body.replace('Tin nêu tên một', 'Sửa tay trong bảng')
    expect(forged).not.toBe(stored.body)
    await sqlRows(
      (sql) => sql`UPDATE article_renderings SET body = ${forged} WHERE article_id = ${first.id}`,
    )
    expect((await get(withDepth(query))).text).toContain('Sửa tay trong bảng')
    expect((await get(withDepth(query))).text).not.toContain('Tin nêu tên một')
    expect((await get(withDepth('limit=100'))).text).toContain('Sửa tay trong bảng')

    // An edit of the person drops both renderings in its transaction and has them made again.
    await payload.update({
      collection: 'people',
      data: { name: 'Phạm Thị Sau' },
      id: person,
      ...system,
    })
    const right = (await storedRenderings()).get(first.id)
    expect(right?.body ?? '').not.toContain('Sửa tay trong bảng')
    expect(right?.body ?? '').not.toContain('Phạm Thị Trước')
    const remade = await waitFor('both renderings made again with the new name', async () => {
      const now = await storedRenderings()
      const bodies = [now.get(first.id)?.body, now.get(second.id)?.body]
      return bodies.every((body) => body?.includes('Phạm Thị Sau')) ? bodies.join('\n') : null
    })
    expect(remade).not.toContain('Phạm Thị Trước')
    for (const slug of [first.slug, second.slug]) {
      const again = await answers(`where[slug][equals]=${slug}`)
      expect(again.served).toEqual(again.payload)
      expect(again.served.text).toContain('Phạm Thị Sau')
    }
  })

  it('should store nothing rendered before a write that came between, and remake a stale shape', async () => {
    const person = await createPerson('Đỗ Văn Đua')
    const article = await namingArticle('Tin chạy đua', person)
    await settled()
    const rendering = (id: Id, body: string) => ({
      body,
      id,
      refs: [`articles:${id}`, `people:${person}`],
      related: null,
      validUntil: null,
    })
    const shape = renderingShape(payload)

    // Read before a write to a record it is made of: refused, nothing stored.
    const before = await readClock(payload)
    await payload.update({
      collection: 'people',
      data: { name: 'Đỗ Văn Thắng' },
      id: person,
      ...system,
    })
    expect(await readClock(payload)).toBeGreaterThan(before)
    expect(await storeRenderings(payload, before, shape, [rendering(article.id, '{"cu":1}')])).toBe(
      false,
    )
    expect((await storedRenderings()).get(article.id)?.body).not.toBe('{"cu":1}')
    await settled()
    expect((await storedRenderings()).get(article.id)?.body).toContain('Đỗ Văn Thắng')

    // The same store with the clock as it is now goes through (the guard is the clock).
    const now = await readClock(payload)
    expect(await storeRenderings(payload, now, shape, [rendering(article.id, '{"moi":1}')])).toBe(
      true,
    )
    expect((await storedRenderings()).get(article.id)?.body).toBe('{"moi":1}')

    // A rendering of another shape (another build) is made again, not served.
    await sqlRows(
      (sql) =>
        sql`UPDATE article_renderings SET shape = 'another-build' WHERE article_id = ${article.id}`,
    )
    const query = `where[slug][equals]=${article.slug}`
    const { payload: expected, served } = await answers(query)
    expect(served).toEqual(expected)
    expect(served.text).toContain('Đỗ Văn Thắng')
    const remade = (await storedRenderings()).get(article.id)!
    expect(remade.shape).toBe(shape)
    expect(JSON.parse(expected.text).docs).toEqual([JSON.parse(remade.body)])
  })

  it('should keep no stale rendering when reads race writes to the records they are made of', async () => {
    const person = await createPerson('Ngô Văn Nhanh')
    const named = [
      await namingArticle('Tin đua một', person),
      await namingArticle('Tin đua hai', person),
    ]
    const reads = () =>
      Promise.all([
        get(withDepth('limit=100')),
        get(withDepth(`where[department][equals]=${departments[0]}&limit=100`)),
        ...named.map(({ slug }) => get(withDepth(`where[slug][equals]=${slug}`))),
      ])
    for (let round = 0; round < 8; round += 1) {
      // Writes to a record the renderings are made of, while anonymous reads render and store.
      const [, , answered] = await Promise.all([
        reads(),
        payload.update({
          collection: 'people',
          data: { name: `Ngô Văn Vòng ${round}` },
          id: person,
          ...system,
        }),
        reads(),
        round % 2
          ? payload.update({
              collection: 'organizations',
              data: { name: `Ban đua ${round}` },
              id: departments[0]!,
              ...system,
            })
          : payload.update({
              collection: 'articles',
              data: { title: `Tin đua một (${round})` },
              id: named[0]!.id,
              ...system,
            }),
      ])
      expect(answered.every(({ status }) => status === 200)).toBe(true)
    }
    // Whatever was stored on the way, what is stored now answers as Payload does.
    await settled('after the race')
    const stored = await storedRenderings()
    await expectSameAnswers('after the race', ['limit=100'])
    expect(await storedRenderings()).toEqual(stored)
    expect(stored.get(named[1]!.id)?.body).toContain('Ngô Văn Vòng 7')
  })

  it('should follow an edit and the deletion of an article’s image', async () => {
    const png = await sharp({
      create: { background: { b: 40, g: 90, r: 200 }, channels: 3, height: 30, width: 40 },
    })
      .png()
      .toBuffer()
    const image = await payload.create({
      collection: 'media',
      data: { alt: 'Ảnh trước khi sửa', department: departments[0] },
      file: { data: png, mimetype: 'image/png', name: `anh-${Date.now()}.png`, size: png.length },
      ...system,
    })
    // A published article to link to: the public sees it populated in the link.
    const linked = await payload.create({
      collection: 'articles',
      data: {
        _status: 'published',
        department: departments[0],
        publishedAt: nextDate(),
        title: 'Tin được dẫn',
      },
      ...system,
    })
    articles.add(linked.id as Id)
    slugs.add(linked.slug as string)
    const text = (words: string) => ({
      detail: 0,
      format: 0,
      mode: 'normal',
      style: '',
      text: words,
      type: 'text',
      version: 1,
    })
    const block = (type: string, children: unknown[]) => ({
      children,
      direction: 'ltr',
      format: '',
      indent: 0,
      type,
      version: 1,
    })
    const doc = await payload.create({
      collection: 'articles',
      data: {
        _status: 'published',
        // Rich text naming records: the image (an upload node) and another article (a link).
        body: {
          root: {
            ...block('root', [
              block('paragraph', [
                text('Xem thêm '),
                {
                  ...block('link', [text('bài liên quan')]),
                  fields: {
                    doc: { relationTo: 'articles', value: linked.id },
                    linkType: 'internal',
                    newTab: false,
                  },
                },
              ]),
              {
                fields: null,
                format: '',
                relationTo: 'media',
                type: 'upload',
                value: image.id,
                version: 3,
              },
            ]),
          },
        } as never,
        department: departments[0],
        heroImage: image.id,
        publishedAt: nextDate(),
        title: 'Tin có ảnh',
      },
      ...system,
    })
    articles.add(doc.id as Id)
    slugs.add(doc.slug as string)
    const query = `where[slug][equals]=${doc.slug}`
    const first = await answers(query)
    expect(first.served).toEqual(first.payload)
    expect(first.served.text).toContain('Ảnh trước khi sửa')
    expect(await renderedWith(`media:${image.id}`)).toEqual([doc.id])
    // Over GraphQL: the rich text given back as stored, then populated by GraphQL (by default and
    // by its own `depth`), and the image read through its URL (loaded by Payload).
    const read = `query ($slug: String, $locale: LocaleInputType) {
      Articles(where: { slug: { equals: $slug } }, locale: $locale) { docs {
        id body shallow: body(depth: 0) heroImage { id alt url } department { id name }
      } } }`
    const before = graphqlServed.pages
    const graphqlAnswer = await graphql(read, { slug: doc.slug })
    expect(graphqlAnswer).toEqual(await graphql(read, { locale: 'vi', slug: doc.slug }))
    expect(graphqlServed.pages).toBe(before + 1)
    const body = JSON.stringify(JSON.parse(graphqlAnswer.text).data.Articles.docs[0].body)
    expect(body).toContain('Ảnh trước khi sửa')
    expect(body).toContain(JSON.stringify(linked.title))

    await payload.update({
      collection: 'media',
      data: { alt: 'Ảnh đã sửa' },
      id: image.id,
      ...system,
    })
    await waitFor('the rendering made again with the new alt text', async () =>
      (await storedRenderings()).get(doc.id as Id)?.body.includes('Ảnh đã sửa'),
    )
    const edited = await answers(query)
    expect(edited.served).toEqual(edited.payload)

    await payload.delete({ collection: 'media', id: image.id, ...system })
    const deleted = await answers(query)
    expect(deleted.served).toEqual(deleted.payload)
    expect(JSON.parse(deleted.served.text).docs[0].heroImage).toBeNull()
  })

  it('should end a current position when its end date passes, without any write', async () => {
    const endDate = new Date(Date.now() + 2500).toISOString()
    const person = await createPerson('Vũ Thị Hết Hạn', endDate)
    const article = await namingArticle('Tin nhiệm kỳ', person)
    const query = `where[slug][equals]=${article.slug}`
    const currentOf = (text: string) => JSON.parse(text).docs[0].people[0].positions[0].current

    const { payload: expected, served } = await answers(query)
    expect(served).toEqual(expected)
    expect(currentOf(served.text)).toBe(true)
    const stored = (await storedRenderings()).get(article.id)!
    expect(new Date(stored.validUntil!).toISOString()).toBe(endDate)
    const clock = await readClock(payload)

    const ended = await waitFor(
      'the position to be served as ended',
      async () => {
        const answer = await get(withDepth(query))
        return currentOf(answer.text) === false && answer
      },
      { intervalMs: 200, timeoutMs: 15_000 },
    )
    expect(Date.now()).toBeGreaterThanOrEqual(new Date(endDate).getTime())
    expect(await readClock(payload)).toBe(clock)
    expect(ended).toEqual((await answers(query)).payload)
    expect((await storedRenderings()).get(article.id)?.validUntil ?? null).toBeNull()

    // The hourly refresh rewrites the person's summary below Payload's hooks: still exact.
    expect(await refreshPositionSummaries(payload)).toBeGreaterThan(0)
    await settled()
    const after = await answers(query)
    expect(after.served).toEqual(after.payload)
  })

  it('should leave callers with credentials to Payload, and never show an unpublished article', async () => {
    const person = await createPerson('Hoàng Văn Cửa')
    const article = await namingArticle('Tin cửa vào', person)
    const query = withDepth(`where[slug][equals]=${article.slug}`)
    await get(query)
    const stored = (await storedRenderings()).get(article.id)!
    const forged = stored.body.replace('Tin cửa vào', 'Chỉ trong bảng')
    await sqlRows(
      (sql) => sql`UPDATE article_renderings SET body = ${forged} WHERE article_id = ${article.id}`,
    )
    // Anonymous: the table's text; the board, an editor and an API key: Payload's.
    expect((await get(query)).text).toContain('Chỉ trong bảng')
    for (const actor of [world.actors.bbt, world.actors.editorBql, world.actors.clientRead]) {
      const answer = await get(query, { authorization: actor.authorization! })
      expect({ actor: actor.name, status: answer.status }).toEqual({
        actor: actor.name,
        status: 200,
      })
      expect(answer.text).toContain('Tin cửa vào')
      expect(answer.text).not.toContain('Chỉ trong bảng')
    }
    // The board's token as a cookie, and a token that does not verify: Payload answers both.
    const token = world.actors.bbt.authorization!.replace(/^JWT /, '')
    const doors: Record<string, string>[] = [
      { cookie: `payload-token=${token}` },
      { authorization: 'JWT sai' },
    ]
    for (const headers of doors) {
      const answer = await get(query, headers)
      expect(answer.text).toContain('Tin cửa vào')
      expect(answer.text).not.toContain('Chỉ trong bảng')
    }
    const listed = await get(withDepth('limit=100'), {
      authorization: world.actors.clientRead.authorization!,
    })
    expect(listed.text).not.toContain('Chỉ trong bảng')

    // A draft only the board sees: anonymous gets no article, the board gets it.
    const draft = await payload.create({
      collection: 'articles',
      data: { department: departments[0], title: 'Bản nháp riêng' },
      ...system,
    })
    const draftQuery = withDepth(`where[slug][equals]=${draft.slug}`)
    expect(JSON.parse((await get(draftQuery)).text).docs).toEqual([])
    const board = JSON.parse(
      (await get(draftQuery, { authorization: world.actors.bbt.authorization! })).text,
    )
    expect(board.docs.map((doc: { id: Id }) => doc.id)).toEqual([draft.id])
    expect((await storedRenderings()).has(draft.id as Id)).toBe(false)

    // Unpublished: gone from its slug and every list at once, its rendering dropped.
    await payload.update({
      collection: 'articles',
      data: { _status: 'draft' },
      id: article.id,
      ...system,
    })
    expect((await storedRenderings()).has(article.id)).toBe(false)
    expect(JSON.parse((await get(query)).text).docs).toEqual([])
    for (const list of ['limit=100', `where[department][equals]=${departments[0]}&limit=100`]) {
      const { payload: expected, served } = await answers(list)
      expect(served).toEqual(expected)
      expect(JSON.parse(served.text).docs.map((doc: { id: Id }) => doc.id)).not.toContain(
        article.id,
      )
    }
    expect((await storedRenderings()).has(article.id)).toBe(false)
  })

  it('should drop the renderings and references of articles no longer published, and only those', async () => {
    const draft = await payload.create({
      collection: 'articles',
      data: { department: departments[0], title: 'Bản nháp có bản dựng sót' },
      ...system,
    })
    await namingArticle('Tin có bản dựng giữ lại', await createPerson('Lê Văn Giữ'))
    await settled('before rows left over by hand')
    const published = await publishedIds()
    const before = await storedRenderings()
    const rendered = [...before.keys()].sort((a, b) => a - b)
    expect(rendered.length).toBeGreaterThan(0)
    // Left over as a restore or a direct edit of the database would leave them: a rendering of a
    // draft, one of an article that is gone, and a reference with no rendering at all.
    const gone = 2_000_000_000
    for (const id of [draft.id as Id, gone]) {
      await sqlRows(
        (sql) =>
          sql`INSERT INTO article_renderings (article_id, shape, valid_until, body) VALUES (${id}, 'sót', NULL, '{}')`,
      )
    }
    for (const id of [draft.id as Id, gone, gone - 1, rendered[0]!]) {
      await sqlRows(
        (sql) =>
          sql`INSERT INTO article_rendering_refs (ref, article_id) VALUES ('people:sót', ${id}) ON CONFLICT DO NOTHING`,
      )
    }
    expect((await storedRenderings()).has(draft.id as Id)).toBe(true)

    expect(await dropUnpublished(payload)).toBe(2)
    const after = await storedRenderings()
    expect([...after.keys()].sort((a, b) => a - b)).toEqual(rendered)
    for (const id of rendered) {
      expect(published).toContain(id)
      expect(after.get(id)).toEqual(before.get(id))
    }
    expect(await renderedWith('people:sót')).toEqual([rendered[0]])
    expect(await dropUnpublished(payload)).toBe(0)
  })
})
