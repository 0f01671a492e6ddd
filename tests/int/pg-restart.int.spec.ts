import type { Payload } from 'payload'

import fs from 'node:fs'
import { getPayload } from 'payload'
import pg from 'pg'

import { buildPortalConfig } from '../../src/config'
import { runMigrations } from '../../src/database'
import { DATABASE_UNAVAILABLE_MESSAGE } from '../../src/lib/database/unavailable'
import type { ApiProcess } from '../helpers/apiProcess'
import { serveApi, stopApi } from '../helpers/apiProcess'
import { forgetPayload } from '../helpers/forgetPayload'
import type { JsonResponse } from '../helpers/http'
import { login, request } from '../helpers/http'
import type { ThrowawayPostgres } from '../helpers/throwawayPostgres'
import { throwawayPostgres, throwawayPostgresUnavailable } from '../helpers/throwawayPostgres'

// Setup and read-backs are system work (overrideAccess: true, or SQL straight to the cluster);
// the requests under test go through the real server with the caller's own access.

const unavailable = throwawayPostgresUnavailable()
const onPostgres =
  process.env.TEST_DATABASE === 'postgres' && process.env.POSTGRES_URI && !unavailable
    ? describe
    : describe.skip
const skipReason =
  process.env.TEST_DATABASE !== 'postgres' || !process.env.POSTGRES_URI
    ? ' (skipped: needs TEST_DATABASE=postgres and POSTGRES_URI)'
    : unavailable
      ? ` (skipped: ${unavailable})`
      : ''

const PASSWORD = 'Mật-khẩu-Bắc-Giang-2024'
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type Timed = JsonResponse & { ms: number }

/** A request with its duration; a hang is cut at 30 s so that it fails as a hang, not a timeout. */
const timed = async (url: string, init: Parameters<typeof request>[1] = {}): Promise<Timed> => {
  const started = Date.now()
  const res = await request(url, { ...init, signal: AbortSignal.timeout(30_000) })
  return { ...res, ms: Date.now() - started }
}

onPostgres(`faults: PostgreSQL restarts under the server${skipReason}`, () => {
  let cluster: ThrowawayPostgres
  let api: ApiProcess | undefined
  let databaseUri: string
  let token: string
  let articleId: number
  let departmentId: number
  let sql: pg.Client | undefined
  let round = 0

  /** A fresh client on the product database (the previous one died with the server). */
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
    if (!sql) {
      const client = new pg.Client({ connectionString: databaseUri })
      // The test stops the server under it; that is expected, not a crash of the test.
      client.on('error', () => {
        sql = undefined
      })
      await client.connect()
      sql = client
    }
    try {
      return (await sql.query<R>(text, values)).rows
    } catch (error) {
      sql = undefined
      throw error
    }
  }
  const dropClient = async () => {
    const client = sql
    sql = undefined
    await client?.end().catch(() => undefined)
  }

  beforeAll(async () => {
    cluster = await throwawayPostgres()
    const admin = new pg.Client({ connectionString: cluster.url })
    await admin.connect()
    await admin.query('CREATE DATABASE cms')
    await admin.end()
    databaseUri = cluster.url.replace(/\/postgres$/, '/cms')

    // Seeded through the Local API (system work), then closed: the server process owns the database.
    const key = 'pg-restart-seed'
    const payload: Payload = await getPayload({
      config: buildPortalConfig({ databaseUri }),
      key,
    })
    await runMigrations(payload)
    departmentId = (
      await payload.create({
        collection: 'organizations',
        data: { _status: 'published', name: 'Sở Nội vụ', shortName: 'SNV' },
        overrideAccess: true,
      })
    ).id as number
    await payload.create({
      collection: 'users',
      data: { email: 'bbt@test.vn', password: PASSWORD, roles: ['bbt'] },
      overrideAccess: true,
    })
    articleId = (
      await payload.create({
        collection: 'articles',
        data: {
          _status: 'published',
          department: departmentId,
          title: 'Hội nghị tổng kết công tác năm 2024',
        } as never,
        overrideAccess: true,
      })
    ).id as number
    await payload.db.destroy?.()
    forgetPayload(key)

    api = await serveApi({ DATABASE_URI: databaseUri, REDIS_URL: '' })
    token = await login(api.url, 'bbt@test.vn', PASSWORD)
  }, 300_000)

  afterEach(async () => {
    // A failed test leaves the database started for the next one.
    if (!cluster.running()) {
      await cluster.start()
    }
  })

  afterAll(async () => {
    await stopApi(api)
    await dropClient()
    await cluster?.destroy()
  })

  /** Fails with the server's own output when it is gone, which says why. */
  const expectAlive = async () => {
    await Promise.race([api!.exited, sleep(500)])
    if (api!.child.exitCode !== null || api!.child.signalCode !== null) {
      if (process.env.PG_RESTART_LOG) {
        fs.writeFileSync(process.env.PG_RESTART_LOG, api!.output())
      }
      throw new Error(
        `the server exited (${api!.child.exitCode}):\n${api!.output().split('listening on').pop()!.slice(0, 3000)}`,
      )
    }
  }

  const expectJson503 = (what: string, res: Timed) => {
    expect([what, res.status]).toEqual([what, 503])
    expect([what, res.body?.errors?.[0]?.message]).toEqual([what, DATABASE_UNAVAILABLE_MESSAGE])
    // No stack trace, no SQL, no driver internals.
    expect([what, JSON.stringify(res.body)]).not.toEqual([
      what,
      expect.stringMatching(/\n\s+at |node_modules|ECONNREFUSED|terminat|select |insert /i),
    ])
    // Fail fast: a dead database is known within a few seconds, not after a client's timeout.
    expect([what, res.ms < 10_000]).toEqual([what, true])
  }

  /** Every kind of request the issue lists, each once, while the database is down. */
  const requestsDuringOutage = async (url: string) => {
    round += 1
    // A query string the response cache has not seen, so the request reaches the database.
    const fresh = `cold=${round}-${Date.now()}`
    return {
      'GET /api/articles': await timed(`${url}/api/articles?depth=0&${fresh}`),
      'GET /api/articles/:id': await timed(`${url}/api/articles/${articleId}?depth=0&${fresh}`),
      'POST /api/graphql': await timed(`${url}/api/graphql?${fresh}`, {
        json: { query: `{ Articles(limit: 1, page: 1) { docs { id } } }` },
        method: 'POST',
      }),
      'POST /api/users/login': await timed(`${url}/api/users/login`, {
        json: { email: 'bbt@test.vn', password: PASSWORD },
        method: 'POST',
      }),
      'PATCH /api/articles/:id': await timed(`${url}/api/articles/${articleId}?depth=0`, {
        json: { byline: `Trong lúc gián đoạn ${round}` },
        method: 'PATCH',
        token,
      }),
      'POST /api/articles': await timed(`${url}/api/articles?depth=0`, {
        json: { department: departmentId, title: `Bài viết lúc gián đoạn ${round}` },
        method: 'POST',
        token,
      }),
    }
  }

  const expectProbes503 = async (url: string) => {
    const health = await timed(`${url}/api/health`)
    const ready = await timed(`${url}/api/ready`)
    expect([health.status, health.body]).toEqual([503, { status: 'unavailable' }])
    expect([ready.status, ready.body]).toEqual([503, { status: 'not ready' }])
    expect(Math.max(health.ms, ready.ms)).toBeLessThan(10_000)
  }

  /** Polls until /api/ready answers 200; returns how long that took. */
  const readyAgain = async (url: string, timeoutMs = 20_000): Promise<number> => {
    const started = Date.now()
    while (Date.now() - started < timeoutMs) {
      const res = await request(`${url}/api/ready`).catch(() => null)
      if (res?.status === 200) {
        return Date.now() - started
      }
      await sleep(200)
    }
    throw new Error(`/api/ready not 200 within ${timeoutMs} ms of PostgreSQL starting again`)
  }

  const expectServingAgain = async (url: string) => {
    const list = await request(`${url}/api/articles?depth=0&after=${round}-${Date.now()}`)
    expect(list.status).toBe(200)
    expect(list.body.docs.map((doc: { id: number }) => doc.id)).toContain(articleId)
    const freshToken = await login(url, 'bbt@test.vn', PASSWORD)
    const byline = `Sau khi khởi động lại ${round}`
    const patched = await request(`${url}/api/articles/${articleId}?depth=0`, {
      json: { byline },
      method: 'PATCH',
      token: freshToken,
    })
    expect(patched.status).toBe(200)
    expect(patched.body.doc.byline).toBe(byline)
    const graph = await request(`${url}/api/graphql`, {
      json: { query: `{ Article(id: ${articleId}) { id byline } }` },
      method: 'POST',
      token: freshToken,
    })
    expect(graph.status).toBe(200)
    expect(graph.body.data.Article.byline).toBe(byline)
  }

  for (const mode of ['fast', 'immediate'] as const) {
    it(`should answer a JSON 503 during the outage and recover by itself (pg_ctl stop -m ${mode})`, async () => {
      const url = api!.url
      expect((await request(`${url}/api/ready`)).status).toBe(200)
      await dropClient()
      await cluster.stop(mode)

      const answers = await requestsDuringOutage(url).finally(expectAlive)
      for (const [what, res] of Object.entries(answers)) {
        expectJson503(what, res)
      }
      await expectProbes503(url)
      // Twice: the pool must not be left in a state where later requests hang.
      const again = await requestsDuringOutage(url)
      for (const [what, res] of Object.entries(again)) {
        expectJson503(`${what} (again)`, res)
      }
      expect(api!.child.exitCode).toBeNull()
      expect(api!.child.signalCode).toBeNull()

      await cluster.start()
      expect(await readyAgain(url)).toBeLessThan(20_000)
      await expectServingAgain(url)
      expect(api!.child.exitCode).toBeNull()
      // Nothing written during the outage: no article created, no audit record of one.
      const created = await query<{ n: string }>(
        `select count(*) as n from articles_locales where title like 'Bài viết lúc gián đoạn%'`,
      )
      expect(Number(created[0]!.n)).toBe(0)
    }, 300_000)
  }

  it('should have every connection back in the pool after a restart (src/compat/postgresPool.ts)', async () => {
    // In this process, to see the pool: a second Payload on the same database (system work).
    const key = 'pg-restart-pool'
    const payload = await getPayload({ config: buildPortalConfig({ databaseUri }), key })
    try {
      const pool = (payload.db as unknown as { pool: pg.Pool }).pool
      const read = () =>
        payload.find({ collection: 'articles', depth: 0, limit: 1, overrideAccess: true })
      expect((await read()).docs).toHaveLength(1)
      await dropClient()
      await cluster.stop('fast')
      await expect(read()).rejects.toThrow()
      await cluster.start()
      expect((await read()).docs).toHaveLength(1)
      // None is out now that nothing runs: before the patch, the connection the adapter took at
      // connect stayed out, dead, for good (one of the pool's ten).
      expect({ out: pool.totalCount - pool.idleCount, waiting: pool.waitingCount }).toEqual({
        out: 0,
        waiting: 0,
      })
    } finally {
      await payload.db.destroy?.()
      forgetPayload(key)
    }
  }, 300_000)

  it('should leave all or nothing of a write in flight when PostgreSQL stops', async () => {
    const url = api!.url
    await readyAgain(url)
    const counts = async () => {
      const [row] = await query<Record<string, string>>(
        `select (select count(*) from articles) as articles,
                (select count(*) from articles_locales) as locales,
                (select count(*) from _articles_v) as versions,
                (select count(*) from audit_log where target_collection = 'articles') as audits`,
      )
      return Object.fromEntries(Object.entries(row!).map(([name, n]) => [name, Number(n)]))
    }
    const before = await counts()

    // Hold the audit log so the create stops at its last insert: the article, its locale row and
    // its version are written in the transaction, the audit record waits for the lock.
    const holder = new pg.Client({ connectionString: databaseUri })
    holder.on('error', () => {})
    await holder.connect()
    await holder.query('begin')
    await holder.query('lock table audit_log in exclusive mode')
    const title = 'Bài viết đang ghi khi máy chủ dừng'
    const inFlight = timed(`${url}/api/articles?depth=0`, {
      json: { department: departmentId, title },
      method: 'POST',
      token,
    })
    const deadline = Date.now() + 30_000
    for (;;) {
      const waiting = await query<{ n: string }>(
        `select count(*) as n from pg_stat_activity
          where wait_event_type = 'Lock' and query ilike '%audit_log%' and pid <> $1`,
        [(holder as unknown as { processID: number }).processID],
      )
      if (Number(waiting[0]!.n) > 0) {
        break
      }
      if (Date.now() > deadline) {
        throw new Error('the create never reached the audit insert')
      }
      await sleep(100)
    }
    // The article's rows are written but not committed.
    const written = await query<{ n: string }>(
      `select count(*) as n from articles_locales where title = $1`,
      [title],
    )
    expect(Number(written[0]!.n)).toBe(0)

    await dropClient()
    await cluster.stop('immediate')
    await holder.end().catch(() => undefined)
    const res = await inFlight.finally(expectAlive)
    expect(res.status).toBe(503)
    expect(res.ms).toBeLessThan(40_000)

    await cluster.start()
    await readyAgain(url)
    expect(await counts()).toEqual(before)
    const orphans = await query<{ n: string }>(
      `select count(*) as n from _articles_v v
         where v.parent_id is not null and not exists (select 1 from articles a where a.id = v.parent_id)`,
    )
    expect(Number(orphans[0]!.n)).toBe(0)
    const unrecorded = await query<{ n: string }>(
      `select count(*) as n from audit_log l
         where l.target_collection = 'articles'
           and not exists (select 1 from articles a where a.id::text = l.target_id)`,
    )
    expect(Number(unrecorded[0]!.n)).toBe(0)
    // And the same write goes through now.
    const retried = await request(`${url}/api/articles?depth=0`, {
      json: { department: departmentId, title },
      method: 'POST',
      token: await login(url, 'bbt@test.vn', PASSWORD),
    })
    expect(retried.status).toBe(201)
    expect(await counts()).toEqual({
      articles: before.articles + 1,
      audits: before.audits + 1,
      locales: before.locales + 1,
      versions: before.versions + 1,
    })
  }, 300_000)
})
