import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import compression from 'compression'
import express from 'express'
import http from 'node:http'
import zlib from 'node:zlib'

import { sendWebResponse } from '../../src/http/bridge'
import { bufferedResponse, reanswer } from '../../src/http/handler'

/** What a client receives: status, headers and the bytes of the body (decompressed). */
type Received = { body: string; headers: http.IncomingHttpHeaders; status: number }

const get = (port: number, path: string, headers: Record<string, string> = {}) =>
  new Promise<Received>((resolve, reject) => {
    http
      .get({ headers, host: '127.0.0.1', path, port }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const raw = Buffer.concat(chunks)
          const body = res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw
          resolve({ body: body.toString('utf8'), headers: res.headers, status: res.statusCode! })
        })
        res.on('error', reject)
      })
      .on('error', reject)
  })

/** A body that arrives in pieces, as a streamed answer (a file, a feed) does. */
const streamOf = (parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) {
        controller.enqueue(new TextEncoder().encode(part))
      }
      controller.close()
    },
  })

const bigJson = JSON.stringify({
  docs: Array.from({ length: 2000 }, (_, id) => ({ id, t: 'tin bài' })),
})

/** bigJson as the chunks a page of stored renderings is made of, split inside a character too. */
const chunksOf = (text: string, size: number): Uint8Array[] => {
  const bytes = Buffer.from(text, 'utf8')
  const chunks: Uint8Array[] = []
  for (let at = 0; at < bytes.length; at += size) {
    chunks.push(bytes.subarray(at, at + size))
  }
  return chunks
}

describe('sendWebResponse (Express from a web Response)', () => {
  let server: Server
  let port: number

  beforeAll(async () => {
    const app = express()
    app.use(compression())
    app.get('/json', (_req, res) => {
      void sendWebResponse(
        res,
        new Response(bigJson, {
          headers: { 'content-type': 'application/json', etag: 'W/"x"', 'x-cache': 'MISS' },
          status: 200,
        }),
      )
    })
    app.get('/json-chunks', (_req, res) => {
      void sendWebResponse(
        res,
        bufferedResponse(chunksOf(bigJson, 7001), {
          headers: { 'content-type': 'application/json' },
          status: 200,
        }),
      )
    })
    app.get('/json-chunks-reanswered', (_req, res) => {
      const response = bufferedResponse(chunksOf(bigJson, 333), {
        headers: { 'content-type': 'application/json' },
        status: 200,
      })
      void sendWebResponse(
        res,
        reanswer(response, response.body, (headers) => headers.set('x-cache', 'MISS')),
      )
    })
    app.get('/json-stream', (_req, res) => {
      void sendWebResponse(
        res,
        new Response(streamOf(['{"a":', '"Hà Nội"', '}']), {
          headers: { 'content-type': 'application/json; charset=utf-8' },
          status: 201,
        }),
      )
    })
    app.get('/text', (_req, res) => {
      void sendWebResponse(
        res,
        new Response(streamOf(['một ', 'hai ', 'ba']), {
          headers: { 'content-type': 'text/plain' },
        }),
      )
    })
    app.get('/cookies', (_req, res) => {
      const headers = new Headers({ 'content-type': 'application/json' })
      headers.append('set-cookie', 'a=1; Path=/')
      headers.append('set-cookie', 'b=2; Path=/')
      void sendWebResponse(res, new Response('{"ok":true}', { headers, status: 200 }))
    })
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening))
    })
    port = (server.address() as AddressInfo).port
  })

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve))
  })

  it('sends a JSON answer whole, in one write with its length, headers and status kept', async () => {
    const answer = await get(port, '/json')
    expect(answer.status).toBe(200)
    expect(answer.body).toBe(bigJson)
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(bigJson)))
    expect(answer.headers['transfer-encoding']).toBeUndefined()
    expect(answer.headers.etag).toBe('W/"x"')
    expect(answer.headers['x-cache']).toBe('MISS')
  })

  it('sends a JSON answer compressed when the client asks, the same bytes once inflated', async () => {
    const answer = await get(port, '/json', { 'accept-encoding': 'gzip' })
    expect(answer.headers['content-encoding']).toBe('gzip')
    expect(answer.body).toBe(bigJson)
  })

  it.each([
    ['identity', '/json-chunks', {}],
    ['gzip', '/json-chunks', { 'accept-encoding': 'gzip' }],
    ['identity, rebuilt with other headers', '/json-chunks-reanswered', {}],
  ])(
    'sends an answer held as chunks in order, with their total length (%s)',
    async (_name, path, headers: Record<string, string>) => {
      const answer = await get(port, path, headers)
      expect(answer.status).toBe(200)
      expect(answer.body).toBe(bigJson)
      expect(answer.headers['transfer-encoding']).toBe(
        headers['accept-encoding'] ? 'chunked' : undefined,
      )
      if (!headers['accept-encoding']) {
        expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(bigJson)))
      }
      expect(answer.headers['x-cache']).toBe(path.endsWith('reanswered') ? 'MISS' : undefined)
    },
  )

  it('reads an answer held as chunks as a web body too, whole and in order', async () => {
    const response = bufferedResponse(chunksOf(bigJson, 4096), { status: 200 })
    expect(await response.text()).toBe(bigJson)
  })

  it('sends a JSON answer whose body is a stream in full (UTF-8 intact)', async () => {
    const answer = await get(port, '/json-stream')
    expect(answer.status).toBe(201)
    expect(answer.body).toBe('{"a":"Hà Nội"}')
  })

  it('streams any other body (chunked, no length known in advance)', async () => {
    const answer = await get(port, '/text')
    expect(answer.body).toBe('một hai ba')
    expect(answer.headers['transfer-encoding']).toBe('chunked')
    expect(answer.headers['content-length']).toBeUndefined()
  })

  it('keeps every Set-Cookie', async () => {
    const answer = await get(port, '/cookies')
    expect(answer.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/'])
    expect(answer.body).toBe('{"ok":true}')
  })
})
