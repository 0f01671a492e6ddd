import type { Payload } from 'payload'

import type { IntContext } from '../helpers/initPayloadInt'
import { initPayloadInt, testDatabase } from '../helpers/initPayloadInt'

// Statements are counted at the SQL client (SQLite's libsql client, PostgreSQL's pool).
const onSql = testDatabase() === 'mongodb' ? describe.skip : describe

type Counted = { count: number }

/** Counts every statement the adapter sends outside a transaction, from now on. */
const countStatements = (payload: Payload): Counted => {
  const counted = { count: 0 }
  const db = payload.db as unknown as { client?: object; name: string; pool?: object }
  const target = (db.name === 'sqlite' ? db.client : db.pool) as Record<string, unknown>
  for (const method of ['execute', 'query']) {
    const original = target[method]
    if (typeof original === 'function') {
      target[method] = (...args: unknown[]) => {
        counted.count += 1
        return (original as (...a: unknown[]) => unknown).apply(target, args)
      }
    }
  }
  return counted
}

/**
 * Reads of articles at depth 1 populate their links with one query per linked collection
 * (Payload's dataloader batches a request's relationship loads by collection), whatever the
 * number of links or of articles on the page; a public list page adds only the read model's page
 * and total (src/plugins/listings).
 */
onSql('statements per article read', () => {
  let ctx: IntContext
  let counted: Counted
  let slug: string
  let topic: number

  beforeAll(async () => {
    ctx = await initPayloadInt()
    const { payload } = ctx
    // System setup: fixtures are created past access control.
    const system = { overrideAccess: true } as const
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
    const people = [] as number[]
    for (const name of ['Nguyễn Văn An', 'Trần Thị Bình']) {
      const person = await payload.create({
        collection: 'people',
        data: { _status: 'published', department, name },
        ...system,
      })
      people.push(person.id as number)
    }
    const plan = await payload.create({
      collection: 'plans',
      data: {
        _status: 'published',
        department,
        issuedOn: '2026-01-05',
        issuer: department,
        number: '12/KH-SNV',
        title: 'Kế hoạch cải cách hành chính',
      },
      ...system,
    })
    const topics = [] as number[]
    for (const name of ['Thời sự', 'Cải cách hành chính']) {
      topics.push(
        (await payload.create({ collection: 'topics', data: { name }, ...system })).id as number,
      )
    }
    topic = topics[0]!
    for (let n = 0; n < 25; n += 1) {
      const article = await payload.create({
        collection: 'articles',
        data: {
          _status: 'published',
          department,
          organizations: [department, other],
          people,
          plans: [plan.id as number],
          title: `Tin cải cách hành chính số ${n}`,
          topics,
        },
        ...system,
      })
      slug = article.slug as string
    }
    counted = countStatements(payload)
  })

  afterAll(async () => {
    await ctx?.cleanup()
  })

  // The article, then organizations (its department and those it mentions), people, plans, topics.
  const ONE_ARTICLE = 1 + 4

  it('should read one article at depth 1 in one query per linked collection', async () => {
    const read = () =>
      ctx.payload.find({
        collection: 'articles',
        depth: 1,
        overrideAccess: false,
        user: null,
        where: { slug: { equals: slug } },
      })
    await read()
    counted.count = 0
    const { docs } = await read()
    expect(docs).toHaveLength(1)
    expect(docs[0]!.people).toHaveLength(2)
    expect(typeof docs[0]!.department).toBe('object')
    expect(counted.count).toBe(ONE_ARTICLE)
  })

  it('should read a page of 20 articles at depth 1 in as many queries, plus the read model', async () => {
    const page = () =>
      ctx.payload.find({
        collection: 'articles',
        depth: 1,
        limit: 20,
        overrideAccess: false,
        user: null,
        where: { topics: { equals: topic } },
      })
    await page()
    counted.count = 0
    const { docs, totalDocs } = await page()
    expect(docs).toHaveLength(20)
    expect(totalDocs).toBe(25)
    // The read model's page of ids and its total, then the articles and their links.
    expect(counted.count).toBe(2 + ONE_ARTICLE)
  })
})
