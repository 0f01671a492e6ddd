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
