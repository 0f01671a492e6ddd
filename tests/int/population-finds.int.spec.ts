import type { Payload } from 'payload'

import type { TestServer } from '../helpers/startServer'

import { stockFindOf } from '../../src/compat/populationFinds'
import { graphql, login, request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { PASSWORD } from '../helpers/world'

/**
 * Population finds (src/compat/populationFinds.ts) answer as Payload's own: every read below is
 * made with the patch, then again with Payload's `find` put back, and the two answers must be the
 * same bytes. The fixtures make the skipped work visible if it mattered: people linked in an order
 * that is neither their ids' nor a sort's, plans whose default sort (`-issuedOn`) is the reverse
 * of their ids, a draft among the linked records, and reads that ask for a reverse join back
 * (`populate`), which must keep it.
 */
// With COMPAT=0 there is no patch to compare with Payload's own find.
const describeWithPatch = process.env.COMPAT === '0' ? describe.skip : describe

describeWithPatch('population finds', () => {
  let server: TestServer
  let payload: Payload
  let token: string
  let slug: string
  const orgs: number[] = []
  const environment = { cache: process.env.CACHE }

  // System setup: the records read below are created past access control.
  const system = { overrideAccess: true } as const

  /** The answer of `read` with the patch, and with Payload's own find. */
  const both = async <T>(read: () => Promise<T>): Promise<{ patched: T; stock: T }> => {
    const patchedFind = payload.find
    const stock = stockFindOf(payload)
    expect(stock).not.toBeNull()
    const patched = await read()
    payload.find = stock!
    try {
      return { patched, stock: await read() }
    } finally {
      payload.find = patchedFind
    }
  }

  beforeAll(async () => {
    process.env.CACHE = '0'
    server = await startServer({ rateLimits: false })
    payload = server.payload
    const org = async (name: string) =>
      (
        await payload.create({
          collection: 'organizations',
          data: { _status: 'published', name },
          ...system,
        })
      ).id as number
    const department = await org('Sở Nội vụ')
    const other = await org('Sở Tài chính')
    orgs.push(other, department)
    const person = async (name: string, status: 'draft' | 'published' = 'published') =>
      (
        await payload.create({
          collection: 'people',
          data: { _status: status, department, name },
          ...system,
        })
      ).id as number
    const an = await person('Nguyễn Văn An')
    const binh = await person('Trần Thị Bình')
    const cuong = await person('Lê Văn Cường')
    const plan = async (number: string, issuedOn: string) =>
      (
        await payload.create({
          collection: 'plans',
          data: {
            _status: 'published',
            department,
            issuedOn,
            issuer: department,
            number,
            title: `Kế hoạch ${number}`,
          },
          ...system,
        })
      ).id as number
    // Ids in one order, issue dates (the default sort) in the other.
    const early = await plan('1/KH-SNV', '2026-01-05')
    const late = await plan('2/KH-SNV', '2026-03-05')
    const topics: number[] = []
    for (const name of ['Thời sự', 'Cải cách hành chính']) {
      topics.push(
        (await payload.create({ collection: 'topics', data: { name }, ...system })).id as number,
      )
    }
    for (let n = 0; n < 3; n += 1) {
      const article = await payload.create({
        collection: 'articles',
        data: {
          _status: 'published',
          department,
          organizations: [other, department],
          people: [cuong, an, binh],
          plans: [early, late],
          title: `Tin cải cách hành chính số ${n}`,
          topics: [...topics].reverse(),
        },
        ...system,
      })
      slug = article.slug as string
    }
    // Unpublished after the articles that name him went live: anonymous readers get his id only.
    await payload.update({ collection: 'people', data: { _status: 'draft' }, id: binh, ...system })
    await payload.create({
      collection: 'users',
      data: { email: 'bbt@test.vn', password: PASSWORD, roles: ['bbt'] },
      ...system,
    })
    token = await login(server.url, 'bbt@test.vn', PASSWORD)
  })

  afterAll(async () => {
    await server?.cleanup()
    process.env.CACHE = environment.cache
    if (environment.cache === undefined) {
      delete process.env.CACHE
    }
  })

  const rest = (query: string, withToken?: string) => async () => {
    const response = await fetch(`${server.url}/api/${query}`, {
      headers: withToken ? { authorization: `JWT ${withToken}` } : {},
    })
    expect(response.status).toBe(200)
    return response.text()
  }

  it.each([
    ['an article by slug at depth 1', () => `articles?where[slug][equals]=${slug}&depth=1`],
    ['a topic list at depth 1', () => 'articles?limit=20&depth=1'],
    ['an article at depth 2', () => `articles?where[slug][equals]=${slug}&depth=2`],
    [
      'an article whose organizations bring a reverse join back',
      () =>
        `articles?where[slug][equals]=${slug}&depth=1&populate[organizations][departmentArticles]=true`,
    ],
  ])('should answer %s over REST as Payload does, anonymous and signed in', async (_, query) => {
    for (const withToken of [undefined, token]) {
      const { patched, stock } = await both(rest(query(), withToken))
      expect(patched).toBe(stock)
    }
  })

  it('should keep a reverse join that populate asks for, and the linked order', async () => {
    const { body } = await request(
      `${server.url}/api/articles?where[slug][equals]=${slug}&depth=1&populate[organizations][departmentArticles]=true`,
    )
    const article = body.docs[0]
    // Linked order kept; the department's own articles (a reverse join) come back as asked.
    expect(article.organizations.map((org: { id: number }) => org.id)).toEqual(orgs)
    expect(article.organizations[1].departmentArticles.docs).toHaveLength(3)
    expect(article.organizations[0].departmentArticles.docs).toHaveLength(0)
    // The draft (Bình) appears as its id only to anonymous readers.
    expect(article.people.map((person: number | { name: string }) => typeof person)).toEqual([
      'object',
      'object',
      'number',
    ])
    expect(article.plans.map((plan: { number: string }) => plan.number)).toEqual([
      '1/KH-SNV',
      '2/KH-SNV',
    ])
  })

  it('should answer the GraphQL article as Payload does', async () => {
    const query = `query ($slug: String) { Articles(where: { slug: { equals: $slug } }) { docs {
      id title slug
      department { id name }
      people { id name positions { title organization { id name } } }
      plans { id number issuedOn }
      organizations { id name }
      topics { id name }
    } totalDocs } }`
    for (const withToken of [undefined, token]) {
      const { patched, stock } = await both(async () => {
        const { body, status } = await graphql(server.url, query, { slug }, withToken)
        expect(status).toBe(200)
        return JSON.stringify(body)
      })
      expect(patched).toBe(stock)
      expect(JSON.parse(patched).errors).toBeUndefined()
    }
  })

  it('should answer the Local API acting for a person as Payload does', async () => {
    const user = (await payload.find({ collection: 'users', ...system })).docs[0]!
    for (const actor of [null, { ...user, collection: 'users' as const }]) {
      const { patched, stock } = await both(async () =>
        JSON.stringify(
          await payload.find({
            collection: 'articles',
            depth: 1,
            overrideAccess: false,
            user: actor,
            where: { slug: { equals: slug } },
          }),
        ),
      )
      expect(patched).toBe(stock)
    }
  })
})
