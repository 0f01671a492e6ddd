import type { TestServer } from '../helpers/startServer'

import sharp from 'sharp'

import { renderCounts } from '../../src/fields/rendered'
import { graphql, request } from '../helpers/http'
import { startServer } from '../helpers/startServer'

// Setup is system work (overrideAccess: true); the reads under test go over HTTP as the public.

const SITE = 'https://cong.example.gov.vn'

const text = (value: string) => ({
  type: 'text',
  detail: 0,
  format: 0,
  mode: 'normal',
  style: '',
  text: value,
  version: 1,
})
const block = { direction: 'ltr', format: '', indent: 0, version: 1 }
const paragraph = (...children: unknown[]) => ({
  ...block,
  type: 'paragraph',
  children,
  textFormat: 0,
  textStyle: '',
})
const link = (url: string, label: string) => ({
  ...block,
  type: 'link',
  children: [text(label)],
  fields: { linkType: 'custom', newTab: false, url },
  id: `link-${label.length}`,
  version: 3,
})
const cell = (value: string, headerState: number) => ({
  ...block,
  type: 'tablecell',
  backgroundColor: null,
  children: [paragraph(text(value))],
  colSpan: 1,
  headerState,
  rowSpan: 1,
})

/** A body as editors write one: heading, links, a list, a table and an image, plus hostile parts. */
const bodyWith = (mediaId: number | string) => ({
  root: {
    ...block,
    type: 'root',
    children: [
      { ...block, type: 'heading', children: [text('Kết quả kiểm tra')], tag: 'h2' },
      paragraph(
        text('Xem '),
        link('https://vanban.example.gov.vn/82-kh', 'Kế hoạch 82'),
        text(' và '),
        link('javascript:alert(1)', 'bấm vào đây'),
        text(' <script>alert("x")</script><img src=x onerror=alert(2)>'),
      ),
      {
        ...block,
        type: 'list',
        children: [
          { ...block, type: 'listitem', children: [text('Cải cách thể chế')], value: 1 },
          { ...block, type: 'listitem', children: [text('Cải cách TTHC')], value: 2 },
        ],
        listType: 'bullet',
        start: 1,
        tag: 'ul',
      },
      {
        ...block,
        type: 'table',
        children: [
          { ...block, type: 'tablerow', children: [cell('Nội dung', 1), cell('Kết quả', 1)] },
          { ...block, type: 'tablerow', children: [cell('TTHC', 0), cell('Đạt', 0)] },
        ],
      },
      {
        type: 'upload',
        fields: null,
        format: '',
        id: 'upload-1',
        relationTo: 'media',
        value: mediaId,
        version: 3,
      },
      { type: 'html', html: '<iframe src="https://evil.example"></iframe>', version: 1 },
    ],
  },
})

describe('articles: contentHtml and jsonLd', () => {
  let server: TestServer
  let previousSite: string | undefined
  const ids: Record<string, number | string> = {}
  const slug = 'kiem-tra-cai-cach-hanh-chinh'

  beforeAll(async () => {
    previousSite = process.env.SITE_URL
    process.env.SITE_URL = SITE
    server = await startServer({ rateLimits: false })
    const { payload } = server
    const org = await payload.create({
      collection: 'organizations',
      data: { _status: 'published', name: 'Ban Quản lý Khu kinh tế tỉnh', shortName: 'BQLKKT' },
      overrideAccess: true,
    })
    ids.org = org.id
    const person = await payload.create({
      collection: 'people',
      data: {
        _status: 'published',
        department: org.id,
        name: 'Nguyễn Văn Kiểm',
        positions: [{ organization: org.id, title: 'Trưởng ban' }],
      },
      overrideAccess: true,
    })
    ids.person = person.id
    const plan = await payload.create({
      collection: 'plans',
      data: {
        _status: 'published',
        department: org.id,
        issuedOn: '2020-02-14',
        issuer: org.id,
        number: '82/KH-BQLKKT',
        title: 'thực hiện công tác CCHC năm 2021',
      },
      overrideAccess: true,
    })
    ids.plan = plan.id
    const png = await sharp({
      create: { background: '#b22222', channels: 3, height: 800, width: 1200 },
    })
      .png()
      .toBuffer()
    const media = await payload.create({
      collection: 'media',
      data: { alt: 'Đoàn kiểm tra làm việc tại Ban' },
      file: { data: png, mimetype: 'image/png', name: 'kiem-tra.png', size: png.length },
      overrideAccess: true,
    })
    ids.media = media.id
    const article = await payload.create({
      collection: 'articles',
      data: {
        _status: 'published',
        body: bodyWith(media.id) as never,
        department: org.id,
        people: [person.id],
        plans: [plan.id],
        slug,
        summary: 'Đoàn kiểm tra công tác cải cách hành chính.',
        title: 'Kiểm tra cải cách hành chính',
      },
      overrideAccess: true,
    })
    ids.article = article.id
  })

  afterAll(async () => {
    if (ids.media) {
      await server.payload.delete({ collection: 'media', id: ids.media, overrideAccess: true })
    }
    await server?.cleanup()
    if (previousSite === undefined) {
      delete process.env.SITE_URL
    } else {
      process.env.SITE_URL = previousSite
    }
  })

  const expectRenderedBody = (html: string) => {
    expect(html).toContain('<h2>Kết quả kiểm tra</h2>')
    expect(html).toContain('href="https://vanban.example.gov.vn/82-kh"')
    expect(html).toMatch(/<ul[^>]*>\s*<li[^>]*>Cải cách thể chế<\/li>/)
    expect(html).toMatch(/<table[^>]*>[\s\S]*<th[^>]*>[\s\S]*Nội dung[\s\S]*<td[^>]*>[\s\S]*Đạt/)
    const img = /<img [^>]*>/.exec(html)?.[0] ?? ''
    expect(img).toContain('alt="Đoàn kiểm tra làm việc tại Ban"')
    expect(img).toMatch(/width="768"/)
    expect(img).toMatch(/height="512"/)
    expect(img).toMatch(/src="[^"]*kiem-tra[^"]*\.webp"/)
    // Nothing that runs survives: no script, handler, javascript: link or raw HTML node.
    expect(html).not.toMatch(/<script|<iframe|<[^>]*\son\w+\s*=|javascript:|unknown node/i)
    expect(html).toContain('&lt;script&gt;')
    expect(html).toContain('bấm vào đây')
  }

  const expectNewsArticle = (ld: Record<string, any>) => {
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Kiểm tra cải cách hành chính',
      publisher: {
        '@type': 'GovernmentOrganization',
        alternateName: 'BQLKKT',
        name: 'Ban Quản lý Khu kinh tế tỉnh',
      },
      url: `${SITE}/articles/${slug}`,
    })
    expect(Date.parse(ld.datePublished)).not.toBeNaN()
    expect(ld.mentions).toEqual([
      expect.objectContaining({
        '@type': 'Person',
        jobTitle: 'Trưởng ban',
        name: 'Nguyễn Văn Kiểm',
        worksFor: [expect.objectContaining({ '@type': 'GovernmentOrganization' })],
      }),
    ])
    expect(ld.citation).toEqual([
      expect.objectContaining({
        '@type': 'CreativeWork',
        dateCreated: '2020-02-14',
        identifier: '82/KH-BQLKKT',
        name: expect.stringContaining('thực hiện công tác CCHC năm 2021'),
      }),
    ])
  }

  it('should render the body as sanitized HTML with sized images, over REST', async () => {
    const res = await request(`${server.url}/api/articles/${ids.article}`)
    expect(res.status).toBe(200)
    expectRenderedBody(res.body.contentHtml)
  })

  it('should describe the article as a schema.org NewsArticle, over REST', async () => {
    const res = await request(`${server.url}/api/articles/${ids.article}?depth=0`)
    expect(res.status).toBe(200)
    expectNewsArticle(res.body.jsonLd)
  })

  it('should render both over GraphQL when the query selects them', async () => {
    const res = await graphql(
      server.url,
      `{ Article(id: ${JSON.stringify(ids.article)}) { title contentHtml jsonLd } }`,
    )
    expect(res.body.errors).toBeUndefined()
    expectRenderedBody(res.body.data.Article.contentHtml)
    expectNewsArticle(res.body.data.Article.jsonLd)
  })

  it('should render them in a list only when the list selects them', async () => {
    const before = { ...renderCounts }
    const plain = await request(`${server.url}/api/articles?depth=0`)
    expect(plain.status).toBe(200)
    expect(plain.body.docs).toHaveLength(1)
    expect(plain.body.docs[0]).not.toHaveProperty('contentHtml')
    expect(plain.body.docs[0]).not.toHaveProperty('jsonLd')
    const gql = await graphql(server.url, '{ Articles { docs { id title slug } } }')
    expect(gql.body.data.Articles.docs).toHaveLength(1)
    expect(renderCounts).toEqual(before)

    const selected = await request(
      `${server.url}/api/articles?select[contentHtml]=true&select[jsonLd]=true`,
    )
    expect(selected.status).toBe(200)
    expectRenderedBody(selected.body.docs[0].contentHtml)
    expectNewsArticle(selected.body.docs[0].jsonLd)
    const gqlSelected = await graphql(server.url, '{ Articles { docs { contentHtml } } }')
    expectRenderedBody(gqlSelected.body.data.Articles.docs[0].contentHtml)
    expect(renderCounts['articles.contentHtml']).toBe((before['articles.contentHtml'] ?? 0) + 2)
    expect(renderCounts['articles.jsonLd']).toBe((before['articles.jsonLd'] ?? 0) + 1)
  })

  it('should describe people and organizations as schema.org Person and GovernmentOrganization', async () => {
    const person = await request(`${server.url}/api/people/${ids.person}?depth=0`)
    expect(person.body.jsonLd).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Person',
      jobTitle: 'Trưởng ban',
      name: 'Nguyễn Văn Kiểm',
      worksFor: [{ '@type': 'GovernmentOrganization', name: 'Ban Quản lý Khu kinh tế tỉnh' }],
    })
    const gql = await graphql(
      server.url,
      `{ Organization(id: ${JSON.stringify(ids.org)}) { jsonLd } People { docs { name } } }`,
    )
    expect(gql.body.data.Organization.jsonLd).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'GovernmentOrganization',
      alternateName: 'BQLKKT',
      name: 'Ban Quản lý Khu kinh tế tỉnh',
    })
    const list = await request(`${server.url}/api/organizations?depth=0`)
    expect(list.body.docs[0]).not.toHaveProperty('jsonLd')
    // The organization's own read renders its data, not that of the articles joined into it.
    const before = { ...renderCounts }
    const org = await request(`${server.url}/api/organizations/${ids.org}?depth=1`)
    expect(org.body.jsonLd['@type']).toBe('GovernmentOrganization')
    expect(org.body.departmentArticles.docs[0]).toMatchObject({ id: ids.article })
    expect(org.body.departmentArticles.docs[0]).not.toHaveProperty('contentHtml')
    expect(renderCounts['articles.contentHtml']).toBe(before['articles.contentHtml'])
  })

  it('should answer a query on a rendered field with a 4xx, not a 5xx', async () => {
    const res = await request(`${server.url}/api/articles?where[contentHtml][like]=script`)
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    expect(res.body.errors[0].message).toEqual(expect.any(String))
  })
})
