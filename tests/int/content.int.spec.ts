import type { Doc, FuzzActor } from '../helpers/fuzzWorld'
import { fuzzWorldPerSuite } from '../helpers/fuzzWorld'
import type { RequestShape } from '../helpers/answers'
import type { TestServer } from '../helpers/startServer'
import { graphql, login, request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import type { Id } from '../../src/lib/types'
import { PASSWORD } from '../helpers/world'

const PLANS = [
  {
    number: '82/KH-BQLKKT',
    issuedOn: '2020-02-14',
    title: 'thực hiện công tác CCHC nhà nước tại BQLKKT tỉnh năm 2021',
  },
  { number: '83/KH-BQLKKT', issuedOn: '2020-12-28', title: 'hoạt động kiểm soát TTHC năm 2021' },
  {
    number: '11/KH-BQLKKT',
    issuedOn: '2021-01-25',
    title: 'rà soát, đánh giá TTHC thuộc thẩm quyền giải quyết của BQLKKT tỉnh năm 2021',
  },
  {
    number: '40/KH-BQLKKT',
    issuedOn: '2021-05-13',
    title: 'tự kiểm tra công tác kiểm soát TTHC năm 2021',
  },
  {
    number: '24/KH-BQLKKT',
    issuedOn: '2021-03-03',
    title: 'tuyên truyền công tác CCHC nhà nước năm 2021',
  },
]
const TITLE = 'Kiểm tra công tác cải cách hành chính tại Ban quản lý Khu kinh tế'
const SLUG = 'kiem-tra-cong-tac-cai-cach-hanh-chinh-tai-ban-quan-ly-khu-kinh-te'

describe('content types: the seed article as a linked graph', () => {
  let server: TestServer
  let token: string
  const ids: Record<string, Id> = {}

  beforeAll(async () => {
    server = await startServer()
    // Test setup is system work: the first admin account is created without access control.
    await server.payload.create({
      collection: 'users',
      data: { email: 'admin@test.vn', password: PASSWORD, roles: ['admin'] },
      overrideAccess: true,
    })
    token = await login(server.url, 'admin@test.vn', PASSWORD)
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  const post = async (collection: string, data: Record<string, unknown>) =>
    request(`${server.url}/api/${collection}`, { json: data, method: 'POST', token })

  it('should create the organizations through REST, with breadcrumbs from the hierarchy', async () => {
    const ubnd = await post('organizations', {
      _status: 'published',
      documentCode: 'UBND',
      kind: 'ubnd',
      name: 'Ủy ban nhân dân tỉnh',
      shortName: 'UBND',
    })
    expect(ubnd.status).toBe(201)
    ids.ubnd = ubnd.body.doc.id
    const snv = await post('organizations', {
      _status: 'published',
      documentCode: 'SNV',
      kind: 'so',
      name: 'Sở Nội vụ',
      parent: ids.ubnd,
      shortName: 'SNV',
    })
    ids.snv = snv.body.doc.id
    const bql = await post('organizations', {
      _status: 'published',
      documentCode: 'BQLKKT',
      kind: 'ban',
      name: 'Ban Quản lý Khu kinh tế tỉnh',
      parent: ids.ubnd,
      shortName: 'BQLKKT',
    })
    expect(bql.status).toBe(201)
    ids.bql = bql.body.doc.id
    expect(bql.body.doc.slug).toBe('ban-quan-ly-khu-kinh-te-tinh')
    expect(bql.body.doc.breadcrumbs.map((crumb: { label: string }) => crumb.label)).toEqual([
      'UBND',
      'BQLKKT',
    ])
  })

  it('should create people with positions through the Local API, stored NFC', async () => {
    const minh = await server.payload.create({
      collection: 'people',
      data: {
        _status: 'published',
        department: ids.bql as number,
        honorific: 'ong',
        // Typed decomposed (NFD), as some keyboards send it.
        name: 'Đoàn Văn Minh'.normalize('NFD'),
        positions: [
          { organization: ids.snv as number, title: 'Phó Giám đốc' },
          { organization: ids.snv as number, title: 'Trưởng đoàn' },
        ],
      },
      overrideAccess: true,
    })
    expect(minh.name).toBe('Đoàn Văn Minh'.normalize('NFC'))
    expect(minh.slug).toBe('doan-van-minh')
    expect(minh.positions?.every((position) => position.current)).toBe(true)
    ids.minh = minh.id
    const hai = await server.payload.create({
      collection: 'people',
      data: {
        _status: 'published',
        department: ids.bql as number,
        honorific: 'ong',
        name: 'Vũ Mạnh Hải',
        positions: [{ organization: ids.bql as number, title: 'Phó Trưởng Ban' }],
      },
      overrideAccess: true,
    })
    ids.hai = hai.id
  })

  it('should create the five plans through REST, resolving the issuer from the number', async () => {
    for (const plan of PLANS) {
      const res = await post('plans', {
        ...plan,
        _status: 'published',
        department: ids.bql,
        periodYear: 2021,
      })
      expect(res.status).toBe(201)
      expect(res.body.doc.issuer.id ?? res.body.doc.issuer).toBe(ids.bql)
      ids[plan.number] = res.body.doc.id
    }
  })

  it('should create the article with the exact Vietnamese slug and its links', async () => {
    const res = await post('articles', {
      _status: 'published',
      byline: 'BBT',
      citations: [
        { issuedOn: '2021-06-28', issuer: 'UBND tỉnh', kind: 'văn bản', number: '2158/UBND-KTTH' },
      ],
      department: ids.bql,
      organizations: [ids.snv, ids.bql],
      people: [ids.minh, ids.hai],
      placements: ['top-page', 'desktop'],
      plans: PLANS.map((plan) => ids[plan.number]),
      title: TITLE,
    })
    expect(res.status).toBe(201)
    expect(res.body.doc.slug).toBe(SLUG)
    expect(res.body.doc.publishedAt).toEqual(expect.any(String))
    ids.article = res.body.doc.id
  })

  it('should find a plan by number and the articles citing it through REST', async () => {
    const plans = await request(
      `${server.url}/api/plans?where[number][equals]=82/KH-BQLKKT&depth=0`,
    )
    expect(plans.status).toBe(200)
    expect(plans.body.docs).toHaveLength(1)
    expect(plans.body.docs[0].articles.docs).toEqual([ids.article])
    const citing = await request(
      `${server.url}/api/articles?where[plans][in]=${ids['82/KH-BQLKKT']}&depth=0`,
    )
    expect(citing.body.docs.map((doc: { id: Id }) => doc.id)).toEqual([ids.article])
  })

  it('should expose the joins on organizations and people', async () => {
    const bql = await request(`${server.url}/api/organizations/${ids.bql}?depth=0`)
    expect(bql.body.plans.docs).toHaveLength(5)
    expect(bql.body.people.docs).toEqual([ids.hai])
    expect(bql.body.departmentArticles.docs).toEqual([ids.article])
    const snv = await request(`${server.url}/api/organizations/${ids.snv}?depth=0`)
    expect(snv.body.people.docs).toEqual([ids.minh])
    expect(snv.body.articles.docs).toEqual([ids.article])
    const minh = await request(`${server.url}/api/people/${ids.minh}?depth=0`)
    expect(minh.body.articles.docs).toEqual([ids.article])
  })

  it('should read the whole graph back in one GraphQL query', async () => {
    const res = await graphql(
      server.url,
      `
        query ($slug: String) {
          Articles(where: { slug: { equals: $slug } }) {
            docs {
              title
              slug
              department {
                shortName
              }
              people {
                name
                honorific
                positions {
                  title
                  organization {
                    name
                    shortName
                  }
                }
              }
              organizations {
                name
              }
              plans {
                number
                issuedOn
                title
                issuer {
                  name
                  documentCode
                }
              }
              citations {
                kind
                number
                issuedOn
              }
            }
          }
        }
      `,
      { slug: SLUG },
    )
    expect(res.status).toBe(200)
    expect(res.body.errors).toBeUndefined()
    const [article] = res.body.data.Articles.docs
    expect(article.title).toBe(TITLE)
    expect(article.department.shortName).toBe('BQLKKT')
    expect(article.people[0]).toEqual({
      honorific: 'ong',
      name: 'Đoàn Văn Minh',
      positions: [
        { organization: { name: 'Sở Nội vụ', shortName: 'SNV' }, title: 'Phó Giám đốc' },
        { organization: { name: 'Sở Nội vụ', shortName: 'SNV' }, title: 'Trưởng đoàn' },
      ],
    })
    expect(article.plans.map((plan: { number: string }) => plan.number)).toEqual(
      PLANS.map((plan) => plan.number),
    )
    expect(article.plans[0].issuer).toEqual({
      documentCode: 'BQLKKT',
      name: 'Ban Quản lý Khu kinh tế tỉnh',
    })
    expect(article.plans[0].issuedOn.slice(0, 10)).toBe('2020-02-14')
    expect(article.citations[0]).toMatchObject({ kind: 'văn bản', number: '2158/UBND-KTTH' })
  })

  describe('bad input answers 400 naming the field and writes nothing', () => {
    const count = async (collection: 'articles' | 'people' | 'plans') =>
      (await server.payload.count({ collection, overrideAccess: true })).totalDocs

    it('should refuse a duplicate plan number', async () => {
      const before = await count('plans')
      const res = await post('plans', { ...PLANS[0], department: ids.bql })
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body.errors)).toContain('number')
      expect(await count('plans')).toBe(before)
    })

    it('should refuse a slug collision', async () => {
      const before = await count('articles')
      const res = await post('articles', {
        department: ids.bql,
        slug: SLUG,
        title: 'Another title',
      })
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body.errors)).toContain('slug')
      expect(await count('articles')).toBe(before)
    })

    it('should refuse a relation to a missing record', async () => {
      const before = await count('articles')
      const missing = typeof ids.bql === 'number' ? 999999 : '000000000000000000000000'
      const res = await post('articles', {
        department: ids.bql,
        people: [missing],
        title: 'Missing person',
      })
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body.errors)).toContain('people')
      expect(await count('articles')).toBe(before)
    })

    it('should refuse a position without an organization', async () => {
      const before = await count('people')
      const res = await post('people', {
        department: ids.bql,
        name: 'Trần Thị Lan',
        positions: [{ title: 'Chánh Văn phòng' }],
      })
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body.errors)).toContain('positions')
      expect(JSON.stringify(res.body.errors)).toContain('organization')
      expect(await count('people')).toBe(before)
    })

    it('should refuse an upload of a disallowed type', async () => {
      const form = new FormData()
      form.append(
        'file',
        new Blob(['<html><script>alert(1)</script></html>'], { type: 'text/html' }),
        'x.html',
      )
      form.append('_payload', JSON.stringify({ alt: 'x' }))
      const res = await request(`${server.url}/api/media`, { body: form, method: 'POST', token })
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toEqual(expect.any(String))
      expect(
        (await server.payload.count({ collection: 'media', overrideAccess: true })).totalDocs,
      ).toBe(0)
    })
  })
})

// Regressions the fuzz suite (fuzz.int.spec.ts) found, in the world it runs against (tests/helpers/fuzzWorld.ts): each was a 5xx, a hang or a leak before its fix.
describe('content: bodies and edits the fuzzer found refused or broken', () => {
  const suite = fuzzWorldPerSuite()

  it.each<[string, FuzzActor, string, RequestShape, number]>([
    [
      'an unreadable date in a draft',
      'editor',
      '/api/articles?draft=true',
      { body: { publishedAt: '%', title: 'Tin' }, method: 'POST' },
      400,
    ],
    [
      'an unreadable updatedAt',
      'editor',
      '/api/articles',
      { body: { title: 'Tin', updatedAt: 'x' }, method: 'POST' },
      400,
    ],
    [
      'an object for a select',
      'editor',
      '/api/people',
      { body: { honorific: { a: 1 }, name: 'Người thử' }, method: 'POST' },
      400,
    ],
    [
      'an object for a textarea',
      'editor',
      '/api/articles',
      { body: { summary: { a: { a: 1 } }, title: 'Tin' }, method: 'POST' },
      400,
    ],
    [
      'an object for a relationship in a draft',
      'editor',
      '/api/plans?draft=true',
      {
        body: { issuedOn: '2024-03-01', number: '9/KH-R', supersedes: {}, title: 'Kế hoạch' },
        method: 'POST',
      },
      400,
    ],
    [
      'an option that does not exist in a draft',
      'editor',
      '/api/plans?draft=true',
      {
        body: { issuedOn: '2024-03-01', number: '8/KH-R', status: 'junk', title: 'Kế hoạch' },
        method: 'POST',
      },
      400,
    ],
    [
      'a null _status',
      'editor',
      '/api/articles',
      { body: { _status: null, title: 'Tin' }, method: 'POST' },
      400,
    ],
    [
      'a list for a document',
      'editor',
      '/api/people?draft=true',
      { body: [], method: 'POST' },
      400,
    ],
    [
      'a null group',
      'editor',
      '/api/people?draft=true',
      { body: { contact: null, name: 'Người thử' }, method: 'POST' },
      400,
    ],
    [
      'null rows',
      'editor',
      '/api/people',
      { body: { name: 'Người thử', positions: null }, method: 'POST' },
      400,
    ],
    [
      'a list for a polymorphic relationship',
      'editor',
      '/api/payload-locked-documents?draft=true',
      { body: { user: [null] }, method: 'POST' },
      400,
    ],
    [
      'a body that is not JSON',
      'editor',
      '/api/articles',
      { body: '{"title":"Tin"}', contentType: 'text/plain', method: 'POST' },
      415,
    ],
    [
      'an unreadable multipart body',
      'anonymous',
      '/api/users',
      { body: '{"a":1}', contentType: 'multipart/form-data; boundary=x', method: 'POST' },
      400,
    ],
    [
      'JSON nested 5000 levels',
      'anonymous',
      '/api/articles',
      { body: `${'['.repeat(5000)}${']'.repeat(5000)}`, method: 'POST' },
      400,
    ],
    [
      'a write in every locale at once',
      'editor',
      '/api/people/PERSON?locale=all&draft=true',
      {
        body: {
          name: 'Trần Thị Thử',
          positions: [{ organization: 'BQL', title: 'Phó Giám đốc' }],
        },
        method: 'PATCH',
      },
      400,
    ],
  ])('should refuse %s with a 4xx, not a 5xx', async (_name, actor, path, shape, status) => {
    // The sandbox person and department A exist only once the world is built.
    const resolved = path.replace('PERSON', String(suite.fuzz.ids.people.sandbox))
    const body = JSON.parse(
      JSON.stringify(shape.body ?? null).replace('"BQL"', String(suite.fuzz.world.orgs.bql)),
    ) as unknown
    const before = await suite.fuzz.snapshot()
    const sent = await suite.fuzz.call(actor, resolved, {
      ...shape,
      body: typeof shape.body === 'string' ? shape.body : body,
    })
    expect(sent.status).toBe(status)
    // System verification: the refused write changed nothing.
    expect(await suite.fuzz.snapshot()).toEqual(before)
  })

  it('should keep an article editable after a caller writes its linking state', async () => {
    const path = `/api/articles/${suite.fuzz.ids.articles.sandbox}?depth=0`
    const written = await suite.fuzz.call('editor', path, {
      body: { mentions: [] },
      method: 'PATCH',
    })
    expect(written.status).toBe(200)
    // A list stored here failed every later save that changed the text (linkMentions read it).
    const edited = await suite.fuzz.call('editor', path, {
      body: { title: 'Tin hộp cát mới' },
      method: 'PATCH',
    })
    expect(edited.status).toBe(200)
  })

  // summarizePositions reads organization names in Vietnamese with the save's `req`: Payload
  // wrote that locale onto the request, and the English bio was stored as the Vietnamese one.
  it('should keep the Vietnamese bio when a person with positions is edited in English', async () => {
    const path = `/api/people/${suite.fuzz.ids.people.sandbox}?depth=0`
    await suite.fuzz.call('editor', `${path}&locale=vi`, {
      body: { bio: 'Tiểu sử' },
      method: 'PATCH',
    })
    const english = await suite.fuzz.call('editor', `${path}&locale=en`, {
      body: {
        bio: 'Biography',
        positions: [{ organization: suite.fuzz.world.orgs.bql, title: 'Phó Giám đốc' }],
      },
      method: 'PATCH',
    })
    expect(english.status).toBe(200)
    // System verification: what each locale holds.
    const stored = (await suite.server.payload.findByID({
      collection: 'people',
      depth: 0,
      draft: true,
      id: suite.fuzz.ids.people.sandbox,
      locale: 'all',
      overrideAccess: true,
    })) as Doc
    expect(stored.bio).toEqual({ en: 'Biography', vi: 'Tiểu sử' })
  })

  it('should keep a connection usable after refusing an upload it did not read', async () => {
    const refused = await suite.fuzz.call('editor', '/api/articles', {
      body: 'x'.repeat(300_000),
      contentType: 'multipart/form-data',
      method: 'POST',
    })
    expect(refused.status).toBe(400)
    // Before the fix the rest of that body was read as the next request, which hung.
    expect((await suite.fuzz.call('editor', '/api/topics')).status).toBe(200)
  })
})
