import { jest } from '@jest/globals'
import type { FuzzActor } from '../helpers/fuzzWorld'
import { fuzzWorldPerSuite } from '../helpers/fuzzWorld'
import type { AddressInfo } from 'node:net'

import type { TestServer } from '../helpers/startServer'

import express from 'express'
import { buildClientSchema, getIntrospectionQuery } from 'graphql'
import http from 'node:http'

import { rateLimits, rateLimitsFromEnv } from '../../src/http/rateLimit'
import { login } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { PASSWORD } from '../helpers/world'

type Sent = { body: any; headers: http.IncomingHttpHeaders; status: number }

type SendInit = {
  body?: unknown
  headers?: Record<string, string>
  method?: string
  token?: string
}

/** One request from a chosen loopback address: every address has its own rate-limit counts. */
const send = (
  from: string,
  url: string,
  { body, headers = {}, method = 'GET', token }: SendInit = {},
) =>
  new Promise<Sent>((resolve, reject) => {
    const target = new URL(url)
    const text = body === undefined || typeof body === 'string' ? body : JSON.stringify(body)
    const request = http.request(
      {
        agent: false,
        headers: {
          ...(text !== undefined && typeof body !== 'string'
            ? { 'content-type': 'application/json' }
            : {}),
          ...(token ? { authorization: `JWT ${token}` } : {}),
          ...headers,
        },
        host: target.hostname,
        localAddress: from,
        method,
        path: `${target.pathname}${target.search}`,
        port: target.port,
      },
      (response) => {
        let raw = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (raw += chunk))
        response.on('end', () => {
          let parsed: unknown = raw
          try {
            parsed = raw ? JSON.parse(raw) : null
          } catch {
            // Not JSON: the test asserts on that.
          }
          resolve({ body: parsed, headers: response.headers, status: response.statusCode ?? 0 })
        })
      },
    )
    request.on('error', reject)
    request.end(text)
  })

let lastHost = 0
/** A loopback address no earlier request used (127.0.0.1 is left to the shared fetch helpers). */
const freshAddress = () => {
  lastHost += 1
  return `127.0.${Math.floor(lastHost / 250) + 1}.${(lastHost % 250) + 2}`
}

/** A request from its own address, for tests about something other than rate limits. */
const call = (url: string, init?: SendInit) => send(freshAddress(), url, init)

const failedLogin = (from: string, url: string, headers: Record<string, string> = {}) =>
  send(from, `${url}/api/users/login`, {
    body: { email: 'nobody@example.com', password: 'wrong' },
    headers,
    method: 'POST',
  })

const graphqlFrom = (from: string, url: string, query: string, token?: string) =>
  send(from, `${url}/api/graphql`, { body: { query }, method: 'POST', token })

const gql = (url: string, query: string, token?: string) =>
  graphqlFrom(freshAddress(), url, query, token)

const nest = <T>(levels: number, inner: T, wrap: (inner: T) => T): T =>
  levels === 0 ? inner : nest(levels - 1, wrap(inner), wrap)

const API_PER_MINUTE = 4
const GRAPHQL_PER_MINUTE = 3
const STAFF_FACTOR = 5

describe('reliability limits', () => {
  let server: TestServer
  let adminToken: string
  let newestPlanId: number

  beforeAll(async () => {
    server = await startServer({
      introspection: 'authenticated',
      rateLimits: {
        apiPerMinute: API_PER_MINUTE,
        forgotPasswordPerMinute: 5,
        graphqlPerMinute: GRAPHQL_PER_MINUTE,
        loginFailuresPerMinute: 10,
        staffFactor: STAFF_FACTOR,
      },
    })
    // System setup, not a request under test: the Local API without access control.
    const { payload } = server
    await payload.create({
      collection: 'users',
      data: { email: 'admin@example.com', password: PASSWORD, roles: ['admin'] },
      overrideAccess: true,
    })
    await payload.create({
      collection: 'users',
      data: { email: 'staff@example.com', password: PASSWORD, roles: ['admin'] },
      overrideAccess: true,
    })
    let department: number | undefined
    for (let i = 0; i < 105; i += 1) {
      const organization = await payload.create({
        collection: 'organizations',
        data: { _status: 'published', name: `Cơ quan ${i}` },
        overrideAccess: true,
      })
      department ??= organization.id
    }
    // A chain of five plans for depth: newest supersedes the one before, and so on.
    let previous: number | undefined
    for (let i = 0; i < 5; i += 1) {
      const plan = await payload.create({
        collection: 'plans',
        data: {
          _status: 'published',
          department: department as number,
          issuedOn: `2024-0${i + 1}-15`,
          number: `${i + 1}/KH-TEST`,
          supersedes: previous,
          title: `Kế hoạch ${i + 1}`,
        },
        overrideAccess: true,
      })
      previous = plan.id
    }
    newestPlanId = previous as number
    adminToken = await login(server.url, 'admin@example.com', PASSWORD)
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  describe('rate limits', () => {
    it('should answer the 11th failed login in a minute with 429, Retry-After and a JSON error', async () => {
      const from = freshAddress()
      for (let i = 0; i < 10; i += 1) {
        expect((await failedLogin(from, server.url)).status).toBe(401)
      }
      const res = await failedLogin(from, server.url)
      expect(res.status).toBe(429)
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60)
      expect(res.body.errors[0].message).toMatch(/login/i)
    })

    it('should not count successful logins', async () => {
      const from = freshAddress()
      for (let i = 0; i < 9; i += 1) {
        expect((await failedLogin(from, server.url)).status).toBe(401)
      }
      for (let i = 0; i < 3; i += 1) {
        const ok = await send(from, `${server.url}/api/users/login`, {
          body: { email: 'staff@example.com', password: PASSWORD },
          method: 'POST',
        })
        expect(ok.status).toBe(200)
      }
      expect((await failedLogin(from, server.url)).status).toBe(401)
      expect((await failedLogin(from, server.url)).status).toBe(429)
    })

    it('should ignore a forged X-Forwarded-For and still count each address on its own', async () => {
      const from = freshAddress()
      const statuses: number[] = []
      for (let i = 0; i < 11; i += 1) {
        statuses.push(
          (await failedLogin(from, server.url, { 'x-forwarded-for': `203.0.113.${i}` })).status,
        )
      }
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401))
      expect(statuses[10]).toBe(429)
      // Another client, also IPv4 on the dual-stack socket, keeps its own allowance.
      expect((await failedLogin(freshAddress(), server.url)).status).toBe(401)
    })

    it('should give no extra login attempts for an Authorization header', async () => {
      const from = freshAddress()
      const headers = { authorization: 'JWT not-a-token' }
      for (let i = 0; i < 10; i += 1) {
        expect((await failedLogin(from, server.url, headers)).status).toBe(401)
      }
      expect((await failedLogin(from, server.url, headers)).status).toBe(429)
    })

    it('should allow five forgot-password requests a minute', async () => {
      const from = freshAddress()
      const forgot = () =>
        send(from, `${server.url}/api/users/forgot-password`, {
          body: { email: 'nobody@example.com' },
          method: 'POST',
        })
      for (let i = 0; i < 5; i += 1) {
        expect((await forgot()).status).toBe(200)
      }
      const res = await forgot()
      expect(res.status).toBe(429)
      expect(res.headers['retry-after']).toBeDefined()
    })

    it('should limit GraphQL apart from the rest of the API', async () => {
      const from = freshAddress()
      for (let i = 0; i < GRAPHQL_PER_MINUTE; i += 1) {
        expect((await graphqlFrom(from, server.url, '{ __typename }')).status).toBe(200)
      }
      const res = await graphqlFrom(from, server.url, '{ __typename }')
      expect(res.status).toBe(429)
      expect(res.body.errors[0].message).toEqual(expect.any(String))
      expect((await send(from, `${server.url}/api/organizations?limit=1`)).status).toBe(200)
    })

    it('should give requests with credentials five times the API limit on the same count', async () => {
      const from = freshAddress()
      const list = (token?: string) =>
        send(from, `${server.url}/api/organizations?limit=1`, { token })
      for (let i = 0; i < API_PER_MINUTE; i += 1) {
        expect((await list()).status).toBe(200)
      }
      expect((await list()).status).toBe(429)
      // The key stays the address: signed-in requests continue the same count up to 5×.
      for (let i = API_PER_MINUTE + 1; i < API_PER_MINUTE * STAFF_FACTOR; i += 1) {
        expect((await list(adminToken)).status).toBe(200)
      }
      expect((await list(adminToken)).status).toBe(429)
    })

    it('should never limit /api/health and /api/ready', async () => {
      const from = freshAddress()
      for (let i = 0; i <= API_PER_MINUTE; i += 1) {
        await send(from, `${server.url}/api/organizations?limit=1`)
      }
      expect((await send(from, `${server.url}/api/organizations?limit=1`)).status).toBe(429)
      for (let i = 0; i <= API_PER_MINUTE; i += 1) {
        expect((await send(from, `${server.url}/api/health`)).status).toBe(200)
        expect((await send(from, `${server.url}/api/ready`)).status).toBe(200)
      }
    })

    it('should count every GraphQL login mutation against the login limit', async () => {
      const from = freshAddress()
      const mutation =
        'mutation { loginUser(email: "nobody@example.com", password: "x") { token } }'
      for (let i = 0; i < 10; i += 1) {
        const res = await send(from, `${server.url}/api/graphql`, {
          body: { query: mutation },
          method: 'POST',
          token: adminToken,
        })
        expect(res.body.errors).toBeDefined()
      }
      const res = await send(from, `${server.url}/api/graphql`, {
        body: { query: mutation },
        method: 'POST',
        token: adminToken,
      })
      expect(res.status).toBe(429)
    })

    it('should count repeated identical anonymous login mutations (never answered from the cache)', async () => {
      const from = freshAddress()
      const mutation =
        'mutation { loginUser(email: "nobody-anon@example.com", password: "x") { token } }'
      for (let i = 0; i < 10; i += 1) {
        const res = await send(from, `${server.url}/api/graphql`, {
          body: { query: mutation },
          method: 'POST',
        })
        expect(res.body.errors).toBeDefined()
        expect(res.headers['x-cache']).toBeUndefined()
      }
      const res = await send(from, `${server.url}/api/graphql`, {
        body: { query: mutation },
        method: 'POST',
      })
      expect(res.status).toBe(429)
    })

    it('should refuse two login mutations in one GraphQL request', async () => {
      const res = await gql(
        server.url,
        'mutation { a: loginUser(email: "a@example.com", password: "x") { token } b: loginUser(email: "b@example.com", password: "y") { token } }',
      )
      expect(res.status).toBe(200)
      expect(res.body.errors[0].message).toMatch(/one login/)
      expect(res.body).not.toHaveProperty('data')
    })

    it('should read its settings from RATE_LIMIT_* and refuse a bad value by name', () => {
      expect(rateLimitsFromEnv({ RATE_LIMIT: '0' })).toBe(false)
      expect(rateLimitsFromEnv({})).toEqual({
        apiPerMinute: 1200,
        forgotPasswordPerMinute: 5,
        graphqlPerMinute: 300,
        loginFailuresPerMinute: 10,
        staffFactor: 5,
      })
      expect(rateLimitsFromEnv({ RATE_LIMIT_LOGIN: '3' })).toMatchObject({
        loginFailuresPerMinute: 3,
      })
      expect(() => rateLimitsFromEnv({ RATE_LIMIT_API: 'lots' })).toThrow(/RATE_LIMIT_API/)
    })

    it('should limit nothing when RATE_LIMIT=0', async () => {
      const saved = process.env.RATE_LIMIT
      process.env.RATE_LIMIT = '0'
      const limits = rateLimits()
      if (saved === undefined) {
        delete process.env.RATE_LIMIT
      } else {
        process.env.RATE_LIMIT = saved
      }
      // A bare app stands in for Payload: only the limiter's verdict matters here.
      const app = express()
      app.use('/api', limits.api, (_req, res) => {
        res.status(401).json({ errors: [{ message: 'no' }] })
      })
      const bare = app.listen(0)
      await new Promise((resolve) => bare.once('listening', resolve))
      const url = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`
      try {
        const from = freshAddress()
        for (let i = 0; i < 15; i += 1) {
          expect((await failedLogin(from, url)).status).toBe(401)
        }
      } finally {
        await new Promise((resolve) => bare.close(resolve))
      }
    })
  })

  describe('anonymous REST caps', () => {
    it('should give an anonymous caller at most 100 documents however large the limit', async () => {
      const res = await call(`${server.url}/api/organizations?limit=500`)
      expect(res.status).toBe(200)
      expect(res.body.docs).toHaveLength(100)
      expect(res.body.totalDocs).toBeGreaterThan(100)
    })

    it('should page limit=0 and pagination=false at 100 for an anonymous caller', async () => {
      for (const query of ['limit=0', 'pagination=false', 'pagination=false&limit=1000']) {
        const res = await call(`${server.url}/api/organizations?${query}`)
        expect(res.status).toBe(200)
        expect(res.body.docs).toHaveLength(100)
        expect(res.body.hasNextPage).toBe(true)
      }
    })

    it('should leave a signed-in caller uncapped', async () => {
      const res = await call(`${server.url}/api/organizations?pagination=false`, {
        token: adminToken,
      })
      expect(res.status).toBe(200)
      expect(res.body.docs.length).toBeGreaterThan(100)
    })

    it('should not lift the caps for a forged Authorization header', async () => {
      const res = await call(`${server.url}/api/organizations?limit=0`, {
        headers: { authorization: 'JWT forged.token.value' },
      })
      expect(res.status).toBe(200)
      expect(res.body.docs).toHaveLength(100)
    })

    it('should cap a method-override POST the way it caps a GET', async () => {
      const res = await call(`${server.url}/api/organizations`, {
        body: 'limit=0&depth=0',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-payload-http-method-override': 'GET',
        },
        method: 'POST',
      })
      expect(res.status).toBe(200)
      expect(res.body.docs).toHaveLength(100)
    })

    it('should populate at most 3 levels deep for an anonymous caller', async () => {
      const anonymous = await call(`${server.url}/api/plans/${newestPlanId}?depth=6`)
      expect(anonymous.status).toBe(200)
      expect(typeof anonymous.body.supersedes.supersedes.supersedes).toBe('object')
      expect(typeof anonymous.body.supersedes.supersedes.supersedes.supersedes).not.toBe('object')
      const admin = await call(`${server.url}/api/plans/${newestPlanId}?depth=6`, {
        token: adminToken,
      })
      expect(typeof admin.body.supersedes.supersedes.supersedes.supersedes).toBe('object')
    })

    it('should answer a where nested deeper than 5 and/or levels with 400 naming where, for everyone', async () => {
      const clause = nest(6, 'where[name][equals]=x', (inner) =>
        inner.replace('where', 'where[or][0]'),
      )
      const res = await call(`${server.url}/api/organizations?${clause}`, { token: adminToken })
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toMatch(/where/)
    })

    it('should accept a where nested 5 levels deep', async () => {
      const where = nest(5, { name: { equals: 'Cơ quan 7' } } as object, (inner) => ({
        or: [inner],
      }))
      const res = await call(
        `${server.url}/api/organizations?where=${encodeURIComponent(JSON.stringify(where))}`,
      )
      expect(res.status).toBe(200)
      expect(res.body.totalDocs).toBe(1)
    })

    it('should answer a where that is not valid JSON with 400, logging no error', async () => {
      const errors = jest.spyOn(server.payload.logger, 'error')
      try {
        const res = await call(
          `${server.url}/api/organizations?where=${encodeURIComponent('{"or":[')}`,
        )
        expect(res.status).toBe(400)
        expect(res.body.errors[0].message).toBe('The "where" parameter is not valid JSON.')
        expect(errors).not.toHaveBeenCalled()
      } finally {
        errors.mockRestore()
      }
    })

    it('should still read a where sent as JSON text', async () => {
      const res = await call(
        `${server.url}/api/organizations?limit=1&where=${encodeURIComponent('{"name":{"exists":true}}')}`,
      )
      expect(res.status).toBe(200)
      expect(res.body.docs).toHaveLength(1)
    })
  })

  describe('anonymous GraphQL caps', () => {
    const list = async (query: string, variables: Record<string, unknown> = {}, token?: string) =>
      call(`${server.url}/api/graphql`, {
        body: { query, variables },
        method: 'POST',
        ...(token ? { token } : {}),
      })

    it('should cap limit: 0, a limit above 100 and pagination: false at 100 for an anonymous caller', async () => {
      for (const args of [
        'limit: 0',
        'limit: 5000',
        'pagination: false',
        'pagination: false, limit: 0',
      ]) {
        const res = await list(`{ Organizations(${args}) { docs { id } totalDocs hasNextPage } }`)
        expect(res.status).toBe(200)
        expect(res.body.errors).toBeUndefined()
        expect(res.body.data.Organizations.docs).toHaveLength(100)
        expect(res.body.data.Organizations.totalDocs).toBeGreaterThan(100)
      }
    })

    it('should cap a limit passed as a variable, under an alias too', async () => {
      const res = await list(
        'query ($n: Int, $all: Boolean) { all: Organizations(limit: $n, pagination: $all) { docs { id } } }',
        { all: false, n: 0 },
      )
      expect(res.body.errors).toBeUndefined()
      expect(res.body.data.all.docs).toHaveLength(100)
    })

    it('should leave limits of 1 to 100 alone and a signed-in caller uncapped', async () => {
      const small = await list('{ Organizations(limit: 7) { docs { id } } }')
      expect(small.body.data.Organizations.docs).toHaveLength(7)
      const signedIn = await list('{ Organizations(limit: 0) { docs { id } } }', {}, adminToken)
      expect(signedIn.body.data.Organizations.docs.length).toBeGreaterThan(100)
    })
  })

  describe('GraphQL limits', () => {
    const parents = (levels: number) => nest(levels, 'id', (inner) => `parent { ${inner} }`)

    it('should run a query nested exactly 10 levels deep', async () => {
      // Organizations › docs › 7 × parent › id
      const res = await gql(server.url, `{ Organizations(limit: 1) { docs { ${parents(7)} } } }`)
      expect(res.status).toBe(200)
      expect(res.body.errors).toBeUndefined()
      expect(res.body.data.Organizations.docs).toHaveLength(1)
    })

    it('should refuse a query nested 11 levels deep with errors and no data', async () => {
      const res = await gql(server.url, `{ Organizations(limit: 1) { docs { ${parents(8)} } } }`)
      expect(res.status).toBe(200)
      expect(res.body.errors[0].message).toMatch(/deeper than 10/)
      expect(res.body).not.toHaveProperty('data')
    })

    it('should follow fragments when measuring depth', async () => {
      const res = await gql(
        server.url,
        `{ Organizations(limit: 1) { docs { ...Deep } } } fragment Deep on Organization { ${parents(8)} }`,
      )
      expect(res.body.errors[0].message).toMatch(/deeper than 10/)
      expect(res.body).not.toHaveProperty('data')
    })

    it('should answer a fragment cycle with errors and no data, not a 5xx', async () => {
      // Payload's complexity rule alone recurses on this until the stack overflows.
      const res = await gql(
        server.url,
        '{ Organizations { docs { ...A } } } fragment A on Organization { parent { ...B } } fragment B on Organization { parent { ...A } }',
      )
      expect(res.status).toBe(200)
      expect(res.body.errors[0].message).toMatch(/within itself/)
      expect(res.body).not.toHaveProperty('data')
    })

    it('should refuse absurdly nested fragments with errors, not a 5xx', async () => {
      const chain = Array.from(
        { length: 2500 },
        (_, i) => `fragment F${i} on Query { ...F${i + 1} }`,
      ).join(' ')
      const inline = nest(4000, '__typename', (inner) => `... on Query { ${inner} }`)
      for (const query of [
        `{ ...F0 } ${chain} fragment F2500 on Query { __typename }`,
        `{ ${inline} }`,
      ]) {
        const res = await gql(server.url, query)
        expect(res.status).toBeLessThan(500)
        expect(res.body.errors[0].message).toEqual(expect.any(String))
        expect(res.body).not.toHaveProperty('data')
      }
    })

    it('should allow 50 aliases and refuse 51', async () => {
      const aliases = (count: number) =>
        `{ ${Array.from({ length: count }, (_, i) => `a${i}: __typename`).join(' ')} }`
      const fifty = await gql(server.url, aliases(50))
      expect(fifty.body.data.a49).toBe('Query')
      const fiftyOne = await gql(server.url, aliases(51))
      expect(fiftyOne.status).toBe(200)
      expect(fiftyOne.body.errors[0].message).toMatch(/50 aliases/)
      expect(fiftyOne.body).not.toHaveProperty('data')
    })

    it('should count aliases inside a fragment each time it is spread', async () => {
      // 20 aliases written once, spread three times: 60 run.
      const many = Array.from({ length: 20 }, (_, i) => `f${i}: __typename`).join(' ')
      const spreads = Array(3).fill('... on Query { ...Many }').join(' ')
      const res = await gql(server.url, `{ ${spreads} } fragment Many on Query { ${many} }`)
      expect(res.body.errors[0].message).toMatch(/50 aliases/)
      expect(res.body).not.toHaveProperty('data')
    })

    it('should answer an over-complex query with errors, no data and no 5xx', async () => {
      const query = `{ ${Array.from(
        { length: 45 },
        (_, i) => `a${i}: Organizations { docs { ${parents(3)} } }`,
      ).join(' ')} }`
      const res = await gql(server.url, query)
      // Payload's own maxComplexity rule answers this; the depth and alias limits let it through.
      expect(res.status).toBe(200)
      expect(res.body.errors[0].message).toMatch(/complexity/i)
      expect(res.body).not.toHaveProperty('data')
    })

    it('should answer batched operations with 400', async () => {
      const res = await call(`${server.url}/api/graphql`, {
        body: [{ query: '{ __typename }' }, { query: '{ __typename }' }],
        method: 'POST',
      })
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toMatch(/[Bb]atched/)
    })

    it('should refuse a document over 100 KB with errors and no data', async () => {
      const res = await gql(server.url, `{ __typename }\n# ${'x'.repeat(101 * 1024)}`)
      expect(res.status).toBe(200)
      expect(res.body.errors[0].message).toMatch(/100 KB/)
      expect(res.body).not.toHaveProperty('data')
    })

    it('should answer an unparseable query with 400 and a JSON error', async () => {
      const res = await gql(server.url, '{ Organizations { docs { id }')
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toMatch(/Syntax Error/)
    })

    it('should refuse introspection to anonymous callers when it is for signed-in users only', async () => {
      for (const query of [
        '{ __schema { queryType { name } } }',
        '{ __type(name: "Organization") { name } }',
      ]) {
        const res = await gql(server.url, query)
        expect(res.status).toBe(200)
        expect(res.body.errors[0].message).toMatch(/introspection/i)
        expect(res.body).not.toHaveProperty('data')
      }
      const forged = await call(`${server.url}/api/graphql`, {
        body: { query: '{ __schema { queryType { name } } }' },
        headers: { authorization: 'JWT forged' },
        method: 'POST',
      })
      expect(forged.body).not.toHaveProperty('data')
    })

    it('should answer introspection from a signed-in user', async () => {
      const res = await gql(server.url, '{ __schema { queryType { name } } }', adminToken)
      expect(res.status).toBe(200)
      expect(res.body.data.__schema.queryType.name).toBe('Query')
    })

    it("should answer a code generator's full introspection query from a signed-in user", async () => {
      // graphql-js's standard query (GraphiQL, graphql-codegen) nests `ofType` past depth 10.
      const res = await gql(server.url, getIntrospectionQuery(), adminToken)
      expect(res.body.errors).toBeUndefined()
      const schema = buildClientSchema(res.body.data)
      expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(
        expect.arrayContaining(['Articles', 'Article', 'People', 'Plans', 'Organizations']),
      )
    })

    it('should still refuse introspection nested absurdly deep, and deep queries beside it', async () => {
      const ofTypes = (levels: number): string =>
        levels === 0 ? 'name' : `name ofType { ${ofTypes(levels - 1)} }`
      const deep = await gql(
        server.url,
        `{ __type(name: "Article") { ${ofTypes(40)} } }`,
        adminToken,
      )
      expect(deep.status).toBe(200)
      expect(deep.body.errors[0].message).toMatch(/introspection query is nested deeper than 30/)
      expect(deep.body).not.toHaveProperty('data')

      const nested = (levels: number): string =>
        levels === 0 ? 'id' : `parent { ${nested(levels - 1)} }`
      const beside = await gql(
        server.url,
        `{ __schema { queryType { name } } Organizations { docs { ${nested(12)} } } }`,
        adminToken,
      )
      expect(beside.body.errors[0].message).toMatch(/deeper than 10 levels/)
      expect(beside.body).not.toHaveProperty('data')
    })
  })
})

// Regressions the fuzz suite (fuzz.int.spec.ts) found, in the world it runs against (tests/helpers/fuzzWorld.ts): each was a 5xx, a hang or a leak before its fix.
describe('limits: regressions found by fuzzing (where, join sort, data on reads)', () => {
  const suite = fuzzWorldPerSuite()

  it.each<[string, number, FuzzActor, string]>([
    ['a limit given twice', 400, 'editor', '/api/articles?limit[0]=0&limit[1]=0'],
    ['a fractional limit', 400, 'editor', '/api/articles?limit=1.5'],
    ['a data document on a read', 400, 'anonymous', '/api/organizations/1?data='],
    [
      'a join sorted by a translated field',
      400,
      'anonymous',
      '/api/organizations?joins[departmentArticles][sort]=title',
    ],
    ['an operator SQLite lacks', 400, 'anonymous', '/api/media?where[id][intersects]=%25'],
    ['a list where one value belongs', 400, 'anonymous', '/api/people?where[id][equals][]='],
    ['text that is not a date', 400, 'editor', '/api/articles?where[publishedAt][contains]=x'],
    ['a list for like', 400, 'anonymous', '/api/articles?where[title][like][]=x'],
  ])('should answer %s with %i, not a 5xx', async (_name, status, actor, path) => {
    expect((await suite.fuzz.call(actor, path)).status).toBe(status)
  })
})
