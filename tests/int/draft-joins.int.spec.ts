import { fuzzWorldPerSuite, idOf, sameId } from '../helpers/fuzzWorld'
import { topDocs } from '../helpers/answers'
import { slugs } from '../../src/slugs'
import type { TestServer } from '../helpers/startServer'

import { request } from '../helpers/http'
import { startServer } from '../helpers/startServer'

/**
 * A drafts list (`?draft=true`) must apply each join field's access rules like a plain read:
 * an anonymous caller sees published records only, never the ids of drafts through an
 * organization's people, plans or articles. Found by property-based fuzzing.
 */
describe('join fields in a drafts list', () => {
  let server: TestServer
  let organization: number | string
  const drafts: Record<string, number | string> = {}

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    // System setup, not a request under test: the Local API without access control.
    organization = (
      await server.payload.create({
        collection: 'organizations',
        data: { _status: 'published', name: 'Sở Tài nguyên và Môi trường', shortName: 'STNMT' },
        // System setup: the records under test are created past access control.
        overrideAccess: true,
      })
    ).id
    drafts.person = (
      await server.payload.create({
        collection: 'people',
        data: {
          _status: 'draft',
          department: organization as number,
          name: 'Lê Thị Hoa',
          positions: [{ organization: organization as number, title: 'Phó Giám đốc' }],
        },
        // System setup: the records under test are created past access control.
        overrideAccess: true,
      })
    ).id
    drafts.plan = (
      await server.payload.create({
        collection: 'plans',
        data: {
          _status: 'draft',
          department: organization as number,
          issuedOn: '2026-03-02',
          issuer: organization as number,
          number: '45/KH-STNMT',
          title: 'Kế hoạch bảo vệ môi trường năm 2026',
        },
        // System setup: the records under test are created past access control.
        overrideAccess: true,
      })
    ).id
    drafts.article = (
      await server.payload.create({
        collection: 'articles',
        data: {
          _status: 'draft',
          department: organization as number,
          title: 'Bản nháp chưa duyệt',
        },
        // System setup: the records under test are created past access control.
        overrideAccess: true,
      })
    ).id
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  const joinedIds = (doc: Record<string, any>): string[] =>
    ['people', 'plans', 'articles', 'departmentArticles'].flatMap((join) =>
      ((doc[join]?.docs ?? []) as unknown[]).map((item) =>
        String(typeof item === 'object' && item ? (item as { id: unknown }).id : item),
      ),
    )

  it.each(['', '&draft=true'])(
    'should list no draft in the joins of an anonymous read%s',
    async (draft) => {
      const res = await request(`${server.url}/api/organizations?depth=0${draft}`)
      expect(res.status).toBe(200)
      const doc = res.body.docs.find(
        (item: { id: unknown }) => String(item.id) === String(organization),
      )
      expect(doc).toBeDefined()
      const ids = joinedIds(doc)
      for (const id of Object.values(drafts)) {
        expect(ids).not.toContain(String(id))
      }
    },
  )
})

// Regressions the fuzz suite (fuzz.int.spec.ts) found, in the world it runs against (tests/helpers/fuzzWorld.ts): each was a 5xx, a hang or a leak before its fix.
describe('join fields in a drafts list: regressions found by fuzzing', () => {
  const suite = fuzzWorldPerSuite()

  it("should list no draft's id in an organization's joins for draft=true", async () => {
    const sent = await suite.fuzz.call(
      'anonymous',
      '/api/organizations?draft=true&depth=0&limit=100',
    )
    expect(sent.status).toBe(200)
    suite.fuzz.assertNoLeak(sent, '/api/organizations?draft=true', 'anonymous', slugs.organizations)
    const bql = topDocs(sent.json).find((doc) => sameId(doc.id, suite.fuzz.world.orgs.bql))!
    expect(bql.departmentArticles.docs.map(idOf)).toContain(suite.fuzz.ids.articles.bqlPublished)
  })
})
