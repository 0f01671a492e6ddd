import type { TestServer } from '../helpers/startServer'

import { callApi } from '../helpers/answers'
import { graphql, request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { adminToken } from '../helpers/world'

/**
 * A page that is not full is answered without counting (src/database.ts, countOnlyFullPages);
 * its totals must be exactly what Payload's count gives, for lists and drafts lists, through
 * REST and GraphQL, on every kind of page.
 */
describe('paging totals', () => {
  let server: TestServer
  let token: string
  const TOPICS = 23
  const PUBLISHED = 7
  const DRAFTS = 5

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    // System setup, not a request under test: records created past access control.
    token = await adminToken(server.payload, server.url)
    for (let n = 0; n < TOPICS; n += 1) {
      await server.payload.create({
        collection: 'topics',
        data: { name: `Chủ đề ${n}` },
        // System setup, as above.
        overrideAccess: true,
      })
    }
    for (let n = 0; n < PUBLISHED + DRAFTS; n += 1) {
      await server.payload.create({
        collection: 'organizations',
        data: { _status: n < PUBLISHED ? 'published' : 'draft', name: `Phòng số ${n}` },
        // System setup, as above.
        overrideAccess: true,
      })
    }
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  /** What Payload reports for `total` matches read `limit` at a time, on `page`. */
  const expected = (total: number, limit: number, page: number, docs: number) => {
    const totalPages = total === 0 ? 1 : Math.ceil(total / limit)
    return {
      docs,
      hasNextPage: totalPages > page,
      hasPrevPage: page > 1,
      limit,
      nextPage: totalPages > page ? page + 1 : null,
      page,
      pagingCounter: total === 0 ? 1 : (page - 1) * limit + 1,
      prevPage: page > 1 ? page - 1 : null,
      totalDocs: total,
      totalPages,
    }
  }

  const totals = ({ docs, ...rest }: { docs: unknown[] }) => ({ docs: docs.length, ...rest })

  it.each([
    // [limit, page, docs on the page]
    [10, 1, 10], // a full first page of several
    [10, 2, 10], // a full middle page
    [10, 3, 3], // the last page, not full
    [10, 4, 0], // past the end
    [23, 1, 23], // one exactly full page
    [50, 1, 23], // one page, not full
    [5, 5, 3], // the last of many small pages
  ])('should report limit %i, page %i of %i topics as a count would', async (limit, page, docs) => {
    const res = await request(`${server.url}/api/topics?limit=${limit}&page=${page}`)
    expect(res.status).toBe(200)
    expect(totals(res.body)).toEqual(expected(TOPICS, limit, page, docs))
  })

  it('should report a filtered list that matches one record or none as a count would', async () => {
    const one = await request(`${server.url}/api/topics?where[name][equals]=Chủ đề 7`)
    expect(totals(one.body)).toEqual(expected(1, 10, 1, 1))
    // Payload reported `totalPages: 0, pagingCounter: 0` for no match when the filter joined a
    // table (a translated name) and 1, 1 otherwise; now always 1, 1.
    const none = await request(`${server.url}/api/topics?where[name][equals]=Không có`)
    expect(totals(none.body)).toEqual(expected(0, 10, 1, 0))
  })

  it('should count published records for the public and drafts for the board', async () => {
    const anonymous = await request(`${server.url}/api/organizations?limit=5&page=2`)
    expect(totals(anonymous.body)).toEqual(expected(PUBLISHED, 5, 2, 2))
    const board = await request(`${server.url}/api/organizations?draft=true&limit=5&page=2`, {
      token,
    })
    expect(totals(board.body)).toEqual(expected(PUBLISHED + DRAFTS, 5, 2, 5))
    const last = await request(`${server.url}/api/organizations?draft=true&limit=5&page=3`, {
      token,
    })
    expect(totals(last.body)).toEqual(expected(PUBLISHED + DRAFTS, 5, 3, 2))
    const past = await request(`${server.url}/api/organizations?draft=true&limit=5&page=9`, {
      token,
    })
    expect(totals(past.body)).toEqual(expected(PUBLISHED + DRAFTS, 5, 9, 0))
  })

  it('should report the same totals through GraphQL', async () => {
    const res = await graphql(
      server.url,
      `
        {
          Topics(limit: 10, page: 3) {
            docs {
              id
            }
            totalDocs
            totalPages
            page
            hasNextPage
            hasPrevPage
            nextPage
            prevPage
            pagingCounter
            limit
          }
        }
      `,
    )
    expect(res.body.errors).toBeUndefined()
    expect(totals(res.body.data.Topics)).toEqual(expected(TOPICS, 10, 3, 3))
  })

  // Found by fuzzing (tests/int/fuzz.int.spec.ts): the offset overflowed into a 5xx.
  it('should refuse a page past any offset with a JSON 400', async () => {
    expect((await callApi(server.url, '/api/articles?page=1e20')).status).toBe(400)
  })
})
