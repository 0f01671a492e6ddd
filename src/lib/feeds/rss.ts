import { Feed } from 'feed'

import { apiUrl, articleUrl } from './urls'

/** Items in a feed: readers poll for what is new, not for the archive. */
export const FEED_LIMIT = 50

export type FeedArticle = {
  /** Who wrote it: the byline, else the owning department's name. */
  author?: null | string
  publishedAt: Date
  slug: string
  summary?: null | string
  title: string
  /** Topic names, the item's categories. */
  topics: string[]
}

export type ArticlesFeedOptions = {
  /** What narrows the feed, shown in its title (a topic's or a department's name). */
  narrowedTo?: string[]
  /** The request's query string, kept in the feed's self links. */
  query?: string
  siteUrl: string
}

const nfc = (text: string): string => text.normalize('NFC')

/**
 * The feed of `articles` (newest first, as given). The library escapes the text; everything is
 * NFC so that composed and decomposed Vietnamese compare and display alike in readers.
 */
export const buildArticlesFeed = (
  articles: FeedArticle[],
  { narrowedTo = [], query = '', siteUrl }: ArticlesFeedOptions,
): Feed => {
  const suffix = query ? `?${query}` : ''
  const title = ['Tin bài', ...narrowedTo].map(nfc).join(' – ')
  const feed = new Feed({
    description: nfc(`Tin bài mới nhất: ${title}`),
    feedLinks: {
      atom: apiUrl(siteUrl, `feeds/articles.atom${suffix}`),
      rss: apiUrl(siteUrl, `feeds/articles.xml${suffix}`),
    },
    generator: 'Cổng thông tin CMS',
    id: siteUrl,
    language: 'vi',
    link: siteUrl,
    title,
    updated: articles[0]?.publishedAt,
  })
  for (const article of articles) {
    const link = articleUrl(siteUrl, article.slug)
    feed.addItem({
      author: article.author ? [{ name: nfc(article.author) }] : undefined,
      category: article.topics.map((name) => ({ name: nfc(name), term: nfc(name) })),
      date: article.publishedAt,
      description: article.summary ? nfc(article.summary) : undefined,
      link,
      published: article.publishedAt,
      title: nfc(article.title),
    })
  }
  return feed
}
