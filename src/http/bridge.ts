import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express'

import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/**
 * The request body as a web stream. Node 20's `Readable.toWeb` keeps enqueueing after the reader
 * cancels it (Payload's upload parser does on a file over the size limit) and throws "Controller
 * is already closed" outside any handler, which ends the process: one oversized upload, even an
 * anonymous one, took the server down. Here a cancelled stream drops the rest of the body.
 */
const bodyStream = (req: Readable): ReadableStream<Uint8Array> => {
  let open = true
  return new ReadableStream<Uint8Array>({
    cancel() {
      open = false
      // Read and discard the rest, so the response can be sent; the connection then closes.
      req.resume()
    },
    pull() {
      req.resume()
    },
    start(controller) {
      req.pause()
      req.on('data', (chunk: Buffer) => {
        if (!open) {
          return
        }
        controller.enqueue(chunk)
        if ((controller.desiredSize ?? 0) <= 0) {
          req.pause()
        }
      })
      req.once('end', () => {
        if (open) {
          open = false
          controller.close()
        }
      })
      const fail = (error: Error) => {
        if (open) {
          open = false
          controller.error(error)
        }
      }
      req.once('error', fail)
      // A client that goes away mid-body ends the request with neither 'end' nor always 'error'.
      req.once('close', () => fail(new Error('The request body was not received in full.')))
    },
  })
}

/** Builds the web `Request` Payload's handlers take from an Express request. */
export const toWebRequest = (req: ExpressRequest, body?: Buffer | string): Request => {
  const url = new URL(req.originalUrl, `http://${req.headers.host ?? 'localhost'}`)
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) {
      for (const item of value) {
        headers.append(name, item)
      }
    } else if (value !== undefined) {
      headers.set(name, value)
    }
  }
  // Express worked out the client address (honouring TRUST_PROXY); a client cannot supply it.
  headers.set('x-client-ip', req.ip ?? '')
  const init: RequestInit & { duplex?: 'half' } = { headers, method: req.method }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    if (body !== undefined) {
      headers.delete('content-length')
      init.body = typeof body === 'string' ? body : new Uint8Array(body)
    } else {
      init.body = bodyStream(req)
      init.duplex = 'half'
    }
  }
  return new Request(url, init)
}

/**
 * JSON answers (every document, list and GraphQL answer) are built in memory: sent in one write,
 * they skip the web-to-Node stream pair a streamed body costs (some 5 % of a cold read's CPU).
 */
const isInMemory = (response: Response): boolean =>
  response.headers.get('content-type')?.includes('application/json') ?? false

/** Writes a web `Response` to Express: JSON in one write, any other body streamed. */
export const sendWebResponse = async (res: ExpressResponse, response: Response): Promise<void> => {
  res.status(response.status)
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length' && name !== 'content-encoding') {
      res.setHeader(name, value)
    }
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) {
    res.setHeader('set-cookie', cookies)
  }
  if (!response.body) {
    res.end()
    return
  }
  if (isInMemory(response)) {
    const body = Buffer.from(await response.arrayBuffer())
    // Its length is known: no chunked framing (compression drops it when it compresses).
    res.setHeader('content-length', body.length)
    res.end(body)
    return
  }
  await pipeline(Readable.fromWeb(response.body as WebReadableStream), res)
}
