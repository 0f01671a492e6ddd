import Redis from 'ioredis'
import { spawnSync } from 'node:child_process'

import type { JsonResponse } from '../helpers/http'
import type { Instance, SharedDatabase } from '../helpers/instances'

import { graphql, login, request } from '../helpers/http'
import { killAll, prepareDatabase, sharedDatabase, startInstance } from '../helpers/instances'
import { PASSWORD } from '../helpers/world'

/**
 * The contract's "Several instances": real server processes on one database (SQLite here, or
 * PostgreSQL with TEST_DATABASE=postgres and POSTGRES_URI) and one Redis. A and B are given
 * REDIS_URL; C is not, and shows why it is needed. Fixtures are written through the Local API as
 * system work (overrideAccess); every request under test is HTTP with the caller's own access.
 */

/**
 * Redis is on every machine of this project, but `npm test` must also pass on a bare machine with
 * only Node.js (the contract): there, with no REDIS_URL given, this file is skipped, and says so.
 * With REDIS_URL given, an unreachable Redis fails the suite.
 */
const redisAnswers = (): boolean => {
  const url = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379')
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `const s = require('node:net').connect(${Number(url.port || 6379)}, ${JSON.stringify(url.hostname)});
       s.on('connect', () => process.exit(0)); s.on('error', () => process.exit(1));
       setTimeout(() => process.exit(1), 1000)`,
    ],
    { timeout: 5000 },
  )
  return probe.status === 0
}
const runnable =
  process.env.TEST_DATABASE !== 'mongodb' && (Boolean(process.env.REDIS_URL) || redisAnswers())
if (!runnable && process.env.REQUIRE_REDIS_TESTS === '1') {
  throw new Error('no Redis at 127.0.0.1:6379 and no REDIS_URL, and REQUIRE_REDIS_TESTS=1')
}
if (!runnable && process.env.TEST_DATABASE !== 'mongodb') {
  process.stderr.write(
    'instances.int.spec.ts skipped: no Redis at 127.0.0.1:6379 and no REDIS_URL\n',
  )
}
const onSqlOrPostgres = runnable ? describe : describe.skip
const SECRET = 'instances-test-secret-0123456789abcdef'
const ADMIN = { email: 'admin@instances.test', password: PASSWORD }
/** The contract's bound: a write through one instance shows in every other's reads within 1 s. */
const WITHIN_MS = 1000

/** A Redis database of this file's own. */
const redisUrl = (): string => {
  const url = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379')
  url.pathname = '/11'
  return url.toString()
}

/**
 * This run's key prefix: no counters of an earlier run leak in, and runs of other checkouts on the
 * same Redis at the same time (CI and a developer) neither see nor wipe each other's keys.
 */
const REDIS_PREFIX = `portal-test-${process.pid}-${Date.now().toString(36)}:`

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const ARTICLE_QUERY = `query ($slug: String) {
  Articles(where: { slug: { equals: $slug } }) { docs { title } }
}`

type Seen = { graphql: JsonResponse; rest: JsonResponse }

/** One anonymous read of an article by slug through REST and GraphQL, as a public site reads. */
const readBoth = async (instance: Instance, slug: string): Promise<Seen> => {
  const [rest, gql] = await Promise.all([
    request(`${instance.url}/api/articles?where[slug][equals]=${slug}&depth=0`),
    graphql(instance.url, ARTICLE_QUERY, { slug }),
  ])
  return { graphql: gql, rest }
}

/** The title each door shows (null: no such published article). */
const titles = ({ graphql: gql, rest }: Seen) => ({
  graphql: (gql.body?.data?.Articles?.docs?.[0]?.title as string | undefined) ?? null,
  rest: (rest.body?.docs?.[0]?.title as string | undefined) ?? null,
})

onSqlOrPostgres('several instances on one database and one Redis', () => {
  let database: SharedDatabase
  let a: Instance
  let b: Instance
  let c: Instance
  let department: number | string
  let token: string

  /**
   * Reads until both doors answer from the instance's cache (a hit). On a loaded machine an
   * instance may bypass its cache for a moment (it serves from it only while its view of the
   * shared generation is fresh), so a few reads are allowed.
   */
  const warm = async (instance: Instance, slug: string) => {
    const hits = (seen: Seen) => [
      seen.rest.headers.get('x-cache'),
      seen.graphql.headers.get('x-cache'),
    ]
    let again = await readBoth(instance, slug)
    for (let read = 0; read < 10 && hits(again).some((hit) => hit !== 'HIT'); read += 1) {
      await sleep(200)
      again = await readBoth(instance, slug)
    }
    expect(hits(again)).toEqual(['HIT', 'HIT'])
    return titles(again)
  }

  /** Polls until both doors show `title`, at most WITHIN_MS after the write answered. */
  const expectWithin = async (instance: Instance, slug: string, title: null | string) => {
    const deadline = Date.now() + WITHIN_MS
    let seen = titles(await readBoth(instance, slug))
    while ((seen.rest !== title || seen.graphql !== title) && Date.now() < deadline) {
      await sleep(50)
      seen = titles(await readBoth(instance, slug))
    }
    expect(seen).toEqual({ graphql: title, rest: title })
  }

  const write = async (
    instance: Instance,
    method: 'DELETE' | 'PATCH' | 'POST',
    path: string,
    json?: Record<string, unknown>,
  ) => {
    const res = await request(`${instance.url}/api/${path}`, { json, method, token })
    expect([method, path, res.status]).toEqual([method, path, method === 'POST' ? 201 : 200])
    return res.body.doc as { id: number | string }
  }

  const createArticle = (instance: Instance, slug: string, _status = 'published') =>
    write(instance, 'POST', 'articles', { _status, department, slug, title: `Tin ${slug}` })

  beforeAll(async () => {
    // With REDIS_URL given, an unreachable Redis fails here rather than in the instances.
    const redis = new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 })
    await redis.connect()
    await redis.quit()

    database = await sharedDatabase()
    department = await prepareDatabase(database.uri, async (payload) => {
      await payload.create({
        collection: 'users',
        data: { ...ADMIN, roles: ['admin'] },
        overrideAccess: true,
      })
      const org = await payload.create({
        collection: 'organizations',
        data: { _status: 'published', name: 'Sở Nội vụ', shortName: 'SNV' },
        overrideAccess: true,
      })
      return org.id
    })
    const shared = { DATABASE_URI: database.uri, PAYLOAD_SECRET: SECRET, REDIS_PREFIX }
    ;[a, b, c] = await Promise.all([
      startInstance('A', { ...shared, REDIS_URL: redisUrl() }),
      startInstance('B', { ...shared, REDIS_URL: redisUrl() }),
      startInstance('C (no Redis)', { ...shared, REDIS_URL: '' }),
    ])
    token = await login(a.url, ADMIN.email, ADMIN.password)
  })

  afterAll(async () => {
    await killAll([a, b, c])
    await database?.drop()
    const redis = new Redis(redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 })
    await redis.connect()
    const keys = await redis.keys(`${REDIS_PREFIX}*`)
    if (keys.length > 0) {
      await redis.del(...keys)
    }
    await redis.quit()
  })

  it("should show a write in the writing instance's own warm reads within 1 s (the bound is reachable)", async () => {
    const { id } = await createArticle(a, 'cung-may')
    expect(await warm(a, 'cung-may')).toEqual({ graphql: 'Tin cung-may', rest: 'Tin cung-may' })
    await write(a, 'PATCH', `articles/${id}`, { title: 'Tin cùng máy đã sửa' })
    await expectWithin(a, 'cung-may', 'Tin cùng máy đã sửa')
  })

  it("should show a create through A in B's warm reads within 1 s", async () => {
    expect(await warm(b, 'tao-moi')).toEqual({ graphql: null, rest: null })
    await createArticle(a, 'tao-moi')
    await expectWithin(b, 'tao-moi', 'Tin tao-moi')
  })

  it("should show an update through A in B's warm reads within 1 s", async () => {
    const { id } = await createArticle(a, 'cap-nhat')
    expect(await warm(b, 'cap-nhat')).toEqual({ graphql: 'Tin cap-nhat', rest: 'Tin cap-nhat' })
    await write(a, 'PATCH', `articles/${id}`, { title: 'Tin đã sửa' })
    await expectWithin(b, 'cap-nhat', 'Tin đã sửa')
  })

  it("should show an unpublish through A in B's warm reads within 1 s", async () => {
    const { id } = await createArticle(a, 'go-xuat-ban')
    expect(await warm(b, 'go-xuat-ban')).toEqual({
      graphql: 'Tin go-xuat-ban',
      rest: 'Tin go-xuat-ban',
    })
    await write(a, 'PATCH', `articles/${id}`, { _status: 'draft' })
    await expectWithin(b, 'go-xuat-ban', null)
  })

  it("should show a publish through A in B's warm reads within 1 s", async () => {
    const { id } = await createArticle(a, 'xuat-ban', 'draft')
    expect(await warm(b, 'xuat-ban')).toEqual({ graphql: null, rest: null })
    await write(a, 'PATCH', `articles/${id}`, { _status: 'published' })
    await expectWithin(b, 'xuat-ban', 'Tin xuat-ban')
  })

  it("should show a delete through A in B's warm reads within 1 s", async () => {
    const { id } = await createArticle(a, 'xoa-bai')
    expect(await warm(b, 'xoa-bai')).toEqual({ graphql: 'Tin xoa-bai', rest: 'Tin xoa-bai' })
    await write(a, 'DELETE', `articles/${id}`)
    await expectWithin(b, 'xoa-bai', null)
  })

  it('should count failed logins across instances: 10 a minute per IP in all', async () => {
    const attempt = (instance: Instance) =>
      request(`${instance.url}/api/users/login`, {
        json: { email: ADMIN.email, password: 'sai-mat-khau' },
        method: 'POST',
      })
    const statuses: number[] = []
    for (const instance of [a, b, a, b, a, b, a, b, a, b]) {
      statuses.push((await attempt(instance)).status)
    }
    expect(statuses).toEqual(Array(10).fill(401))
    const [onA, onB] = [await attempt(a), await attempt(b)]
    expect([onA.status, onB.status]).toEqual([429, 429])
    expect(onB.headers.get('retry-after')).toMatch(/^\d+$/)
  })

  /** Schedules through A; both instances run jobs, so both race for it. */
  const scheduleOnce = async (type: 'publish' | 'unpublish') => {
    const from = type === 'publish' ? 'draft' : 'published'
    const to = type === 'publish' ? 'published' : 'draft'
    // SQLite may give a deleted article's id to a new one: count only this article's records.
    const since = new Date().toISOString()
    const { id } = await createArticle(a, `hen-gio-${type}`, from)
    const at = new Date(Date.now() + 1500).toISOString()
    const scheduled = await request(`${a.url}/api/articles/${id}/schedule`, {
      json: { at, type },
      method: 'POST',
      token,
    })
    expect(scheduled.status).toBe(201)
    // Signed-in reads are never cached, so they show the stored status as soon as it changes.
    const deadline = Date.now() + 20_000
    let status = from
    while (status !== to && Date.now() < deadline) {
      await sleep(500)
      status = (await request(`${b.url}/api/articles/${id}?depth=0`, { token })).body?._status
    }
    expect(status).toBe(to)
    // Time for a second runner to do it again, if it were going to.
    await sleep(3000)
    const versions = await request(
      `${a.url}/api/articles/versions?where[parent][equals]=${id}&where[version._status][equals]=${to}&limit=10`,
      { token },
    )
    expect([type, versions.body.totalDocs]).toEqual([type, 1])
    const audits = await request(
      `${a.url}/api/audit-log?where[targetCollection][equals]=articles&where[targetId][equals]=${id}&where[action][equals]=${type}&where[createdAt][greater_than_equal]=${since}&limit=10`,
      { token },
    )
    expect([type, audits.body.totalDocs]).toEqual([type, 1])
  }

  it('should publish a scheduled article once: one version, one audit record', () =>
    scheduleOnce('publish'))

  it('should unpublish a scheduled article once: one version, one audit record', () =>
    scheduleOnce('unpublish'))

  it('should keep serving a stale answer on an instance without Redis (why Redis is needed)', async () => {
    const { id } = await createArticle(a, 'khong-redis')
    expect(await warm(c, 'khong-redis')).toEqual({
      graphql: 'Tin khong-redis',
      rest: 'Tin khong-redis',
    })
    await write(a, 'PATCH', `articles/${id}`, { title: 'Tin mới hơn' })
    // Well past the 1 s bound, C still answers from its own memory: nothing told it of the write.
    await sleep(WITHIN_MS + 500)
    const seen = await readBoth(c, 'khong-redis')
    expect(titles(seen)).toEqual({ graphql: 'Tin khong-redis', rest: 'Tin khong-redis' })
    expect(seen.rest.headers.get('x-cache')).toBe('HIT')
    // The database has the new title: a signed-in read (never cached) on C shows it.
    const fresh = await request(`${c.url}/api/articles/${id}?depth=0`, { token })
    expect(fresh.body.title).toBe('Tin mới hơn')
  })

  it('should keep B serving and writing after A is killed', async () => {
    const { id } = await createArticle(a, 'truoc-khi-tat')
    await a.kill()
    expect(await a.exited).toBeNull()
    expect((await fetch(`${b.url}/api/health`)).status).toBe(200)
    const read = await request(`${b.url}/api/articles/${id}?depth=0`)
    expect([read.status, read.body.title]).toEqual([200, 'Tin truoc-khi-tat'])
    const created = await createArticle(b, 'sau-khi-tat')
    const back = await request(`${b.url}/api/articles/${created.id}?depth=0`)
    expect([back.status, back.body.title]).toEqual([200, 'Tin sau-khi-tat'])
    const renamed = await write(b, 'PATCH', `articles/${id}`, { title: 'Sửa trên B' })
    expect(renamed.id).toBe(id)
  })
})
