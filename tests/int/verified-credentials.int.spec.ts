import http from 'node:http'

import type { TestServer } from '../helpers/startServer'

import { login } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { createDepartment, PASSWORD } from '../helpers/world'

type Sent = { body: any; headers: http.IncomingHttpHeaders; status: number }

/** A GET from a chosen loopback address (each address has its own rate-limit counts). */
const get = (from: string, url: string, headers: Record<string, string> = {}) =>
  new Promise<Sent>((resolve, reject) => {
    const target = new URL(url)
    const sent = http.request(
      {
        agent: false,
        headers,
        host: target.hostname,
        localAddress: from,
        path: `${target.pathname}${target.search}`,
        port: target.port,
      },
      (response) => {
        let raw = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (raw += chunk))
        response.on('end', () =>
          resolve({
            body: raw ? JSON.parse(raw) : null,
            headers: response.headers,
            status: response.statusCode ?? 0,
          }),
        )
      },
    )
    sent.on('error', reject)
    sent.end()
  })

let lastHost = 0
const freshAddress = () => {
  lastHost += 1
  return `127.0.4.${lastHost + 1}`
}

const API_PER_MINUTE = 3
const STAFF_FACTOR = 4
const KEY_ONE = 'verified-key-one-0123456789abcdef'
const KEY_TWO = 'verified-key-two-0123456789abcdef'
const FORGED: Record<string, string>[] = [
  { authorization: 'JWT x' },
  { authorization: 'Bearer forged.token.value' },
  { authorization: 'api-clients API-Key not-a-key-0123456789' },
  { cookie: 'payload-token=forged' },
]

describe('credentials are verified before they loosen anything', () => {
  let server: TestServer
  let token: string
  const list = () => `${server.url}/api/organizations?limit=1&depth=0`

  beforeAll(async () => {
    server = await startServer({
      rateLimits: {
        apiPerMinute: API_PER_MINUTE,
        forgotPasswordPerMinute: 5,
        graphqlPerMinute: API_PER_MINUTE,
        loginFailuresPerMinute: 10,
        staffFactor: STAFF_FACTOR,
      },
    })
    // System setup through the Local API: a department, an admin and two integrator keys.
    await createDepartment(server.payload)
    await server.payload.create({
      collection: 'users',
      data: { email: 'admin@verify.test', password: PASSWORD, roles: ['admin'] },
      overrideAccess: true,
    })
    for (const [name, apiKey] of [
      ['Cổng A', KEY_ONE],
      ['Cổng B', KEY_TWO],
    ]) {
      await server.payload.create({
        collection: 'api-clients',
        data: { apiKey, enableAPIKey: true, name: name!, scopes: ['read'] },
        overrideAccess: true,
      })
    }
    token = await login(server.url, 'admin@verify.test', PASSWORD)
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should serve a request with forged credentials from the anonymous cache', async () => {
    await get(freshAddress(), list())
    const anonymous = await get(freshAddress(), list())
    expect(anonymous.headers['x-cache']).toBe('HIT')
    for (const headers of FORGED) {
      const forged = await get(freshAddress(), list(), headers)
      expect(forged.status).toBe(200)
      expect(forged.headers['x-cache']).toBe('HIT')
      expect(forged.body).toEqual(anonymous.body)
    }
    // Valid credentials still skip it.
    const signedIn = await get(freshAddress(), list(), { authorization: `JWT ${token}` })
    expect(signedIn.status).toBe(200)
    expect(signedIn.headers['x-cache']).toBeUndefined()
    const key = await get(freshAddress(), list(), {
      authorization: `api-clients API-Key ${KEY_ONE}`,
    })
    expect(key.status).toBe(200)
    expect(key.headers['x-cache']).toBeUndefined()
  })

  it('should give forged credentials the anonymous limit, and valid ones the staff limit', async () => {
    for (const headers of FORGED) {
      const from = freshAddress()
      for (let i = 0; i < API_PER_MINUTE; i += 1) {
        expect((await get(from, list(), headers)).status).toBe(200)
      }
      expect((await get(from, list(), headers)).status).toBe(429)
    }
    const from = freshAddress()
    const staff = { authorization: `JWT ${token}` }
    for (let i = 0; i < API_PER_MINUTE * STAFF_FACTOR; i += 1) {
      expect((await get(from, list(), staff)).status).toBe(200)
    }
    expect((await get(from, list(), staff)).status).toBe(429)
  })

  it('should count an API key per key, wherever it calls from', async () => {
    const one = { authorization: `api-clients API-Key ${KEY_ONE}` }
    const two = { authorization: `api-clients API-Key ${KEY_TWO}` }
    const addresses = [freshAddress(), freshAddress(), freshAddress()]
    // Key two's allowance is one count, whichever address it calls from.
    for (let i = 0; i < API_PER_MINUTE * STAFF_FACTOR; i += 1) {
      expect((await get(addresses[i % 3]!, list(), two)).status).toBe(200)
    }
    expect((await get(freshAddress(), list(), two)).status).toBe(429)
    // Key one and the addresses themselves keep their own counts.
    expect((await get(addresses[0]!, list(), one)).status).toBe(200)
    expect((await get(addresses[1]!, list())).status).toBe(200)
  })
})
