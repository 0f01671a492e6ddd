import type { AddressInfo } from 'node:net'

import http from 'node:http'

import { deliver, MAX_RESPONSE_BYTES } from '@/lib/webhooks'

// The delivery's guards against a real HTTP server on an ephemeral port.

let server: http.Server
let base: string
let hits: string[] = []

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '')
    if (req.url === '/hang') {
      return // Never answers.
    }
    if (req.url === '/redirect') {
      res.writeHead(307, { location: '/ok' }).end()
      return
    }
    if (req.url === '/big') {
      res.writeHead(200)
      // Far more than the cap, written as fast as the socket takes it.
      const chunk = Buffer.alloc(64 * 1024, 'x')
      const pump = () => {
        while (res.write(chunk)) {
          // Keep writing until the socket pushes back or closes.
        }
      }
      res.on('drain', pump)
      pump()
      return
    }
    res.writeHead(204).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  hits = []
})

const send = (url: string, allowPrivate = true, timeoutMs = 2_000) =>
  deliver({ allowPrivate, body: '{}', headers: { 'webhook-id': 'msg_1' }, timeoutMs, url })

describe('webhook delivery', () => {
  it('should count a 2xx answer as delivered', async () => {
    expect(await send(`${base}/ok`)).toMatchObject({ ok: true, status: 204 })
  })

  it('should not follow a redirect and count it as failed', async () => {
    const result = await send(`${base}/redirect`)
    expect(result).toMatchObject({ ok: false, status: 307 })
    expect(result.error).toContain('redirect')
    expect(hits).toEqual(['/redirect'])
  })

  it('should give up on a receiver that does not answer in time', async () => {
    const result = await send(`${base}/hang`, true, 300)
    expect(result.ok).toBe(false)
    expect(result.error).toContain('no answer within 300 ms')
    expect(result.durationMs).toBeLessThan(5_000)
  })

  it('should stop reading a long answer at the cap', async () => {
    // The answer never ends: without the cap this would run into the time limit and fail.
    const result = await send(`${base}/big`)
    expect(result).toMatchObject({ ok: true, status: 200 })
    expect(MAX_RESPONSE_BYTES).toBe(64 * 1024)
  })

  it('should refuse loopback without WEBHOOK_ALLOW_PRIVATE, by address and by name, sending nothing', async () => {
    const byAddress = await send(`${base}/ok`, false)
    expect(byAddress).toMatchObject({ ok: false, refused: true })
    const byName = await send(`${base.replace('127.0.0.1', 'localhost')}/ok`, false)
    expect(byName).toMatchObject({ ok: false, refused: true })
    expect(byName.error).toContain('localhost resolves to')
    expect(hits).toEqual([])
  })

  it('should refuse link-local and metadata addresses even when private ones are allowed', async () => {
    for (const url of [
      'http://169.254.169.254/latest',
      'http://[fe80::1]/',
      'http://[::ffff:a9fe:a9fe]/',
    ]) {
      expect(await send(url, true)).toMatchObject({ ok: false, refused: true })
    }
  })
})
