import type { TestServer } from '../helpers/startServer'

import { relationalQueryStats } from '../../src/compat/relationalQueries'
import { request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { createDepartment } from '../helpers/world'

/**
 * Reused relational queries (src/compat/relationalQueries.ts) as production runs them: without the
 * suite's check against drizzle (VERIFY_QUERY_TEMPLATES=0) and without the response cache, so
 * every answer below comes from a query whose SQL was kept from an earlier one with other values.
 */
describe('reused relational query SQL', () => {
  let server: TestServer
  let department: number
  const people: Record<string, number> = {}
  const environment = {
    cache: process.env.CACHE,
    renderings: process.env.RENDERINGS,
    verify: process.env.VERIFY_QUERY_TEMPLATES,
  }

  const read = async (query: string) => {
    const { body, status } = await request(`${server.url}/api/articles?${query}`)
    expect(status).toBe(200)
    return body as {
      docs: { id: number; people?: { name: string }[]; slug: string; title: string }[]
    }
  }

  // System setup and edits, not requests under test: the Local API without access control.
  const person = async (name: string) =>
    (
      await server.payload.create({
        collection: 'people',
        data: { _status: 'published', department, name },
        // System setup: the records read below are created past access control.
        overrideAccess: true,
      })
    ).id as number
  const article = (slug: string, title: string, mentioned: number[], status = 'published') =>
    server.payload.create({
      collection: 'articles',
      data: { _status: status as 'published', department, people: mentioned, slug, title },
      // System setup: the records read below are created past access control.
      overrideAccess: true,
    })

  beforeAll(async () => {
    process.env.CACHE = '0'
    // Reads through Payload's relational queries, not from the stored renderings.
    process.env.RENDERINGS = '0'
    process.env.VERIFY_QUERY_TEMPLATES = '0'
    server = await startServer({ rateLimits: false })
    department = await createDepartment(server.payload)
    people.an = await person('Nguyễn Văn An')
    people.binh = await person('Trần Thị Bình')
    people.cuong = await person('Lê Văn Cường')
    people.hidden = await person('Phạm Bản Nháp')
    await article('bai-a', 'Tin A', [people.an!])
    await article('bai-b', 'Tin B', [people.binh!, people.cuong!])
    await article('bai-c', 'Tin C', [people.cuong!, people.hidden!])
    await article('bai-nhap', 'Tin nháp', [people.an!], 'draft')
    // Unpublished after the article that names him went live (which published him with it).
    await server.payload.update({
      collection: 'people',
      data: { _status: 'draft' },
      id: people.hidden!,
      // System edit: the board's unpublish, past the workflow under test elsewhere.
      overrideAccess: true,
    })
  })

  afterAll(async () => {
    await server?.cleanup()
    process.env.CACHE = environment.cache
    process.env.RENDERINGS = environment.renderings
    process.env.VERIFY_QUERY_TEMPLATES = environment.verify
    if (environment.cache === undefined) {
      delete process.env.CACHE
    }
    if (environment.renderings === undefined) {
      delete process.env.RENDERINGS
    }
    if (environment.verify === undefined) {
      delete process.env.VERIFY_QUERY_TEMPLATES
    }
  })

  it('should answer each article by slug with its own people when the SQL is reused', async () => {
    const expected: Record<string, string[]> = {
      'bai-a': ['Nguyễn Văn An'],
      'bai-b': ['Trần Thị Bình', 'Lê Văn Cường'],
      // The unpublished person is not populated for the public: only his id stays.
      'bai-c': ['Lê Văn Cường'],
    }
    await read('where[slug][equals]=bai-a&depth=1')
    const reusedBefore = relationalQueryStats.reused
    for (const round of [1, 2]) {
      for (const [slug, names] of Object.entries(expected)) {
        const { docs } = await read(`where[slug][equals]=${slug}&depth=1`)
        expect({ round, slug: docs.map((doc) => doc.slug) }).toEqual({ round, slug: [slug] })
        const populated = docs[0]!.people!.filter((entry) => typeof entry === 'object')
        expect(populated.map((entry) => entry.name)).toEqual(names)
      }
    }
    expect(relationalQueryStats.reused).toBeGreaterThan(reusedBefore)
  })

  it('should put each value in its own place (two conditions, values swapped between articles)', async () => {
    await read('where[slug][equals]=bai-a&where[title][equals]=Tin%20A')
    expect(
      (await read('where[slug][equals]=bai-b&where[title][equals]=Tin%20B')).docs,
    ).toHaveLength(1)
    expect(
      (await read('where[slug][equals]=bai-a&where[title][equals]=Tin%20B')).docs,
    ).toHaveLength(0)
    expect(
      (await read('where[slug][equals]=bai-b&where[title][equals]=Tin%20A')).docs,
    ).toHaveLength(0)
  })

  it('should keep sort orders, limits and pages apart', async () => {
    const titles = async (query: string) =>
      (await read(`${query}&depth=0`)).docs.map((doc) => doc.title)
    for (const round of [1, 2]) {
      expect({ round, up: await titles('sort=title') }).toEqual({
        round,
        up: ['Tin A', 'Tin B', 'Tin C'],
      })
      expect({ round, down: await titles('sort=-title') }).toEqual({
        round,
        down: ['Tin C', 'Tin B', 'Tin A'],
      })
      const pages = [
        await titles('sort=title&limit=1&page=1'),
        await titles('sort=title&limit=1&page=2'),
        await titles('sort=title&limit=1&page=3'),
        await titles('sort=title&limit=2&page=2'),
      ]
      expect({ pages, round }).toEqual({
        pages: [['Tin A'], ['Tin B'], ['Tin C'], ['Tin C']],
        round,
      })
    }
  })

  it('should never show a draft through a reused query, and see a publish at once', async () => {
    expect((await read('where[slug][equals]=bai-nhap&depth=1')).docs).toHaveLength(0)
    const { docs } = await read('where[slug][in]=bai-a,bai-nhap,bai-b&sort=title&depth=0')
    expect(docs.map((doc) => doc.slug)).toEqual(['bai-a', 'bai-b'])
    const draft = (
      await server.payload.find({
        collection: 'articles',
        draft: true,
        // Verification: the draft is looked up past access control.
        overrideAccess: true,
        where: { slug: { equals: 'bai-nhap' } },
      })
    ).docs[0]!
    await server.payload.update({
      collection: 'articles',
      data: { _status: 'published' },
      id: draft.id,
      // System edit: the board's publish, past the workflow under test elsewhere.
      overrideAccess: true,
    })
    expect(
      (await read('where[slug][equals]=bai-nhap&depth=1')).docs.map((doc) => doc.title),
    ).toEqual(['Tin nháp'])
  })
})
