import type { Endpoint, PayloadRequest, Where } from 'payload'

import type { FeedArticle } from '../../lib/feeds/rss'
import type { Article, Organization, Topic } from '../../payload-types'

import { buildArticlesFeed, FEED_LIMIT } from '../../lib/feeds/rss'
import { slugs } from '../../slugs'
import { jsonError, xmlResponse } from './respond'

type Narrowing = { names: string[]; where: Where[] }

/** A parameter's value; an empty one (`?topic=`, as a blank form sends) narrows nothing. */
const single = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim().normalize('NFC') : undefined

/** A parameter given twice, or in bracket form, narrows nothing sensible: refused. */
const badParam = (req: PayloadRequest): null | Response => {
  for (const name of ['topic', 'department']) {
    const value = req.query[name]
    if (value !== undefined && typeof value !== 'string') {
      return jsonError(400, `"${name}" takes one value.`)
    }
  }
  return null
}

/**
 * Resolves `?topic=<slug>` and `?department=<shortName>` to conditions on articles; a value that
 * names nothing published is a 404, so a typo is not mistaken for a quiet feed.
 */
const narrowing = async (req: PayloadRequest): Promise<Narrowing | Response> => {
  const names: string[] = []
  const where: Where[] = []
  const topic = single(req.query.topic)
  if (topic !== undefined) {
    // Anonymous reads (no user, access applies): what the public may see decides.
    const found = await req.payload.find({
      collection: slugs.topics,
      depth: 0,
      limit: 1,
      overrideAccess: false,
      pagination: false,
      select: { name: true },
      where: { slug: { equals: topic } },
    })
    const doc = found.docs[0] as Pick<Topic, 'id' | 'name'> | undefined
    if (!doc) {
      return jsonError(404, `No topic with slug "${topic.slice(0, 100)}".`)
    }
    names.push(doc.name)
    where.push({ topics: { in: [doc.id] } })
  }
  const department = single(req.query.department)
  if (department !== undefined) {
    const found = await req.payload.find({
      collection: slugs.organizations,
      depth: 0,
      limit: 1,
      overrideAccess: false,
      pagination: false,
      select: { name: true },
      where: { shortName: { equals: department } },
    })
    const doc = found.docs[0] as Pick<Organization, 'id' | 'name'> | undefined
    if (!doc) {
      return jsonError(404, `No department with short name "${department.slice(0, 100)}".`)
    }
    names.push(doc.name)
    where.push({ department: { equals: doc.id } })
  }
  return { names, where }
}

const nameOf = (value: unknown): string | undefined =>
  value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string'
    ? (value as { name: string }).name
    : undefined

const toFeedArticle = (doc: Article): FeedArticle => ({
  author: doc.byline || nameOf(doc.department),
  publishedAt: new Date(doc.publishedAt ?? doc.updatedAt),
  slug: doc.slug ?? String(doc.id),
  summary: doc.summary,
  title: doc.title,
  topics: (doc.topics ?? []).map(nameOf).filter((name): name is string => Boolean(name)),
})

const articlesFeed =
  (format: 'atom' | 'rss', siteUrl: string): Endpoint['handler'] =>
  async (req) => {
    const refused = badParam(req)
    if (refused) {
      return refused
    }
    const narrowed = await narrowing(req)
    if (narrowed instanceof Response) {
      return narrowed
    }
    // No user and overrideAccess false: the collection's read access shows published articles only.
    const found = await req.payload.find({
      collection: slugs.articles,
      depth: 1,
      limit: FEED_LIMIT,
      overrideAccess: false,
      pagination: false,
      populate: {
        [slugs.organizations]: { name: true },
        [slugs.topics]: { name: true },
      },
      select: {
        byline: true,
        department: true,
        publishedAt: true,
        slug: true,
        summary: true,
        title: true,
        topics: true,
        updatedAt: true,
      },
      sort: ['-publishedAt', '-id'],
      where: narrowed.where.length ? { and: narrowed.where } : undefined,
    })
    const query = new URL(req.url ?? 'http://localhost').searchParams
    const kept = new URLSearchParams()
    for (const name of ['topic', 'department']) {
      const value = single(query.get(name))
      if (value) {
        kept.set(name, value)
      }
    }
    const feed = buildArticlesFeed((found.docs as Article[]).map(toFeedArticle), {
      narrowedTo: narrowed.names,
      query: kept.toString(),
      siteUrl,
    })
    return format === 'rss'
      ? xmlResponse(feed.rss2(), 'application/rss+xml; charset=utf-8')
      : xmlResponse(feed.atom1(), 'application/atom+xml; charset=utf-8')
  }

/** `GET /api/feeds/articles.xml` (RSS 2.0) and `GET /api/feeds/articles.atom` (Atom 1.0). */
export const articlesFeedEndpoints = (siteUrl: string): Endpoint[] => [
  { handler: articlesFeed('rss', siteUrl), method: 'get', path: '/feeds/articles.xml' },
  { handler: articlesFeed('atom', siteUrl), method: 'get', path: '/feeds/articles.atom' },
]
