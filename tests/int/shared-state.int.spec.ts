import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'

import { createClient } from '@libsql/client'
import pg from 'pg'

import type { ApiProcess, ThrowawayRedis } from '../helpers/apiProcess'
import { hasRedisServer, serveApi, stopApi, throwawayRedis } from '../helpers/apiProcess'
import { forgetPayload } from '../helpers/forgetPayload'
import { graphql, login, request } from '../helpers/http'
import { initPayloadInt } from '../helpers/initPayloadInt'
import { createDepartment, PASSWORD } from '../helpers/world'

/**
 * Several instances as one site: two real server processes on one SQLite file, sharing a Redis
 * server of this file's own (stopped and started here), and two without Redis for contrast.
 * Needs `redis-server` (every machine of this project has it); REQUIRE_REDIS_TESTS=1 makes its
 * absence a failure instead of a skip.
 */
const redisHere = hasRedisServer()
if (!redisHere && process.env.REQUIRE_REDIS_TESTS === '1') {
  throw new Error('redis-server is not installed, and REQUIRE_REDIS_TESTS=1')
}
if (!redisHere) {
  process.stderr.write('shared-state tests skipped: redis-server is not installed\n')
}
const onSqliteWithRedis =
  redisHere && process.env.TEST_DATABASE !== 'mongodb' ? describe : describe.skip

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const SECRET = 'shared-state-test-secret-0123456789'
const ADMIN = { email: 'admin@shared.test', password: PASSWORD }

/** A failed login from a chosen loopback address: each address has its own counts. */
const failedLogin = (from: string, baseUrl: string) =>
  new Promise<number>((resolve, reject) => {
    const target = new URL(`${baseUrl}/api/users/login`)
    const body = JSON.stringify({ email: 'nobody@shared.test', password: 'wrong' })
    const sent = http.request(
      {
        agent: false,
        headers: { 'content-type': 'application/json' },
        host: target.hostname,
        localAddress: from,
        method: 'POST',
        path: target.pathname,
        port: target.port,
      },
      (response) => {
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? 0))
      },
    )
    sent.on('error', reject)
    sent.end(body)
  })

const ARTICLE_QUERY = (slug: string) =>
  `{ Articles(where: { slug: { equals: "${slug}" } }) { docs { title } } }`

/** The titles an instance serves anonymously for `slug`, through REST and GraphQL. */
const titlesAt = async (baseUrl: string, slug: string) => {
  const rest = await request(`${baseUrl}/api/articles?where[slug][equals]=${slug}&depth=0`)
  const gql = await graphql(baseUrl, ARTICLE_QUERY(slug))
  return {
    graphql: (gql.body.data?.Articles?.docs ?? []).map((doc: { title: string }) => doc.title),
    graphqlCache: gql.headers.get('x-cache'),
    rest: (rest.body.docs ?? []).map((doc: { title: string }) => doc.title),
    restCache: rest.headers.get('x-cache'),
  }
}

/** Reads until both doors show `titles`; the milliseconds it took, or throws past `withinMs`. */
const seenWithin = async (baseUrl: string, slug: string, titles: string[], withinMs: number) => {
  const started = Date.now()
  for (;;) {
    const seen = await titlesAt(baseUrl, slug)
    if (
      JSON.stringify(seen.rest) === JSON.stringify(titles) &&
      JSON.stringify(seen.graphql) === JSON.stringify(titles)
    ) {
      return Date.now() - started
    }
    if (Date.now() - started > withinMs) {
      throw new Error(
        `after ${withinMs} ms ${baseUrl} still serves ${JSON.stringify(seen)}, not ${JSON.stringify(titles)}`,
      )
    }
    await sleep(25)
  }
}

/**
 * Reads until the instance serves `titles` from its cache (a fresh instance trusts its cache once
 * it has heard from Redis, within a second or so of starting).
 */
const warm = async (baseUrl: string, slug: string, titles: string[]) => {
  const deadline = Date.now() + 5000
  for (;;) {
    const seen = await titlesAt(baseUrl, slug)
    if (seen.restCache === 'HIT' && seen.graphqlCache === 'HIT') {
      expect(seen).toEqual({ graphql: titles, graphqlCache: 'HIT', rest: titles, restCache: 'HIT' })
      return
    }
    if (Date.now() > deadline) {
      throw new Error(`${baseUrl} never served ${slug} from its cache: ${JSON.stringify(seen)}`)
    }
    await sleep(50)
  }
}

/** Waits for `pattern` in what the process printed after the first `from` characters. */
const waitForLog = async (
  api: ApiProcess,
  pattern: RegExp,
  what: string,
  { from = 0, timeoutMs = 10_000 }: { from?: number; timeoutMs?: number } = {},
) => {
  const deadline = Date.now() + timeoutMs
  while (!pattern.test(api.output().slice(from))) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}:\n${api.output().slice(-2000)}`)
    }
    await sleep(50)
  }
}

const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern, 'g'))?.length ?? 0

onSqliteWithRedis('several instances on one database', () => {
  let databaseUri: string
  let redis: ThrowawayRedis
  let department: number
  const apis: ApiProcess[] = []

  /** An instance on the shared database; `redisUrl: ''` runs it without Redis. */
  const instance = async (redisUrl: string, prefix: string) => {
    const api = await serveApi({
      DATABASE_URI: databaseUri,
      LOG_LEVEL: 'info',
      PAYLOAD_SECRET: SECRET,
      REDIS_PREFIX: prefix,
      REDIS_URL: redisUrl,
    })
    apis.push(api)
    return api
  }

  /** Writes through `api` as the admin over REST, as any client would. */
  const writer = async (api: ApiProcess) => {
    const token = await login(api.url, ADMIN.email, ADMIN.password)
    const call = async (method: string, path: string, json?: unknown) => {
      const res = await request(`${api.url}/api/articles${path}`, { json, method, token })
      expect(res.status).toBe(method === 'POST' ? 201 : 200)
      return res.body
    }
    return {
      create: async (slug: string, title: string) =>
        (await call('POST', '?depth=0', { _status: 'published', department, slug, title })).doc
          .id as number,
      remove: (id: number) => call('DELETE', `/${id}`),
      update: (id: number, data: Record<string, unknown>) => call('PATCH', `/${id}?depth=0`, data),
    }
  }

  beforeAll(async () => {
    // System setup: the schema, a department and the admin, written before any instance starts.
    const ctx = await initPayloadInt()
    databaseUri = ctx.databaseUri
    department = await createDepartment(ctx.payload)
    await ctx.payload.create({
      collection: 'users',
      data: { ...ADMIN, roles: ['admin'] },
      overrideAccess: true,
    })
    await ctx.payload.db.destroy?.()
    forgetPayload()
    redis = await throwawayRedis()
  })

  afterAll(async () => {
    for (const api of apis) {
      await stopApi(api)
    }
    await redis?.stop()
    if (databaseUri) {
      const file = databaseUri.slice('file:'.length)
      for (const suffix of ['', '-wal', '-shm']) {
        fs.rmSync(`${file}${suffix}`, { force: true })
      }
    }
  })

  describe('with Redis', () => {
    let a: ApiProcess
    let b: ApiProcess
    const prefix = `test-${crypto.randomUUID()}:`

    /** A command (`npm run …`'s entry point and its arguments) on the database and this Redis. */
    const commandWithRedis = (args: string[]) =>
      new Promise<{ code: null | number; output: string; stdout: string }>((resolve) => {
        const child = spawn(process.execPath, ['scripts/launch.mjs', ...args], {
          env: {
            ...process.env,
            DATABASE_URI: databaseUri,
            NODE_OPTIONS: '',
            PAYLOAD_SECRET: SECRET,
            REDIS_PREFIX: prefix,
            REDIS_URL: redis.url,
          },
        })
        let output = ''
        let stdout = ''
        child.stdout.on('data', (chunk) => {
          output += chunk
          stdout += chunk
        })
        child.stderr.on('data', (chunk) => (output += chunk))
        child.on('exit', (code) => resolve({ code, output, stdout }))
      })

    beforeAll(async () => {
      a = await instance(redis.url, prefix)
      b = await instance(redis.url, prefix)
      // Under load the first command may time out: then "answers again" says it is connected.
      await waitForLog(b, /Redis (connected|answers again)/, 'B to connect to Redis')
    })

    it("should show a create, update, unpublish, publish and delete through A in B's warm anonymous REST and GraphQL reads within 1 s", async () => {
      const throughA = await writer(a)
      const slug = 'hai-may-chu'
      await warm(b.url, slug, [])
      const id = await throughA.create(slug, 'Tin đầu tiên')
      const delays = [await seenWithin(b.url, slug, ['Tin đầu tiên'], 1000)]

      await warm(b.url, slug, ['Tin đầu tiên'])
      await throughA.update(id, { title: 'Tin đã sửa' })
      delays.push(await seenWithin(b.url, slug, ['Tin đã sửa'], 1000))

      await warm(b.url, slug, ['Tin đã sửa'])
      await throughA.update(id, { _status: 'draft' })
      delays.push(await seenWithin(b.url, slug, [], 1000))

      await warm(b.url, slug, [])
      await throughA.update(id, { _status: 'published' })
      delays.push(await seenWithin(b.url, slug, ['Tin đã sửa'], 1000))

      await warm(b.url, slug, ['Tin đã sửa'])
      await throughA.remove(id)
      delays.push(await seenWithin(b.url, slug, [], 1000))
      expect(delays.every((ms) => ms <= 1000)).toBe(true)
    })

    it('should count failed logins across both instances: 10 a minute per address in all', async () => {
      const from = '127.0.3.1'
      for (let i = 0; i < 10; i += 1) {
        expect(await failedLogin(from, (i % 2 === 0 ? a : b).url)).toBe(401)
      }
      expect(await failedLogin(from, a.url)).toBe(429)
      expect(await failedLogin(from, b.url)).toBe(429)
      // Another address still has its own ten.
      expect(await failedLogin('127.0.3.2', b.url)).toBe(401)
    })

    it("should show an npm run import made while serving in B's warm reads within 1 s of its end", async () => {
      const file = path.resolve(
        'tests/fixtures/articles/so-tu-phap-trien-khai-ke-hoach-pho-bien-giao-duc-phap-luat.txt',
      )
      const slug = path.basename(file, '.txt')
      await warm(b.url, slug, [])
      const imported = await commandWithRedis(['src/bin/import.ts', file, '--department', 'SNV'])
      expect(imported.output).toMatch(/1 created/)
      expect(imported.code).toBe(0)
      expect(
        await seenWithin(
          b.url,
          slug,
          ['Sở Tư pháp triển khai kế hoạch phổ biến, giáo dục pháp luật năm 2024'],
          1000,
        ),
      ).toBeLessThanOrEqual(1000)
    })

    it("should show an npm run rebuild:search made while serving in B's warm search answers within 1 s of its end", async () => {
      const id = await (
        await writer(a)
      ).create('khanh-thanh-cau-dong-ha', 'Khánh thành cầu Đông Hà')
      // A direct edit of the database, as a restore of an older dump leaves it: a stale key.
      const stale = `UPDATE search_index SET key_title = 'cau cu', key_body = '' WHERE target = 'articles' AND doc_id = `
      if (/^postgres(ql)?:/.test(databaseUri)) {
        const db = new pg.Client({ connectionString: databaseUri })
        await db.connect()
        try {
          await db.query(`${stale}$1`, [String(id)])
        } finally {
          await db.end()
        }
      } else {
        const db = createClient({ url: databaseUri })
        try {
          // The servers write too (the create's background work): wait for their write lock.
          await db.execute('PRAGMA busy_timeout = 5000')
          await db.execute({ args: [String(id)], sql: `${stale}?` })
        } finally {
          db.close()
        }
      }
      const searchB = async () => {
        const found = await request(`${b.url}/api/search?q=khanh+thanh+cau+dong+ha`)
        return {
          cache: found.headers.get('x-cache'),
          ids: found.body.docs.map((hit: { id: number }) => hit.id),
        }
      }
      const deadline = Date.now() + 5000
      while ((await searchB()).cache !== 'HIT') {
        expect(Date.now()).toBeLessThan(deadline)
        await sleep(50)
      }
      expect(await searchB()).toEqual({ cache: 'HIT', ids: [] })
      const rebuilt = await commandWithRedis(['src/bin/rebuildSearch.ts'])
      expect(rebuilt.stdout).toMatch(/Search index rebuilt in .*, 1 rows rewritten, 0 removed\n$/)
      expect(rebuilt.code).toBe(0)
      const started = Date.now()
      while (!(await searchB()).ids.includes(id)) {
        expect(Date.now() - started).toBeLessThanOrEqual(1000)
        await sleep(25)
      }
    })

    it('should bypass the cache and count limits per instance while Redis is down, log that once, and share both again when it returns', async () => {
      const throughA = await writer(a)
      const slug = 'su-co-redis'
      const id = await throughA.create(slug, 'Trước sự cố')
      await seenWithin(b.url, slug, ['Trước sự cố'], 1000)
      await warm(b.url, slug, ['Trước sự cố'])

      // Only what is logged from the outage on: on a loaded machine a command may time out
      // earlier, which is logged as an outage of its own.
      const since = { a: a.output().length, b: b.output().length }
      const logA = () => a.output().slice(since.a)
      const logB = () => b.output().slice(since.b)
      await redis.stop()
      await waitForLog(b, /Redis does not answer/, 'B to notice the outage', { from: since.b })
      await waitForLog(a, /Redis does not answer/, 'A to notice the outage', { from: since.a })

      // Every answer during the outage is read afresh: a change through A shows at once.
      const during = await titlesAt(b.url, slug)
      expect(during).toEqual({
        graphql: ['Trước sự cố'],
        graphqlCache: null,
        rest: ['Trước sự cố'],
        restCache: null,
      })
      await throughA.update(id, { title: 'Trong sự cố' })
      expect(await titlesAt(b.url, slug)).toMatchObject({
        graphql: ['Trong sự cố'],
        rest: ['Trong sự cố'],
      })

      // Limits fall back to each instance's own: ten on A, and B still has its own ten.
      const from = '127.0.3.3'
      for (let i = 0; i < 10; i += 1) {
        expect(await failedLogin(from, a.url)).toBe(401)
      }
      expect(await failedLogin(from, a.url)).toBe(429)
      expect(await failedLogin(from, b.url)).toBe(401)

      // Many requests, one line each for the outage.
      for (let i = 0; i < 20; i += 1) {
        await titlesAt(b.url, slug)
      }
      expect(count(logB(), /Redis does not answer/)).toBe(1)
      expect(count(logA(), /Redis does not answer/)).toBe(1)

      await redis.start()
      await waitForLog(b, /Redis answers again/, 'B to see Redis back', { from: since.b })
      await waitForLog(a, /Redis answers again/, 'A to see Redis back', { from: since.a })

      // The cache serves again, and a change through A reaches B's warm cache within 1 s.
      await warm(b.url, slug, ['Trong sự cố'])
      await throughA.update(id, { title: 'Sau sự cố' })
      expect(await seenWithin(b.url, slug, ['Sau sự cố'], 1000)).toBeLessThanOrEqual(1000)

      // Limits count across instances again (the restarted Redis kept nothing).
      const after = '127.0.3.4'
      for (let i = 0; i < 10; i += 1) {
        expect(await failedLogin(after, (i % 2 === 0 ? a : b).url)).toBe(401)
      }
      expect(await failedLogin(after, b.url)).toBe(429)
      expect(count(logB(), /Redis does not answer/)).toBe(1)
      expect(count(logB(), /Redis answers again/)).toBe(1)
    })
  })

  describe('without Redis (why it is needed)', () => {
    let c: ApiProcess
    let d: ApiProcess

    beforeAll(async () => {
      c = await instance('', 'unused:')
      d = await instance('', 'unused:')
    })

    it("should leave B serving its stale cached answer after a change through A, and count each instance's failed logins apart", async () => {
      const throughC = await writer(c)
      const slug = 'khong-redis'
      const id = await throughC.create(slug, 'Bản cũ')
      await seenWithin(d.url, slug, ['Bản cũ'], 1000)
      await warm(d.url, slug, ['Bản cũ'])
      await throughC.update(id, { title: 'Bản mới' })
      await sleep(1500)
      expect(await titlesAt(d.url, slug)).toEqual({
        graphql: ['Bản cũ'],
        graphqlCache: 'HIT',
        rest: ['Bản cũ'],
        restCache: 'HIT',
      })
      // C itself shows its own write.
      expect((await titlesAt(c.url, slug)).rest).toEqual(['Bản mới'])

      const from = '127.0.3.5'
      for (let i = 0; i < 10; i += 1) {
        expect(await failedLogin(from, c.url)).toBe(401)
      }
      // Ten more on the other instance: twenty guesses a minute from one address.
      for (let i = 0; i < 10; i += 1) {
        expect(await failedLogin(from, d.url)).toBe(401)
      }
      expect(await failedLogin(from, c.url)).toBe(429)
    })
  })
})
