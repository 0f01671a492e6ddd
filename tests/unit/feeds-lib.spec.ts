import { XMLParser } from 'fast-xml-parser'

import { buildArticlesFeed } from '../../src/lib/feeds/rss'
import {
  MAX_SITEMAP_URLS,
  pageReads,
  parseSitemapPage,
  planSitemap,
  sitemapPageName,
} from '../../src/lib/feeds/sitemapPlan'
import { apiUrl, articleUrl, recordUrl } from '../../src/lib/feeds/urls'

const parser = new XMLParser({ ignoreAttributes: false })

describe('feed and sitemap URLs', () => {
  it('should link records under the site URL by type and slug', () => {
    expect(articleUrl('https://tinh.gov.vn', 'ky-niem')).toBe(
      'https://tinh.gov.vn/articles/ky-niem',
    )
    expect(recordUrl('https://tinh.gov.vn/', 'people', 'nguyen-van-a')).toBe(
      'https://tinh.gov.vn/people/nguyen-van-a',
    )
    expect(recordUrl('https://tinh.gov.vn', 'plans', '82-kh-bqlkkt')).toBe(
      'https://tinh.gov.vn/plans/82-kh-bqlkkt',
    )
    expect(apiUrl('https://tinh.gov.vn/', '/sitemaps/articles-1.xml')).toBe(
      'https://tinh.gov.vn/api/sitemaps/articles-1.xml',
    )
  })

  it('should percent-encode a slug that is not URL-safe, composed to NFC first', () => {
    const decomposed = 'tiếng-việt'.normalize('NFD')
    expect(articleUrl('http://x', decomposed)).toBe(
      `http://x/articles/${encodeURIComponent('tiếng-việt'.normalize('NFC'))}`,
    )
  })
})

describe('sitemap plan', () => {
  it('should make one urlset while every record fits in a page', () => {
    expect(planSitemap({ articles: 2, people: 1 }, 3)).toEqual({
      kind: 'urlset',
      types: ['articles', 'people'],
    })
    expect(planSitemap({ articles: MAX_SITEMAP_URLS })).toEqual({
      kind: 'urlset',
      types: ['articles'],
    })
  })

  it('should make an index of pages per type past the page size', () => {
    expect(planSitemap({ articles: 7, organizations: 0, people: 3, plans: 1 }, 3)).toEqual({
      kind: 'index',
      pages: [
        { page: 1, type: 'articles' },
        { page: 2, type: 'articles' },
        { page: 3, type: 'articles' },
        { page: 1, type: 'people' },
        { page: 1, type: 'plans' },
      ],
    })
    const big = planSitemap({ articles: 100_000, people: 1 })
    expect(big.kind === 'index' && big.pages.map(sitemapPageName)).toEqual([
      'articles-1.xml',
      'articles-2.xml',
      'people-1.xml',
    ])
  })

  it('should parse only page names it makes', () => {
    expect(parseSitemapPage('articles-2.xml')).toEqual({ page: 2, type: 'articles' })
    expect(parseSitemapPage(sitemapPageName({ page: 12, type: 'plans' }))).toEqual({
      page: 12,
      type: 'plans',
    })
    for (const bad of ['articles-0.xml', 'users-1.xml', 'articles-1', 'articles-01.xml', '../x']) {
      expect(parseSitemapPage(bad)).toBeNull()
    }
  })

  it('should cover a page with batches of at most 5,000 records', () => {
    expect(pageReads(1, 50_000)).toEqual({
      batches: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      limit: 5_000,
      skip: 0,
      take: 50_000,
    })
    expect(pageReads(2, 50_000).batches[0]).toBe(11)
    expect(pageReads(3, 3)).toEqual({ batches: [3], limit: 3, skip: 0, take: 3 })
  })

  it('should skip into the first batch when a page starts mid-batch', () => {
    // Page 2 of 7 is records 7..13: batches of 5 → pages 2 (5..9, skip 2) and 3 (10..14).
    expect(pageReads(2, 7, 5)).toEqual({ batches: [2, 3], limit: 5, skip: 2, take: 7 })
    const covered = (page: number, size: number, max: number) => {
      const reads = pageReads(page, size, max)
      const records = reads.batches.flatMap((batch) =>
        Array.from({ length: reads.limit }, (_, i) => (batch - 1) * reads.limit + i),
      )
      return records.slice(reads.skip, reads.skip + reads.take)
    }
    for (const [page, size, max] of [
      [1, 7, 5],
      [3, 7, 5],
      [4, 49_999, 5_000],
      [2, 3, 5_000],
    ]) {
      const records = covered(page, size, max)
      expect(records[0]).toBe((page - 1) * size)
      expect(records).toHaveLength(size)
      expect(records[size - 1]).toBe(page * size - 1)
    }
  })
})

describe('articles feed', () => {
  const articles = [
    {
      author: 'Sở Nội vụ',
      publishedAt: new Date('2026-03-02T08:00:00Z'),
      slug: 'hop-bao',
      summary: 'Tóm tắt <b>có</b> & ký tự đặc biệt',
      title: 'Họp báo "quý I" & <kết quả>'.normalize('NFD'),
      topics: ['Cải cách hành chính'],
    },
    {
      publishedAt: new Date('2026-03-01T08:00:00Z'),
      slug: 'tin-cu',
      title: 'Tin cũ',
      topics: [],
    },
  ]

  it('should write RSS 2.0 items with link, guid, date, summary, topics and author', () => {
    const xml = buildArticlesFeed(articles, { siteUrl: 'https://tinh.gov.vn' }).rss2()
    const channel = parser.parse(xml).rss.channel
    expect(channel.language).toBe('vi')
    const [first, second] = channel.item
    expect(first.title).toBe('Họp báo "quý I" & <kết quả>'.normalize('NFC'))
    expect(first.link).toBe('https://tinh.gov.vn/articles/hop-bao')
    expect(first.guid['#text']).toBe('https://tinh.gov.vn/articles/hop-bao')
    expect(first.guid['@_isPermaLink']).toBe('true')
    expect(new Date(first.pubDate).toISOString()).toBe('2026-03-02T08:00:00.000Z')
    expect(first.description).toBe('Tóm tắt <b>có</b> & ký tự đặc biệt')
    expect(first.category).toBe('Cải cách hành chính')
    expect(first.author).toBe('Sở Nội vụ')
    expect(second.link).toBe('https://tinh.gov.vn/articles/tin-cu')
    expect(second.author).toBeUndefined()
  })

  it('should name what narrows it in its title and keep the query in its self link', () => {
    const feed = buildArticlesFeed([], {
      narrowedTo: ['Sở Nội vụ'],
      query: 'department=SNV',
      siteUrl: 'https://tinh.gov.vn',
    })
    const channel = parser.parse(feed.rss2()).rss.channel
    expect(channel.title).toBe('Tin bài – Sở Nội vụ')
    expect(channel['atom:link']['@_href']).toBe(
      'https://tinh.gov.vn/api/feeds/articles.xml?department=SNV',
    )
    expect(channel.item).toBeUndefined()
  })

  it('should write the same items as Atom', () => {
    const xml = buildArticlesFeed(articles, { siteUrl: 'https://tinh.gov.vn' }).atom1()
    const entries = parser.parse(xml).feed.entry
    expect(entries).toHaveLength(2)
    expect(entries[0].id).toBe('https://tinh.gov.vn/articles/hop-bao')
    expect(entries[0].link['@_href']).toBe('https://tinh.gov.vn/articles/hop-bao')
    expect(entries[0].title['#text']).toBe('Họp báo "quý I" & <kết quả>'.normalize('NFC'))
  })
})
