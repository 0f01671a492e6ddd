import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'

import compression from 'compression'
import express from 'express'
import http from 'node:http'
import zlib from 'node:zlib'

import { sendWebResponse } from '../../src/http/bridge'

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
