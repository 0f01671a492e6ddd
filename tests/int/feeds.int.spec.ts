import { XMLParser } from 'fast-xml-parser'

import type { TestServer } from '../helpers/startServer'

import { request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { adminToken } from '../helpers/world'

const SITE = 'https://cong.tinh.example.vn'

// Repeated elements are arrays whatever their count, so a one-item feed reads like a long one.
const parser = new XMLParser({
  ignoreAttributes: false,
  isArray: (name) => ['item', 'category', 'url', 'sitemap', 'entry'].includes(name),
  parseTagValue: false,
})

type Fetched = { body: string; headers: Headers; status: number }

const get = async (url: string): Promise<Fetched> => {
  const response = await fetch(url)
  return { body: await response.text(), headers: response.headers, status: response.status }
}

type RssItem = {
  author?: string
  category?: string[]
  description?: string
  guid: { '#text': string; '@_isPermaLink': string }
  link: string
  pubDate: string
  title: string
}

const rssItems = (xml: string): RssItem[] => parser.parse(xml).rss.channel.item ?? []

const urls = (xml: string): { lastmod: string; loc: string }[] => parser.parse(xml).urlset.url ?? []

/** Test fixtures are system setup: created and changed past access control. */
const setUp = (server: TestServer) => {
  const payload = server.payload
  const org = async (name: string, shortName: string) =>
    (
      await payload.create({
        collection: 'organizations',
        data: { _status: 'published', name, shortName },
        overrideAccess: true,
      })
    ).id as number
  const topic = async (name: string, slug: string) =>
    (await payload.create({ collection: 'topics', data: { name, slug }, overrideAccess: true }))
      .id as number
  const article = async (data: Record<string, unknown>) =>
    payload.create({
      collection: 'articles',
      data: { _status: 'published', ...data } as never,
      overrideAccess: true,
    })
  return { article, org, topic }
}

describe('articles feed and sitemap (SITE_URL set)', () => {
  let server: TestServer
  let token: string
  const previousSite = process.env.SITE_URL
  const ids: Record<string, number> = {}

  beforeAll(async () => {
    process.env.SITE_URL = `${SITE}/`
    server = await startServer({
      feeds: { sitemapBatchSize: 2, sitemapPageSize: 3 },
      rateLimits: false,
    })
    token = await adminToken(server.payload, server.url)
    const { article, org, topic } = setUp(server)
    const snv = await org('Sở Nội vụ', 'SNV')
    const bql = await org('Ban Quản lý Khu kinh tế tỉnh', 'BQLKKT')
    const reform = await topic('Cải cách hành chính', 'cai-cach-hanh-chinh')
    const economy = await topic('Kinh tế', 'kinh-te')
    // Decomposed (NFD) on purpose: the feed must give composed Vietnamese back.
    ids.oldest = (
      await article({
        department: snv,
        publishedAt: '2026-01-05T02:00:00.000Z',
        slug: 'tong-ket-cong-tac-nam',
        summary: 'Sở Nội vụ tổng kết công tác năm 2025 & triển khai nhiệm vụ.'.normalize('NFD'),
        title: 'Tổng kết công tác năm 2025 của Sở Nội vụ'.normalize('NFD'),
        topics: [reform],
      })
    ).id as number
    ids.middle = (
      await article({
        byline: 'BBT',
        department: bql,
        publishedAt: '2026-02-10T02:00:00.000Z',
        slug: 'thu-hut-dau-tu',
        summary: 'Khu kinh tế thu hút 12 dự án <mới>.',
        title: 'Khu kinh tế thu hút đầu tư quý I',
        topics: [economy],
      })
    ).id as number
    ids.newest = (
      await article({
        department: snv,
        publishedAt: '2026-03-15T02:00:00.000Z',
        slug: 'cai-cach-thu-tuc',
        title: 'Đẩy mạnh cải cách thủ tục hành chính, kinh tế số',
        topics: [reform, economy],
      })
    ).id as number
    ids.draft = (
      await article({
        _status: 'draft',
        department: snv,
        slug: 'ban-nhap-chua-duyet',
        title: 'Bản nháp chưa duyệt',
        topics: [reform],
      })
    ).id as number
    await server.payload.create({
      collection: 'people',
      data: { _status: 'published', department: snv, name: 'Nguyễn Văn An' } as never,
      overrideAccess: true,
    })
    await server.payload.create({
      collection: 'people',
      data: { _status: 'draft', department: snv, name: 'Trần Thị Nháp' } as never,
      overrideAccess: true,
    })
  })

  afterAll(async () => {
    await server?.cleanup()
    if (previousSite === undefined) {
      delete process.env.SITE_URL
    } else {
      process.env.SITE_URL = previousSite
    }
  })

  it('should list published articles newest first as RSS 2.0 linked under SITE_URL', async () => {
    const feed = await get(`${server.url}/api/feeds/articles.xml`)
    expect(feed.status).toBe(200)
    expect(feed.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8')
    expect(feed.headers.get('cache-control')).toBe('public, max-age=30, stale-while-revalidate=60')
    const channel = parser.parse(feed.body).rss
    expect(channel['@_version']).toBe('2.0')
    const items = rssItems(feed.body)
    expect(items.map((item) => item.link)).toEqual([
      `${SITE}/articles/cai-cach-thu-tuc`,
      `${SITE}/articles/thu-hut-dau-tu`,
      `${SITE}/articles/tong-ket-cong-tac-nam`,
    ])
    const [newest, middle, oldest] = items
    expect(newest.guid['#text']).toBe(newest.link)
    expect(newest.category).toEqual(['Cải cách hành chính', 'Kinh tế'])
    expect(newest.author).toBe('Sở Nội vụ')
    expect(middle.author).toBe('BBT')
    expect(middle.description).toBe('Khu kinh tế thu hút 12 dự án <mới>.')
    expect(new Date(middle.pubDate).toISOString()).toBe('2026-02-10T02:00:00.000Z')
    // Composed again (NFC), whatever form the editor's input came in.
    expect(oldest.title).toBe('Tổng kết công tác năm 2025 của Sở Nội vụ'.normalize('NFC'))
    expect(oldest.title).not.toBe(oldest.title.normalize('NFD'))
    expect(oldest.description).toBe('Sở Nội vụ tổng kết công tác năm 2025 & triển khai nhiệm vụ.')
  })

  it('should leave drafts out of the feed, for signed-in callers too', async () => {
    const anonymous = await get(`${server.url}/api/feeds/articles.xml`)
    expect(anonymous.body).not.toContain('ban-nhap-chua-duyet')
    const signedIn = await fetch(`${server.url}/api/feeds/articles.xml`, {
      headers: { authorization: `JWT ${token}` },
    })
    expect(await signedIn.text()).not.toContain('ban-nhap-chua-duyet')
  })

  it('should keep the published title while a newer draft of the article waits', async () => {
    const saved = await request(`${server.url}/api/articles/${ids.middle}?draft=true`, {
      json: { title: 'Tiêu đề nháp chưa duyệt' },
      method: 'PATCH',
      token,
    })
    expect(saved.status).toBe(200)
    const feed = await get(`${server.url}/api/feeds/articles.xml`)
    expect(feed.body).not.toContain('Tiêu đề nháp chưa duyệt')
    expect(rssItems(feed.body)[1].title).toBe('Khu kinh tế thu hút đầu tư quý I')
  })

  it('should narrow the feed by topic and by department', async () => {
    const reform = rssItems(
      (await get(`${server.url}/api/feeds/articles.xml?topic=cai-cach-hanh-chinh`)).body,
    )
    expect(reform.map((item) => item.link)).toEqual([
      `${SITE}/articles/cai-cach-thu-tuc`,
      `${SITE}/articles/tong-ket-cong-tac-nam`,
    ])
    const bql = rssItems((await get(`${server.url}/api/feeds/articles.xml?department=BQLKKT`)).body)
    expect(bql.map((item) => item.link)).toEqual([`${SITE}/articles/thu-hut-dau-tu`])
    const both = await get(`${server.url}/api/feeds/articles.xml?topic=kinh-te&department=SNV`)
    expect(rssItems(both.body).map((item) => item.link)).toEqual([
      `${SITE}/articles/cai-cach-thu-tuc`,
    ])
    expect(parser.parse(both.body).rss.channel.title).toBe('Tin bài – Kinh tế – Sở Nội vụ')
  })

  it('should refuse an unknown (404) or repeated (400) topic or department, and ignore a blank one', async () => {
    for (const query of ['topic=khong-co', 'department=KHONGCO', 'topic=kinh-te&department=X']) {
      const answer = await request(`${server.url}/api/feeds/articles.xml?${query}`)
      expect(answer.status).toBe(404)
      expect(answer.headers.get('content-type')).toContain('application/json')
      expect(answer.body.errors[0].message).toMatch(/^No (topic|department)/)
    }
    const blank = await get(`${server.url}/api/feeds/articles.xml?topic=&department=`)
    expect(blank.status).toBe(200)
    expect(rssItems(blank.body)).toHaveLength(3)
    const twice = await request(`${server.url}/api/feeds/articles.xml?topic=a&topic=b`)
    expect(twice.status).toBe(400)
    expect(twice.body.errors[0].message).toBe('"topic" takes one value.')
  })

  it('should serve the same articles as Atom', async () => {
    const atom = await get(`${server.url}/api/feeds/articles.atom`)
    expect(atom.status).toBe(200)
    expect(atom.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8')
    const entries = parser.parse(atom.body).feed.entry
    expect(entries.map((entry: { id: string }) => entry.id)).toEqual([
      `${SITE}/articles/cai-cach-thu-tuc`,
      `${SITE}/articles/thu-hut-dau-tu`,
      `${SITE}/articles/tong-ket-cong-tac-nam`,
    ])
  })

  it('should drop an unpublished article from the next feed read, past the cache', async () => {
    const { article } = setUp(server)
    const doc = await article({
      department: (await server.payload.find({ collection: 'organizations', limit: 1 })).docs[0].id,
      publishedAt: '2026-04-01T02:00:00.000Z',
      slug: 'se-go-xuong',
      title: 'Tin sẽ gỡ xuống',
    })
    const url = `${server.url}/api/feeds/articles.xml`
    expect(rssItems((await get(url)).body)[0].link).toBe(`${SITE}/articles/se-go-xuong`)
    const cached = await get(url)
    expect(cached.headers.get('x-cache')).toBe('HIT')
    expect(rssItems(cached.body)[0].link).toBe(`${SITE}/articles/se-go-xuong`)
    const unpublish = await request(`${server.url}/api/articles/${doc.id}`, {
      json: { _status: 'draft' },
      method: 'PATCH',
      token,
    })
    expect(unpublish.status).toBe(200)
    const after = await get(url)
    expect(after.headers.get('x-cache')).toBeNull()
    expect(after.body).not.toContain('se-go-xuong')
    expect(rssItems(after.body)).toHaveLength(3)
    const sitemap = await get(`${server.url}/api/sitemaps/articles-1.xml`)
    expect(sitemap.body).not.toContain('se-go-xuong')
  })

  it('should index sitemap pages of at most the page size past it, with lastmod', async () => {
    const index = await get(`${server.url}/api/sitemap.xml`)
    expect(index.status).toBe(200)
    expect(index.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    expect(index.headers.get('cache-control')).toBe('public, max-age=30, stale-while-revalidate=60')
    const pages = parser
      .parse(index.body)
      .sitemapindex.sitemap.map((page: { loc: string }) => page.loc)
    // 3 published articles, 1 published person, 2 organizations: 6 URLs past the page size of 3.
    expect(pages).toEqual([
      `${SITE}/api/sitemaps/articles-1.xml`,
      `${SITE}/api/sitemaps/people-1.xml`,
      `${SITE}/api/sitemaps/organizations-1.xml`,
    ])
    const articles = urls((await get(`${server.url}/api/sitemaps/articles-1.xml`)).body)
    expect(articles.map((url) => url.loc).sort()).toEqual([
      `${SITE}/articles/cai-cach-thu-tuc`,
      `${SITE}/articles/thu-hut-dau-tu`,
      `${SITE}/articles/tong-ket-cong-tac-nam`,
    ])
    const stored = await server.payload.findByID({
      collection: 'articles',
      id: ids.middle,
      overrideAccess: true,
    })
    const middle = articles.find((url) => url.loc.endsWith('/thu-hut-dau-tu'))!
    expect(new Date(middle.lastmod).toISOString()).toBe(new Date(stored.updatedAt).toISOString())
    const people = urls((await get(`${server.url}/api/sitemaps/people-1.xml`)).body)
    expect(people).toHaveLength(1)
    expect(people[0].loc).toMatch(new RegExp(`^${SITE}/people/nguyen-van-an`))
    expect(Number.isNaN(Date.parse(people[0].lastmod))).toBe(false)
  })

  // Reads of 2 records under pages of 3: page 2 starts mid-read, the paging the 5,000 reads use.
  it('should split a type over several pages and keep every record once', async () => {
    const { article } = setUp(server)
    const department = (await server.payload.find({ collection: 'organizations', limit: 1 }))
      .docs[0].id
    const made = []
    for (let i = 1; i <= 4; i += 1) {
      made.push((await article({ department, slug: `trang-${i}`, title: `Tin trang ${i}` })).id)
    }
    const index = await get(`${server.url}/api/sitemap.xml`)
    const pages = parser
      .parse(index.body)
      .sitemapindex.sitemap.map((page: { loc: string }) => page.loc)
    expect(pages.filter((loc: string) => loc.includes('/articles-'))).toEqual([
      `${SITE}/api/sitemaps/articles-1.xml`,
      `${SITE}/api/sitemaps/articles-2.xml`,
      `${SITE}/api/sitemaps/articles-3.xml`,
    ])
    const listed: string[] = []
    for (const page of [1, 2, 3]) {
      const entries = urls((await get(`${server.url}/api/sitemaps/articles-${page}.xml`)).body)
      expect(entries.length).toBeLessThanOrEqual(3)
      listed.push(...entries.map((url) => url.loc))
    }
    expect(listed).toHaveLength(7)
    expect(new Set(listed).size).toBe(7)
    expect(listed.some((loc) => loc.includes('ban-nhap'))).toBe(false)
    const beyond = await request(`${server.url}/api/sitemaps/articles-4.xml`)
    expect(beyond.status).toBe(404)
    expect(beyond.body.errors[0].message).toContain('articles-4.xml')
    const unknown = await request(`${server.url}/api/sitemaps/users-1.xml`)
    expect(unknown.status).toBe(404)
    for (const id of made) {
      await server.payload.delete({ collection: 'articles', id, overrideAccess: true })
    }
  })
})

describe('sitemap within one file (SITE_URL unset)', () => {
  let server: TestServer
  const previous = { SERVER_URL: process.env.SERVER_URL, SITE_URL: process.env.SITE_URL }

  beforeAll(async () => {
    delete process.env.SITE_URL
    process.env.SERVER_URL = 'http://cms.example.vn'
    server = await startServer({ rateLimits: false })
    const { article, org } = setUp(server)
    const snv = await org('Sở Nội vụ', 'SNV')
    await article({ department: snv, slug: 'mot', title: 'Một' })
    await article({ _status: 'draft', department: snv, slug: 'nhap', title: 'Nháp' })
  })

  afterAll(async () => {
    await server?.cleanup()
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) {
        delete process.env[name]
      } else {
        process.env[name] = value
      }
    }
  })

  it('should be one urlset of published records linked under SERVER_URL', async () => {
    const sitemap = await get(`${server.url}/api/sitemap.xml`)
    expect(sitemap.status).toBe(200)
    const parsed = parser.parse(sitemap.body)
    expect(parsed.sitemapindex).toBeUndefined()
    expect(parsed.urlset['@_xmlns']).toBe('http://www.sitemaps.org/schemas/sitemap/0.9')
    expect(urls(sitemap.body).map((url) => url.loc)).toEqual([
      'http://cms.example.vn/articles/mot',
      expect.stringMatching(/^http:\/\/cms\.example\.vn\/organizations\/so-noi-vu/),
    ])
  })
})
