import type { AddressInfo } from 'node:net'

import http from 'node:http'

import { graphql, request } from '../helpers/http'
import type { TestServer } from '../helpers/startServer'
import { startServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { buildWorld } from '../helpers/world'
import { waitFor } from '../helpers/waitFor'

// Fixtures are system work (overrideAccess: true); the writes under test go through REST as the
// board member who makes them.

const onDrizzle = process.env.TEST_DATABASE === 'mongodb' ? describe.skip : describe
const SITE = 'https://portal.example.gov.vn'
const SETTINGS = [
  'CDN_PURGE_METHOD',
  'CDN_PURGE_URL',
  'SERVER_URL',
  'SITE_URL',
  'WEBHOOK_ALLOW_PRIVATE',
  'WEBHOOK_RETRY_DELAY_MS',
] as const
const saved: Record<string, string | undefined> = {}

type Purge = { method: string; params: URLSearchParams }

/** A real CDN purge receiver: answers 500 while `failing` is above zero, then 200; keeps all. */
const startReceiver = async () => {
  const state = { failing: 0, received: [] as Purge[] }
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const status = state.failing > 0 ? 500 : 200
      state.failing = Math.max(0, state.failing - 1)
      if (status === 200) {
        state.received.push({
          method: req.method ?? '',
          params: new URL(req.url ?? '/', 'http://x').searchParams,
        })
      }
      res.writeHead(status).end()
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
    state,
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

onDrizzle('behind a CDN', () => {
  let server: TestServer
  let world: World
  let receiver: Awaited<ReturnType<typeof startReceiver>>

  beforeAll(async () => {
    for (const name of SETTINGS) {
      saved[name] = process.env[name]
      delete process.env[name]
    }
    receiver = await startReceiver()
    Object.assign(process.env, {
      CDN_PURGE_URL: `http://127.0.0.1:${receiver.port}/purge?url={url}&path={path}&collection={collection}&slug={slug}`,
      SERVER_URL: 'https://cms.example.gov.vn',
      SITE_URL: SITE,
      WEBHOOK_ALLOW_PRIVATE: '1',
      WEBHOOK_RETRY_DELAY_MS: '50',
    })
    server = await startServer({ corsOrigins: [SITE], jobs: true })
    world = await buildWorld(server.payload, server.url)
  })

  afterAll(async () => {
    await server?.cleanup()
    await receiver?.close()
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) {
        delete process.env[name]
      } else {
        process.env[name] = value
      }
    }
  })

  const write = async (method: 'DELETE' | 'PATCH' | 'POST', path: string, json?: object) => {
    const res = await request(`${server.url}/api/articles${path}`, {
      headers: { authorization: world.actors.bbt.authorization! },
      json: method === 'POST' ? { department: world.orgs.bql, ...json } : json,
      method,
    })
    expect([res.status, res.body?.errors]).toEqual([method === 'POST' ? 201 : 200, undefined])
    return res.body?.doc as { id: number; slug: string }
  }

  it('should call the purge URL for the page and the API address on publish, published update, unpublish and delete, once each', async () => {
    const got = receiver.state.received
    got.length = 0
    const article = await write('POST', '?depth=0', { title: 'Thông báo lịch tiếp công dân' })
    // A draft nobody reads yet: nothing to purge.
    await sleep(2_500)
    expect(got).toHaveLength(0)
    const slug = article.slug
    const page = `${SITE}/articles/${encodeURIComponent(slug)}`
    const api = `https://cms.example.gov.vn/api/articles/${article.id}`
    const steps: [string, () => Promise<unknown>][] = [
      ['publish', () => write('PATCH', `/${article.id}?depth=0`, { _status: 'published' })],
      ['update', () => write('PATCH', `/${article.id}?depth=0`, { summary: 'Đã sửa.' })],
      ['unpublish', () => write('PATCH', `/${article.id}?depth=0`, { _status: 'draft' })],
      ['delete', () => write('DELETE', `/${article.id}`)],
    ]
    for (const [index, [what, step]] of steps.entries()) {
      await step()
      await waitFor(what, () => got.length >= 2 * (index + 1))
      if (what === 'update') {
        // A draft saved over the published record changes nothing readers see: no purge.
        await write('PATCH', `/${article.id}?depth=0&draft=true`, { summary: 'Nháp.' })
      }
    }
    // Time for anything sent twice to show up.
    await sleep(3_000)
    expect(got).toHaveLength(8)
    for (let event = 0; event < 4; event += 1) {
      const pair = got.slice(event * 2, event * 2 + 2)
      expect(pair.map(({ params }) => params.get('url')).sort()).toEqual([api, page].sort())
      expect(pair.map(({ params }) => params.get('path')).sort()).toEqual(
        [`/api/articles/${article.id}`, `/articles/${encodeURIComponent(slug)}`].sort(),
      )
      expect(pair.every(({ method }) => method === 'POST')).toBe(true)
      expect(pair.every(({ params }) => params.get('collection') === 'articles')).toBe(true)
      expect(pair.every(({ params }) => params.get('slug') === slug)).toBe(true)
    }
  })

  it('should purge the old page too when a published article changes its slug', async () => {
    const got = receiver.state.received
    const article = await write('POST', '?depth=0', {
      _status: 'published',
      title: 'Kế hoạch cải cách hành chính',
    })
    await waitFor('the publish purges', () =>
      got.some(({ params }) => params.get('slug') === article.slug),
    )
    await sleep(1_500)
    got.length = 0
    await write('PATCH', `/${article.id}?depth=0`, { slug: 'ke-hoach-cchc-2026' })
    await waitFor('the slug change purges', () => got.length >= 3)
    await sleep(2_000)
    expect(got.map(({ params }) => params.get('url')).sort()).toEqual(
      [
        `${SITE}/articles/${article.slug}`,
        `${SITE}/articles/ke-hoach-cchc-2026`,
        `https://cms.example.gov.vn/api/articles/${article.id}`,
      ].sort(),
    )
  })

  it('should retry a failed purge, use CDN_PURGE_METHOD, and refuse a loopback target without WEBHOOK_ALLOW_PRIVATE', async () => {
    const got = receiver.state.received
    got.length = 0
    process.env.CDN_PURGE_METHOD = 'PURGE'
    receiver.state.failing = 2
    try {
      await write('POST', '?depth=0', { _status: 'published', title: 'Lịch họp tuần' })
      await waitFor('the retried purges', () => got.length >= 2)
      await sleep(2_000)
      expect(got).toHaveLength(2)
      expect(got.every(({ method }) => method === 'PURGE')).toBe(true)
    } finally {
      delete process.env.CDN_PURGE_METHOD
      receiver.state.failing = 0
    }
    got.length = 0
    delete process.env.WEBHOOK_ALLOW_PRIVATE
    try {
      await write('POST', '?depth=0', { _status: 'published', title: 'Thông báo nghỉ lễ' })
      await sleep(4_000)
      expect(got).toHaveLength(0)
    } finally {
      process.env.WEBHOOK_ALLOW_PRIVATE = '1'
    }
  })

  it('should mark anonymous reads public and every answer to credentials private, in REST and GraphQL', async () => {
    await write('POST', '?depth=0', { _status: 'published', title: 'Tin công khai' })
    const path = `${server.url}/api/articles?limit=5&depth=0`
    const headers = { 'accept-encoding': 'gzip', origin: SITE }
    const anonymous = await request(path, { headers })
    const again = await request(path, { headers })
    // A draft URL is never for a shared cache, even answered with published content.
    const draftUrl = await request(`${path}&draft=true`, { headers })
    expect(draftUrl.headers.get('cache-control')).toBe('private, no-cache')
    for (const res of [anonymous, again]) {
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('public, max-age=30, stale-while-revalidate=60')
      const vary = (res.headers.get('vary') ?? '').toLowerCase()
      expect(vary).toContain('origin')
      expect(vary).toContain('accept-encoding')
    }
    expect(again.headers.get('x-cache')).toBe('HIT')
    const token = world.actors.bbt.authorization!.replace(/^JWT /, '')
    const credentialed: Record<string, Record<string, string>> = {
      authorization: { authorization: world.actors.bbt.authorization! },
      cookie: { cookie: `payload-token=${token}` },
      'api key': { authorization: world.actors.clientRead.authorization! },
      // Not valid, so answered as anonymous, but a CDN must still not keep it for others.
      'forged authorization': { authorization: 'JWT not-a-token' },
    }
    for (const [what, extra] of Object.entries(credentialed)) {
      const rest = await request(path, { headers: { ...headers, ...extra } })
      expect([what, rest.status, rest.headers.get('cache-control')]).toEqual([
        what,
        200,
        'private, no-cache',
      ])
      const one = await request(`${server.url}/api/users/me`, { headers: extra })
      expect([what, one.headers.get('cache-control')]).toEqual([what, 'private, no-cache'])
      const gql = await request(`${server.url}/api/graphql`, {
        headers: extra,
        json: { query: '{ Articles(limit: 2) { docs { id title } } }' },
        method: 'POST',
      })
      expect([what, gql.status, gql.headers.get('cache-control')]).toEqual([
        what,
        200,
        'private, no-cache',
      ])
    }
    const gqlAnonymous = await graphql(server.url, '{ Articles(limit: 2) { docs { id title } } }')
    expect(gqlAnonymous.headers.get('cache-control')).toBe(
      'public, max-age=30, stale-while-revalidate=60',
    )
  })
})
