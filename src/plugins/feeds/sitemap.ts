import type { Endpoint, Payload } from 'payload'

import type { PageReads, SitemapPage } from '../../lib/feeds/sitemapPlan'
import type { SitemapType } from '../../lib/feeds/urls'

import { Readable } from 'node:stream'
import { SitemapIndexStream, SitemapStream } from 'sitemap'

import {
  pageReads,
  parseSitemapPage,
  planSitemap,
  sitemapPageName,
} from '../../lib/feeds/sitemapPlan'
import { apiUrl, recordUrl } from '../../lib/feeds/urls'
import { jsonError, xmlResponse } from './respond'

type Entry = { lastmod: string; url: string }

const CONTENT_TYPE = 'application/xml; charset=utf-8'

/** Published records of each type: no user and overrideAccess false, so read access decides. */
const countAll = async (
  payload: Payload,
  types: SitemapType[],
): Promise<Partial<Record<SitemapType, number>>> => {
  const counts: Partial<Record<SitemapType, number>> = {}
  for (const type of types) {
    counts[type] = (await payload.count({ collection: type, overrideAccess: false })).totalDocs
  }
  return counts
}

/**
 * The URLs of `pages` of one type, read a batch at a time (slug and updatedAt only, depth 0), so
 * 100k records never sit in memory together.
 */
async function* entriesOf(
  payload: Payload,
  siteUrl: string,
  type: SitemapType,
  reads: PageReads,
): AsyncGenerator<Entry> {
  let skip = reads.skip
  let left = reads.take
  for (const page of reads.batches) {
    const { docs } = await payload.find({
      collection: type,
      depth: 0,
      limit: reads.limit,
      overrideAccess: false,
      page,
      pagination: false,
      select: { slug: true, updatedAt: true },
      sort: 'id',
    })
    for (const doc of docs as { id: number | string; slug?: null | string; updatedAt: string }[]) {
      if (skip > 0) {
        skip -= 1
        continue
      }
      if (left === 0) {
        return
      }
      left -= 1
      yield { lastmod: doc.updatedAt, url: recordUrl(siteUrl, type, doc.slug || String(doc.id)) }
    }
    if (docs.length < reads.limit) {
      return
    }
  }
}

/**
 * A web stream of what `source` writes through `transform`, pulled as the client reads, so a
 * slow client slows the database reads instead of filling memory.
 */
const streamed = (
  source: AsyncIterable<unknown>,
  transform: NodeJS.ReadWriteStream & AsyncIterable<Buffer | string>,
): ReadableStream<Uint8Array> => {
  Readable.from(source).pipe(transform)
  const iterator = transform[Symbol.asyncIterator]()
  const encoder = new TextEncoder()
  return new ReadableStream<Uint8Array>({
    cancel: async () => {
      await iterator.return?.()
    },
    pull: async (controller) => {
      const { done, value } = await iterator.next()
      if (done) {
        controller.close()
        return
      }
      controller.enqueue(typeof value === 'string' ? encoder.encode(value) : new Uint8Array(value))
    },
  })
}

const urlset = (source: AsyncIterable<Entry>) =>
  streamed(
    source,
    new SitemapStream({ xmlns: { image: false, news: false, video: false, xhtml: false } }),
  )

type SitemapEndpointArgs = {
  batchSize: number
  pageSize: number
  siteUrl: string
  types: SitemapType[]
}

/**
 * `GET /api/sitemap.xml`: one urlset of every published article, person, organization and plan
 * while they fit in `pageSize` URLs, else an index of `GET /api/sitemaps/<type>-<n>.xml` pages.
 */
export const sitemapEndpoints = ({
  batchSize,
  pageSize,
  siteUrl,
  types,
}: SitemapEndpointArgs): Endpoint[] => [
  {
    handler: async (req) => {
      const plan = planSitemap(await countAll(req.payload, types), pageSize)
      if (plan.kind === 'urlset') {
        const all = async function* () {
          for (const type of plan.types) {
            yield* entriesOf(req.payload, siteUrl, type, pageReads(1, pageSize, batchSize))
          }
        }
        return xmlResponse(urlset(all()), CONTENT_TYPE)
      }
      const index = async function* () {
        for (const page of plan.pages) {
          yield { url: apiUrl(siteUrl, `sitemaps/${sitemapPageName(page)}`) }
        }
      }
      return xmlResponse(streamed(index(), new SitemapIndexStream()), CONTENT_TYPE)
    },
    method: 'get',
    path: '/sitemap.xml',
  },
  {
    handler: async (req) => {
      const name = String(req.routeParams?.file ?? '')
      const page: null | SitemapPage = parseSitemapPage(name)
      if (!page || !types.includes(page.type)) {
        return jsonError(404, `No sitemap page "${name.slice(0, 100)}".`)
      }
      const plan = planSitemap(await countAll(req.payload, [page.type]), pageSize)
      const exists =
        plan.kind === 'index'
          ? plan.pages.some((listed) => listed.page === page.page)
          : page.page === 1
      if (!exists) {
        return jsonError(404, `No sitemap page "${name}".`)
      }
      return xmlResponse(
        urlset(
          entriesOf(req.payload, siteUrl, page.type, pageReads(page.page, pageSize, batchSize)),
        ),
        CONTENT_TYPE,
      )
    },
    method: 'get',
    path: '/sitemaps/:file',
  },
]
