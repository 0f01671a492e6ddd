import type { AddressInfo } from 'node:net'

import http from 'node:http'
import { Webhook } from 'standardwebhooks'

import type { Actor } from '../helpers/doors'
import { countList, createDoc, DOORS, readOne } from '../helpers/doors'
import { graphql, login, request } from '../helpers/http'
import type { Instance, SharedDatabase } from '../helpers/instances'
import { killAll, prepareDatabase, sharedDatabase, startInstance } from '../helpers/instances'
import type { TestServer } from '../helpers/startServer'
import { startServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { buildWorld, createDepartment, PASSWORD } from '../helpers/world'
import { waitFor } from '../helpers/waitFor'

// Fixtures and read-backs are system work (overrideAccess: true); the writes under test go
// through REST as the people who make them.

const onDrizzle = process.env.TEST_DATABASE === 'mongodb' ? describe.skip : describe
const SECRET = `whsec_${Buffer.from('a test secret of thirty-two bytes').toString('base64')}`
const SETTINGS = {
  WEBHOOK_ALLOW_PRIVATE: '1',
  WEBHOOK_PAUSE_AFTER: '2',
  WEBHOOK_RETRIES: '5',
  WEBHOOK_RETRY_DELAY_MS: '50',
}

type Received = {
  at: number
  body: string
  headers: Record<string, string>
  path: string
  status: number
}

/**
 * A real receiver: `/ok` answers 200, `/flaky` 500 to the first two attempts of each message then
 * 200, `/fail` always 500, `/redirect` 302 to `/ok`. It keeps every request it got.
 */
const startReceiver = async () => {
  const received: Received[] = []
  const tries = new Map<string, number>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const id = String(req.headers['webhook-id'])
      const tried = (tries.get(id) ?? 0) + 1
      tries.set(id, tried)
      const path = (req.url ?? '/').split('?')[0]!
      const status =
        path === '/ok'
          ? 200
          : path === '/flaky'
            ? tried <= 2
              ? 500
              : 200
            : path === '/redirect'
              ? 302
              : 500
      received.push({
        at: Date.now(),
        body: Buffer.concat(chunks).toString('utf8'),
        headers: req.headers as Record<string, string>,
        path,
        status,
      })
      res.writeHead(status, status === 302 ? { location: '/ok' } : {})
      res.end(status === 200 ? 'ok' : 'no')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
    port,
    received,
    url: (path: string, host = '127.0.0.1') => `http://${host}:${port}${path}`,
  }
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Verifies a received request's signature with standardwebhooks and returns its body. */
const verified = (secret: string, got: Received) =>
  new Webhook(secret).verify(got.body, got.headers) as {
    data: { collection: string; id: number | string; slug: null | string }
    timestamp: string
    type: string
  }

const saved: Record<string, string | undefined> = {}

beforeAll(() => {
  for (const [name, value] of Object.entries(SETTINGS)) {
    saved[name] = process.env[name]
    process.env[name] = value
  }
})

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) {
      delete process.env[name]
    } else {
      process.env[name] = value
    }
  }
})

onDrizzle('webhooks', () => {
  let server: TestServer
  let world: World
  let receiver: Receiver
  let admin: Actor
  let bbt: Actor

  beforeAll(async () => {
    receiver = await startReceiver()
    server = await startServer({ jobs: true })
    world = await buildWorld(server.payload, server.url)
    admin = world.actors.admin
    bbt = world.actors.bbt
  })

  afterAll(async () => {
    await server?.cleanup()
    await receiver?.close()
  })

  const createWebhook = async (data: Record<string, unknown>, actor: Actor = admin) =>
    request(`${server.url}/api/webhooks?depth=0`, {
      headers: { authorization: actor.authorization! },
      json: data,
      method: 'POST',
    })

  const removeWebhook = async (id: number | string) => {
    // Cleanup is system work.
    await server.payload.delete({ collection: 'webhooks', id, overrideAccess: true })
  }

  const writeArticle = async (
    method: 'DELETE' | 'PATCH' | 'POST',
    path: string,
    json?: Record<string, unknown>,
  ) => {
    const res = await request(`${server.url}/api/articles${path}`, {
      headers: { authorization: bbt.authorization! },
      json: method === 'POST' ? { department: world.orgs.bql, ...json } : json,
      method,
    })
    expect([res.status, res.body]).toEqual([method === 'POST' ? 201 : 200, expect.anything()])
    return res.body?.doc as { id: number; slug: string } | undefined
  }

  const deliveriesOf = async (webhook: number | string) =>
    (
      await server.payload.find({
        collection: 'webhook-deliveries',
        depth: 0,
        overrideAccess: true,
        pagination: false,
        sort: 'createdAt',
        where: { webhook: { equals: webhook } },
      })
    ).docs

  it('should deliver publish, update, unpublish and delete of an article once each, signed, with the contract body', async () => {
    const created = await createWebhook({
      events: ['article.published', 'article.updated', 'article.unpublished', 'article.deleted'],
      secret: SECRET,
      url: receiver.url('/ok'),
    })
    expect(created.status).toBe(201)
    // The secret given is never sent back, not even in the create answer.
    expect(JSON.stringify(created.body)).not.toContain(SECRET.slice(6))
    const hook = created.body.doc.id
    try {
      const mine = () => receiver.received.filter((got) => got.path === '/ok')
      const draft = await writeArticle('POST', '?depth=0', { title: 'Bản nháp chưa xuất bản' })
      const article = await writeArticle('POST', '?depth=0', {
        _status: 'published',
        title: 'Hội nghị triển khai nhiệm vụ năm 2026',
      })
      await waitFor('the publish event', () => mine().length >= 1)
      await writeArticle('PATCH', `/${article!.id}?depth=0`, { title: 'Hội nghị (đã sửa)' })
      await waitFor('the update event', () => mine().length >= 2)
      // A draft saved over the published article changes nothing readers see: no event.
      await writeArticle('PATCH', `/${article!.id}?depth=0&draft=true`, { title: 'Bản nháp mới' })
      await writeArticle('PATCH', `/${article!.id}?depth=0`, { _status: 'draft' })
      await waitFor('the unpublish event', () => mine().length >= 3)
      await writeArticle('DELETE', `/${article!.id}`)
      await waitFor('the delete event', () => mine().length >= 4)
      // Time for anything sent twice, or for the draft's events, to show up.
      await sleep(3_000)
      const bodies = mine().map((got) => verified(SECRET, got))
      expect(bodies.map((body) => body.type)).toEqual([
        'article.published',
        'article.updated',
        'article.unpublished',
        'article.deleted',
      ])
      for (const body of bodies) {
        expect(body.data).toEqual({ collection: 'articles', id: article!.id, slug: article!.slug })
        expect(new Date(body.timestamp).toISOString()).toBe(body.timestamp)
      }
      expect(new Set(mine().map((got) => got.headers['webhook-id'])).size).toBe(4)
      expect(bodies.some((body) => body.data.id === draft!.id)).toBe(false)
      // A forged or altered body fails verification.
      const first = mine()[0]!
      expect(() =>
        verified(SECRET, { ...first, body: first.body.replace('published', 'deleted') }),
      ).toThrow()
      const records = await deliveriesOf(hook)
      expect(records).toHaveLength(4)
      expect(records.every((record) => record.ok && record.final && record.attempt === 1)).toBe(
        true,
      )
    } finally {
      await removeWebhook(hook)
    }
  })

  it('should retry a failing delivery with the same message id and record each attempt', async () => {
    const created = await createWebhook({
      events: ['article.published'],
      secret: SECRET,
      url: receiver.url('/flaky'),
    })
    expect(created.status).toBe(201)
    const hook = created.body.doc.id
    try {
      const article = await writeArticle('POST', '?depth=0', {
        _status: 'published',
        title: 'Thông báo tuyển dụng',
      })
      const flaky = () => receiver.received.filter((got) => got.path === '/flaky')
      await waitFor('the third attempt', () => flaky().length >= 3)
      await sleep(2_000)
      expect(flaky()).toHaveLength(3)
      expect(new Set(flaky().map((got) => got.headers['webhook-id'])).size).toBe(1)
      expect(flaky().map((got) => verified(SECRET, got).data.id)).toEqual([
        article!.id,
        article!.id,
        article!.id,
      ])
      const records = await waitFor('three attempt records', async () => {
        const docs = await deliveriesOf(hook)
        return docs.length >= 3 ? docs : undefined
      })
      expect(
        records.map((record) => [record.attempt, record.status, record.ok, record.final]),
      ).toEqual([
        [1, 500, false, false],
        [2, 500, false, false],
        [3, 200, true, true],
      ])
      expect(records[0]!.error).toContain('500')
      // The retries are Payload's, with exponential backoff from WEBHOOK_RETRY_DELAY_MS.
      const task = server.payload.config.jobs.tasks!.find((each) => each.slug === 'deliverWebhook')
      expect(task?.retries).toEqual({ attempts: 5, backoff: { delay: 50, type: 'exponential' } })
    } finally {
      await removeWebhook(hook)
    }
  })

  it('should pause a webhook whose deliveries keep failing after every retry', async () => {
    const created = await createWebhook({
      events: ['article.published'],
      secret: SECRET,
      url: receiver.url('/redirect'),
    })
    expect(created.status).toBe(201)
    const hook = created.body.doc.id
    const okBefore = receiver.received.filter((got) => got.path === '/ok').length
    try {
      await writeArticle('POST', '?depth=0', { _status: 'published', title: 'Lần một' })
      await writeArticle('POST', '?depth=0', { _status: 'published', title: 'Lần hai' })
      const paused = await waitFor(
        'the pause',
        async () => {
          const doc = await server.payload.findByID({
            collection: 'webhooks',
            id: hook,
            overrideAccess: true,
          })
          return doc.active ? undefined : doc
        },
        { timeoutMs: 120_000 },
      )
      expect(paused.pausedAt).toBeTruthy()
      expect(paused.pausedReason).toContain('2')
      const records = await deliveriesOf(hook)
      // Two deliveries, each the first attempt and 5 retries, a 3xx counting as failure.
      expect(records).toHaveLength(12)
      expect(records.filter((record) => record.final)).toHaveLength(2)
      expect(records.every((record) => !record.ok && record.status === 302)).toBe(true)
      // The redirect was not followed.
      expect(receiver.received.filter((got) => got.path === '/ok')).toHaveLength(okBefore)
      // Paused: the next event is not sent.
      const before = receiver.received.length
      await writeArticle('POST', '?depth=0', { _status: 'published', title: 'Lần ba' })
      await sleep(3_000)
      expect(receiver.received.length).toBe(before)
    } finally {
      await removeWebhook(hook)
    }
  }, 180_000)

  it('should refuse private targets without WEBHOOK_ALLOW_PRIVATE and link-local ones always, naming the field', async () => {
    const expectRefused = async (url: string) => {
      const res = await createWebhook({ events: ['article.published'], secret: SECRET, url })
      expect(res.status).toBe(400)
      expect(JSON.stringify(res.body)).toContain('url')
      expect(res.body.errors[0].message).toBeTruthy()
    }
    process.env.WEBHOOK_ALLOW_PRIVATE = '0'
    try {
      await expectRefused(receiver.url('/ok'))
      await expectRefused(receiver.url('/ok', 'localhost'))
      await expectRefused('http://10.1.2.3/hook')
      await expectRefused('http://[::1]:8080/hook')
      await expectRefused('http://0.0.0.0/hook')
    } finally {
      process.env.WEBHOOK_ALLOW_PRIVATE = '1'
    }
    await expectRefused('http://169.254.169.254/latest/meta-data')
    await expectRefused('http://[fe80::1]/hook')
    await expectRefused('http://[::ffff:169.254.169.254]/hook')
    await expectRefused('ftp://example.com/hook')
    const badSecret = await createWebhook({
      events: ['article.published'],
      secret: 'not-a-secret',
      url: receiver.url('/ok'),
    })
    expect(badSecret.status).toBe(400)
    expect(JSON.stringify(badSecret.body)).toContain('secret')
    const { totalDocs } = await server.payload.count({
      collection: 'webhooks',
      overrideAccess: true,
    })
    expect(totalDocs).toBe(0)
  })

  it('should refuse at delivery a name that now resolves to a private address', async () => {
    // Saved while private targets were allowed; the check at delivery sees the setting of now.
    const created = await createWebhook({
      events: ['article.published'],
      secret: SECRET,
      url: receiver.url('/ok', 'localhost'),
    })
    expect(created.status).toBe(201)
    const hook = created.body.doc.id
    const before = receiver.received.length
    process.env.WEBHOOK_ALLOW_PRIVATE = '0'
    try {
      await writeArticle('POST', '?depth=0', { _status: 'published', title: 'Đổi địa chỉ' })
      const records = await waitFor('the refused attempt', async () => {
        const docs = await deliveriesOf(hook)
        return docs.length ? docs : undefined
      })
      expect(records[0]).toMatchObject({ final: true, ok: false })
      expect(records[0]!.error).toContain('localhost resolves to')
      await sleep(2_000)
      expect(receiver.received.length).toBe(before)
      expect(await deliveriesOf(hook)).toHaveLength(1)
    } finally {
      process.env.WEBHOOK_ALLOW_PRIVATE = '1'
      await removeWebhook(hook)
    }
  })

  it('should show a generated secret once and never again through any door', async () => {
    const created = await createWebhook({ events: ['article.deleted'], url: receiver.url('/ok') })
    expect(created.status).toBe(201)
    const secret = created.body.doc.secret as string
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/)
    const hook = created.body.doc.id
    try {
      const ctx = { baseUrl: server.url, payload: server.payload }
      for (const door of DOORS) {
        const doc = await readOne(ctx, door, admin, 'webhooks', hook)
        expect(doc).toBeTruthy()
        expect(doc?.secret).toBeUndefined()
      }
      const rest = await request(`${server.url}/api/webhooks?depth=0`, {
        headers: { authorization: admin.authorization! },
      })
      expect(rest.status).toBe(200)
      expect(JSON.stringify(rest.body)).not.toContain(secret.slice(6))
      const gql = await graphql(
        server.url,
        `
          {
            Webhooks {
              docs {
                id
                url
                secret
              }
            }
          }
        `,
        {},
        admin.authorization!.slice(4),
      )
      expect(JSON.stringify(gql.body)).not.toContain(secret.slice(6))
      // Nor can an admin search by it.
      const probe = await request(
        `${server.url}/api/webhooks?where[secret][equals]=${encodeURIComponent(secret)}`,
        { headers: { authorization: admin.authorization! } },
      )
      expect(probe.body?.docs?.length ?? 0).toBe(0)
      // Stored, though: the sender reads it (system read).
      const stored = await server.payload.findByID({
        collection: 'webhooks',
        id: hook,
        overrideAccess: true,
        showHiddenFields: true,
      })
      expect(stored.secret).toBe(secret)
    } finally {
      await removeWebhook(hook)
    }
  })

  it('should give non-admins nothing from webhooks or deliveries through any door', async () => {
    const hook = (
      await createWebhook({
        events: ['article.published'],
        secret: SECRET,
        url: receiver.url('/ok'),
      })
    ).body.doc.id
    try {
      await writeArticle('POST', '?depth=0', { _status: 'published', title: 'Quyền truy cập' })
      const delivery = await waitFor('a delivery record', async () => (await deliveriesOf(hook))[0])
      const ctx = { baseUrl: server.url, payload: server.payload }
      const { actors } = world
      const others = [
        actors.bbt,
        actors.editorBql,
        actors.anonymous,
        actors.clientRead,
        actors.clientDrafts,
      ]
      for (const door of DOORS) {
        // The admin sees both (so the denials below are access, not a broken query).
        expect(await readOne(ctx, door, admin, 'webhooks', hook)).toBeTruthy()
        expect(await readOne(ctx, door, admin, 'webhook-deliveries', delivery.id)).toBeTruthy()
        for (const actor of others) {
          expect(await readOne(ctx, door, actor, 'webhooks', hook)).toBeNull()
          expect(await readOne(ctx, door, actor, 'webhook-deliveries', delivery.id)).toBeNull()
          expect(await countList(ctx, door, actor, 'webhooks')).toBeFalsy()
          expect(await countList(ctx, door, actor, 'webhook-deliveries')).toBeFalsy()
        }
      }
      const before = await server.payload.count({ collection: 'webhooks', overrideAccess: true })
      for (const door of ['local', 'rest'] as const) {
        for (const actor of others) {
          const res = await createDoc(ctx, door, actor, 'webhooks', {
            events: ['article.published'],
            secret: SECRET,
            url: receiver.url('/ok'),
          })
          expect(res.ok).toBe(false)
        }
      }
      const mutation = `mutation { createWebhook(data: { url: ${JSON.stringify(receiver.url('/ok'))}, events: [article_published], secret: ${JSON.stringify(SECRET)} }) { id } }`
      for (const actor of others) {
        const res = await request(`${server.url}/api/graphql`, {
          headers: actor.authorization ? { authorization: actor.authorization } : {},
          json: { query: mutation },
          method: 'POST',
        })
        expect(res.body?.data?.createWebhook ?? null).toBeNull()
      }
      const after = await server.payload.count({ collection: 'webhooks', overrideAccess: true })
      expect(after.totalDocs).toBe(before.totalDocs)
      // The same GraphQL mutation works for the admin.
      const allowed = await request(`${server.url}/api/graphql`, {
        headers: { authorization: admin.authorization! },
        json: { query: mutation },
        method: 'POST',
      })
      expect(allowed.body.errors).toBeUndefined()
      await removeWebhook(allowed.body.data.createWebhook.id)
    } finally {
      await removeWebhook(hook)
    }
  })
})

onDrizzle('webhooks with two instances', () => {
  let database: SharedDatabase
  let instances: Instance[] = []
  let receiver: Receiver
  let department: number

  beforeAll(async () => {
    receiver = await startReceiver()
    database = await sharedDatabase()
    department = await prepareDatabase(database.uri, async (payload) => {
      // Fixtures are system work.
      await payload.create({
        collection: 'users',
        data: { email: 'bbt.two@test.vn', password: PASSWORD, roles: ['bbt'] },
        overrideAccess: true,
      })
      await payload.create({
        collection: 'webhooks',
        data: {
          events: ['article.published', 'article.updated'],
          secret: SECRET,
          url: receiver.url('/ok'),
        },
        overrideAccess: true,
      })
      return createDepartment(payload)
    })
    instances = await Promise.all(
      ['a', 'b'].map((name) =>
        startInstance(name, {
          ...SETTINGS,
          DATABASE_URI: database.uri,
          PAYLOAD_SECRET: 'webhooks-two-instances-secret',
          REDIS_URL: '',
        }),
      ),
    )
  }, 240_000)

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()))
    await killAll(instances)
    await receiver?.close()
    await database?.drop()
  })

  it('should deliver each event once when two instances both run the queue', async () => {
    // One after the other: two logins at once race on the user's list of sessions.
    const tokens: string[] = []
    for (const instance of instances) {
      tokens.push(await login(instance.url, 'bbt.two@test.vn', PASSWORD))
    }
    const ids: number[] = []
    for (let index = 0; index < 6; index += 1) {
      const at = index % 2
      const res = await request(`${instances[at]!.url}/api/articles?depth=0`, {
        json: { _status: 'published', department, title: `Bài số ${index + 1}` },
        method: 'POST',
        token: tokens[at],
      })
      expect([res.status, res.status === 201 ? null : res.body]).toEqual([201, null])
      ids.push(res.body.doc.id)
    }
    await waitFor('six deliveries', () => receiver.received.length >= 6)
    // Both instances look at the queue every second: time for any second delivery to show.
    await sleep(4_000)
    const bodies = receiver.received.map((got) => verified(SECRET, got))
    expect(bodies.map((body) => body.data.id).sort()).toEqual([...ids].sort())
    expect(bodies.every((body) => body.type === 'article.published')).toBe(true)
    expect(new Set(receiver.received.map((got) => got.headers['webhook-id'])).size).toBe(6)
  }, 120_000)
})
