import type { ChildProcessWithoutNullStreams } from 'node:child_process'

import { spawn } from 'node:child_process'

import { generate } from '../../bench/corpus'
import type { IntContext } from '../helpers/initPayloadInt'
import { initPayloadInt } from '../helpers/initPayloadInt'

/**
 * The bench's corpus generator and bare-driver baseline on the test database (SQLite, or PostgreSQL
 * with TEST_DATABASE=postgres): the corpus must be one Payload reads and writes as its own, and the
 * baseline must answer with the same records the portal does, or the benchmark compares nothing.
 */
const SIZE = { articles: 60, organizations: 30, people: 40, plans: 20 }

type Doc = Record<string, unknown> & { id: number }
type Page = { docs: Doc[]; totalDocs: number }

describe('bench corpus and baseline', () => {
  let ctx: IntContext
  let made: Awaited<ReturnType<typeof generate>>
  let baseline: ChildProcessWithoutNullStreams | undefined

  beforeAll(async () => {
    ctx = await initPayloadInt()
    made = await generate(ctx.payload, SIZE)
  }, 120_000)

  afterAll(async () => {
    if (baseline && baseline.exitCode === null) {
      const exited = new Promise((resolve) => baseline!.once('exit', resolve))
      // Its own process group: the launcher and the baseline under it end together.
      process.kill(-baseline.pid!, 'SIGTERM')
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
      try {
        process.kill(-baseline.pid!, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
    await ctx?.cleanup()
  })

  const startBaseline = () =>
    new Promise<string>((resolve, reject) => {
      baseline = spawn(process.execPath, ['scripts/launch.mjs', 'bench/baseline.ts'], {
        detached: true,
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          PORT: '0',
          BENCH_EDITOR_DEPARTMENT: String(made.editorDepartment),
          ...(ctx.databaseUri.startsWith('file:')
            ? { BENCH_DB: ctx.databaseUri.slice('file:'.length) }
            : { BENCH_DATABASE_URI: ctx.databaseUri }),
        },
      })
      let out = ''
      baseline.stdout.on('data', (chunk: Buffer) => {
        out += chunk
        const ready = /READY (\d+)/.exec(out)
        if (ready) {
          resolve(`http://127.0.0.1:${ready[1]}`)
        }
      })
      baseline.stderr.on('data', (chunk: Buffer) => (out += chunk))
      baseline.once('exit', (code) => reject(new Error(`baseline exited with ${code}: ${out}`)))
    })

  it('should fill the database with articles Payload reads at depth 1 and saves new ones beside', async () => {
    // System reads and writes of a test corpus: no person acts here.
    const { docs, totalDocs } = await ctx.payload.find({
      collection: 'articles',
      depth: 1,
      where: { slug: { equals: made.sampleSlug } },
    })
    expect(totalDocs).toBe(1)
    const [article] = docs as unknown as Doc[]
    expect(String(article.title)).not.toHaveLength(0)
    expect((article.people as Doc[]).map((person) => typeof person.name)).toEqual([
      'string',
      'string',
    ])
    expect((article.topics as Doc[])[0]).toMatchObject({ id: made.sampleTopic })
    const all = await ctx.payload.count({ collection: 'articles' })
    // The generated articles and the template article they were cloned from.
    expect(all.totalDocs).toBe(SIZE.articles + 1)

    // Ids were written explicitly: a save after them must get a fresh one, not a duplicate key.
    const topic = await ctx.payload.create({
      collection: 'topics',
      data: { name: 'Chủ đề sau bộ đo', slug: 'chu-de-sau-bo-do' } as never,
    })
    const created = await ctx.payload.create({
      collection: 'articles',
      data: {
        _status: 'published',
        department: made.editorDepartment,
        publishedAt: new Date('2018-01-01').toISOString(),
        title: 'Bài viết sau bộ đo hiệu năng',
        topics: [topic.id],
      } as never,
    })
    expect(Number(created.id)).toBeGreaterThan(1000 + SIZE.articles - 1)
    await ctx.payload.delete({ collection: 'articles', id: created.id })
    await ctx.payload.delete({ collection: 'topics', id: topic.id })
  })

  it('should answer the bench requests from the bare driver with the records the portal finds', async () => {
    const url = await startBaseline()
    const get = async (path: string): Promise<Page> => {
      const response = await fetch(`${url}${path}`)
      expect(response.status).toBe(200)
      return (await response.json()) as Page
    }

    const bySlug = await get(`/api/articles?where[slug][equals]=${made.sampleSlug}&depth=1`)
    const portal = await ctx.payload.find({
      collection: 'articles',
      depth: 1,
      where: { slug: { equals: made.sampleSlug } },
    })
    const [ours] = portal.docs as unknown as Doc[]
    const [theirs] = bySlug.docs
    expect(bySlug.totalDocs).toBe(1)
    expect(theirs).toMatchObject({ id: ours.id, slug: ours.slug, title: ours.title })
    const ids = (list: unknown) => (list as Doc[]).map((item) => item.id)
    for (const field of ['people', 'organizations', 'plans', 'topics']) {
      expect(ids(theirs[field])).toEqual(ids(ours[field]))
    }
    expect(theirs.body).toEqual(ours.body)

    const topicPage = await get(`/api/articles?where[topics][equals]=${made.sampleTopic}&limit=20`)
    const portalTopic = await ctx.payload.find({
      collection: 'articles',
      depth: 0,
      limit: 20,
      where: { topics: { equals: made.sampleTopic } },
    })
    expect(topicPage.totalDocs).toBe(portalTopic.totalDocs)
    expect(ids(topicPage.docs)).toEqual(ids(portalTopic.docs))

    const found = await get(`/api/search?q=${encodeURIComponent('cai cach hanh chinh')}`)
    expect(found.totalDocs).toBeGreaterThan(0)
  })
})
