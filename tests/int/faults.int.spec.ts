import type { Plugin } from 'payload'

import crypto from 'node:crypto'
import net from 'node:net'

import { defaultPlugins } from '../../src/config'
import { committedMigrations, migrationsPending } from '../../src/database'
import { addHooks } from '../../src/plugins/compose'
import type { ApiProcess } from '../helpers/apiProcess'
import { serveApi, stopApi as stop } from '../helpers/apiProcess'
import { request } from '../helpers/http'
import type { IntContext } from '../helpers/initPayloadInt'
import { initPayloadInt } from '../helpers/initPayloadInt'
import type { TestServer } from '../helpers/startServer'
import { startServer } from '../helpers/startServer'
import { waitFor } from '../helpers/waitFor'

// Setup and read-backs pass overrideAccess: true as system work; the requests under test use the caller's own access.

const onSqlite = process.env.TEST_DATABASE === 'mongodb' ? describe.skip : describe
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** 'connected' or the error code of a fresh TCP connection to `port`. */
const connectTo = (port: number) =>
  new Promise<string>((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
  })

onSqlite('faults: a hook that throws rolls back the whole transaction', () => {
  const NESTED_TOPIC = 'Chuyên mục tạo trong hook'
  let ctx: IntContext
  let nestedTopicId: null | number | string = null

  const throwingPlugin: Plugin = (config) =>
    addHooks(config, 'organizations', {
      afterChange: [
        async ({ operation, req }) => {
          // nested-docs re-saves a new organization (an update); fail the create itself.
          if (operation !== 'create') {
            return
          }
          const topic = await req.payload.create({
            collection: 'topics',
            data: { name: NESTED_TOPIC },
            req,
          })
          nestedTopicId = topic.id
          throw new Error('hook failed after a nested write')
        },
      ],
    })

  beforeAll(async () => {
    ctx = await initPayloadInt({
      key: 'faults-transactions',
      plugins: [...defaultPlugins(), throwingPlugin],
    })
  })

  afterAll(async () => {
    await ctx?.cleanup()
  })

  it('should reject the create with the hook error after the nested write', async () => {
    await expect(
      ctx.payload.create({
        collection: 'organizations',
        data: { _status: 'published', name: 'Sở Tư pháp', shortName: 'STP' },
        overrideAccess: true,
      }),
    ).rejects.toThrow('hook failed after a nested write')
    expect(nestedTopicId).not.toBeNull()
  })

  // Known defect, kept visible: @payloadcms/db-sqlite runs without transactions unless
  // `transactionOptions` is set, so the rows stay. Turn this into `it` once transactions are on.
  it('should leave neither the organization nor the nested topic behind', async () => {
    const { payload } = ctx
    const count = async (collection: 'audit-log' | 'organizations' | 'topics') =>
      (await payload.count({ collection, overrideAccess: true })).totalDocs
    expect({
      auditRecords: await count('audit-log'),
      organizationVersions: (
        await payload.findVersions({ collection: 'organizations', overrideAccess: true })
      ).totalDocs,
      organizations: await count('organizations'),
      topics: await count('topics'),
    }).toEqual({ auditRecords: 0, organizationVersions: 0, organizations: 0, topics: 0 })
  })
})

describe('faults: the server process', () => {
  const PASSWORD = 'Mật-khẩu-bí-mật-Quảng-Ninh-2024'
  const WRONG_PASSWORD = 'Sai-mật-khẩu-Hạ-Long-1999'
  const API_KEY = crypto.randomBytes(24).toString('hex')
  let ctx: IntContext
  let api: ApiProcess | undefined

  beforeAll(async () => {
    // Seeded through the Local API on the same database the spawned server then opens.
    ctx = await initPayloadInt({ key: 'faults-process' })
    await ctx.payload.create({
      collection: 'users',
      data: { email: 'quantri@test.vn', password: PASSWORD, roles: ['admin'] },
      overrideAccess: true,
    })
    await ctx.payload.create({
      collection: 'api-clients',
      data: {
        apiKey: API_KEY,
        enableAPIKey: true,
        name: 'Cổng dịch vụ công',
        scopes: ['read', 'read-drafts'],
      },
      overrideAccess: true,
    })
    // Only a caller whose key is accepted sees this draft, which proves the key was sent.
    await ctx.payload.create({
      collection: 'organizations',
      data: { _status: 'draft', name: 'Sở Khoa học và Công nghệ', shortName: 'SKHCN' },
      overrideAccess: true,
    })
  })

  afterEach(async () => {
    await stop(api)
    api = undefined
  })

  afterAll(async () => {
    await ctx?.cleanup()
  })

  it('should finish a request in flight, refuse new connections and exit 0 on SIGTERM', async () => {
    api = await serveApi({ DATABASE_URI: ctx.databaseUri })
    const port = Number(new URL(api.url).port)
    const encoder = new TextEncoder()
    let feed!: ReadableStreamDefaultController<Uint8Array>
    const body = new ReadableStream<Uint8Array>({ start: (controller) => void (feed = controller) })
    // A JSON body is parsed only once it is complete, so the request stays open while it trickles in.
    const slow = fetch(`${api.url}/api/users/login`, {
      body,
      duplex: 'half',
      headers: { 'content-type': 'application/json' },
      method: 'POST',
    } as RequestInit).then(async (res) => ({
      at: Date.now(),
      body: await res.text(),
      status: res.status,
    }))
    let answered = false
    // Handled here too: if an assertion below fails, the server is killed and this rejects, which
    // must not surface in the next test as an unhandled rejection.
    slow.then(
      () => (answered = true),
      () => undefined,
    )
    feed.enqueue(encoder.encode('{"email":"quantri@test.vn","password":"'))
    await sleep(300)

    const signalledAt = Date.now()
    api.child.kill('SIGTERM')
    await waitFor(
      'the server to take the signal',
      () => api!.output().includes('SIGTERM: closing'),
      {
        intervalMs: 20,
        timeoutMs: 5000,
      },
    )
    expect(await connectTo(port)).toBe('ECONNREFUSED')
    expect(answered).toBe(false)

    for (let i = 0; i < 10; i += 1) {
      feed.enqueue(encoder.encode('x'.repeat(50)))
      await sleep(100)
    }
    feed.enqueue(encoder.encode('"}'))
    feed.close()
    const res = await slow
    expect(res.at).toBeGreaterThan(signalledAt + 900)
    expect(res.status).toBe(401)
    expect(JSON.parse(res.body).errors[0].message).toEqual(expect.any(String))
    expect(await api.exited).toBe(0)
    // The fetch client's idle keep-alive socket holds server.close() open for a few seconds.
    expect(Date.now() - res.at).toBeLessThan(10_000)
  }, 300_000)

  it('should log refused input as info, not as errors', async () => {
    api = await serveApi({ DATABASE_URI: ctx.databaseUri, LOG_LEVEL: 'info' })
    const refused = [
      await request(`${api.url}/api/users/login`, {
        json: { email: 'quantri@test.vn', password: WRONG_PASSWORD },
        method: 'POST',
      }),
      await request(`${api.url}/api/articles?where[title][like][0]=a&where[title][like][1]=b`),
      await request(`${api.url}/api/articles?where[khongCo][equals]=1`),
      await request(`${api.url}/api/graphql`, {
        json: { query: '{ countArticles(where: { mentions: { like: 2 } }) { totalDocs } }' },
        method: 'POST',
      }),
    ]
    expect(refused.map(({ status }) => status)).toEqual([401, 400, 400, 200])
    expect(refused[3]!.body.errors[0].message).toMatch(/takes text/)

    api.child.kill('SIGTERM')
    expect(await api.exited).toBe(0)
    const log = api.output()
    // Each refusal is in the log, so the absence of an error line below means something.
    expect(log).toMatch(
      /Email hoặc mật khẩu không chính xác|email or password provided is incorrect/,
    )
    expect(log).toMatch(/"mentions" \(like\) takes text/)
    expect(log).toMatch(/khongCo/)
    expect(log).not.toMatch(/ERROR|"level":50/)
  }, 300_000)

  it('should log every request but never a password, token or API key', async () => {
    api = await serveApi({ DATABASE_URI: ctx.databaseUri, LOG_LEVEL: 'info' })
    const failed = await request(`${api.url}/api/users/login`, {
      json: { email: 'quantri@test.vn', password: WRONG_PASSWORD },
      method: 'POST',
    })
    expect(failed.status).toBe(401)
    const login = await request(`${api.url}/api/users/login`, {
      json: { email: 'quantri@test.vn', password: PASSWORD },
      method: 'POST',
    })
    expect(login.status).toBe(200)
    const token: string = login.body.token
    const me = await request(`${api.url}/api/users/me`, { token })
    expect(me.body.user.email).toBe('quantri@test.vn')
    const anonymous = await request(`${api.url}/api/organizations?depth=0`)
    expect(anonymous.body.totalDocs).toBe(0)
    const client = await request(`${api.url}/api/organizations?depth=0`, {
      headers: { authorization: `api-clients API-Key ${API_KEY}` },
    })
    expect(client.body.totalDocs).toBe(1)
    const byCookie = await request(`${api.url}/api/users/me`, {
      headers: { cookie: `payload-token=${token}` },
    })
    expect(byCookie.body.user.email).toBe('quantri@test.vn')
    const forgot = await request(`${api.url}/api/users/forgot-password`, {
      json: { email: 'quantri@test.vn' },
      method: 'POST',
    })
    expect(forgot.status).toBe(200)
    const { docs } = await ctx.payload.find({
      collection: 'users',
      overrideAccess: true,
      showHiddenFields: true,
      where: { email: { equals: 'quantri@test.vn' } },
    })
    const resetToken = (docs[0] as { resetPasswordToken?: string }).resetPasswordToken
    expect(resetToken).toEqual(expect.any(String))

    api.child.kill('SIGTERM')
    expect(await api.exited).toBe(0)
    const log = api.output()
    // The log is there and covers these requests, so the absences below mean something.
    expect(log).toContain('/api/users/login')
    expect(log).toContain('/api/users/me')
    expect(log).toContain('/api/organizations?depth=0')
    expect(log).toContain('/api/users/forgot-password')
    const secrets = {
      apiKey: API_KEY,
      password: PASSWORD,
      resetToken: resetToken!,
      token,
      tokenSignature: token.split('.')[2]!,
      wrongPassword: WRONG_PASSWORD,
    }
    for (const [name, secret] of Object.entries(secrets)) {
      expect([name, log.includes(secret)]).toEqual([name, false])
    }
  }, 300_000)
})

onSqlite('faults: readiness follows the migrations', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startServer()
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should answer /api/ready with 503 while a committed migration is not applied', async () => {
    expect((await request(`${server.url}/api/ready`)).status).toBe(200)
    // System work: the test forgets one applied migration, as a database a release behind would.
    const removed = await server.payload.delete({
      collection: 'payload-migrations',
      where: { name: { equals: committedMigrations(server.payload)[0]!.name } },
    })
    expect(removed.docs).toHaveLength(1)

    expect(await migrationsPending(server.payload)).toBe(1)
    const ready = await request(`${server.url}/api/ready`)
    expect(ready.status).toBe(503)
    expect(ready.body).toEqual({ status: 'not ready' })
    // The database itself still answers: only readiness reflects the missing migration.
    expect((await request(`${server.url}/api/health`)).status).toBe(200)
  })
})
