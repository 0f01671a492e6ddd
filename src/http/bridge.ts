import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express'

import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

import { bufferedBody, rememberBody } from './handler'

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

/** The URL of an Express request as its web `Request` has it. */
export const requestUrl = (req: ExpressRequest): URL =>
  new URL(req.originalUrl, `http://${req.headers.host ?? 'localhost'}`)

/** An Express request's headers as a web Request has them. */
const webHeaders = (req: ExpressRequest): Headers => {
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
  return headers
}

/**
 * A web Request of an Express POST whose body Express read (`text`), for a reader that takes the
 * body through requestText only (src/http/handler.ts): it carries no body stream, which only
 * costs to make. Not for Payload's handlers, which read the body itself.
 */
export const textBodyRequest = (req: ExpressRequest, text: string): Request => {
  const headers = webHeaders(req)
  headers.delete('content-length')
  const request = new Request(requestUrl(req), { headers, method: 'POST' })
  rememberBody(request, text)
  return request
}

/** Builds the web `Request` Payload's handlers take from an Express request. */
export const toWebRequest = (req: ExpressRequest, body?: Buffer | string): Request => {
  const url = requestUrl(req)
  const headers = webHeaders(req)
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
  const request = new Request(url, init)
  if (body !== undefined && init.body !== undefined) {
    rememberBody(request, body)
  }
  return request
}

/**
 * An answer as it goes out: status, headers (names in lower case) and body, all in memory (one
 * buffer, or its chunks in order).
 */
export type Answer = {
  body: null | readonly Uint8Array[] | Uint8Array
  headers: [name: string, value: string][]
  status: number
}

/**
 * Writes a body held in memory (one buffer or its chunks, in order) with its length, no stream and
 * no chunked framing (compression drops the length when it compresses). Chunks go out corked, in
 * one writev, never joined into a copy.
 */
const endWith = (res: ExpressResponse, body: null | readonly Uint8Array[] | Uint8Array) => {
  const chunks = body === null ? [] : body instanceof Uint8Array ? [body] : body
  const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0)
  if (length === 0) {
    res.end()
    return
  }
  res.setHeader('content-length', length)
  if (chunks.length === 1) {
    res.end(chunks[0])
    return
  }
  // end() uncorks the socket: the headers and every chunk leave together.
  res.cork()
  for (const chunk of chunks) {
    res.write(chunk)
  }
  res.end()
}

/**
 * JSON answers (every document, list and GraphQL answer) are built in memory whatever their
 * Response says: sent in one write, they skip the web-to-Node stream pair a streamed body costs
 * (some 5 % of a cold read's CPU).
 */
const isJson = (response: Response): boolean =>
  response.headers.get('content-type')?.includes('application/json') ?? false

/** Writes an answer held in memory (a cache hit) to Express. */
export const sendAnswer = (res: ExpressResponse, answer: Answer): void => {
  res.statusCode = answer.status
  for (const [name, value] of answer.headers) {
    res.setHeader(name, value)
  }
  endWith(res, answer.body)
}

/**
 * The headers of a web Response that go out as they are (Node frames the body and compression
 * encodes it; cookies go as a list, see sendWebResponse), in its Headers' order.
 */
export const plainHeaders = (headers: Headers): [name: string, value: string][] => {
  const plain: [string, string][] = []
  headers.forEach((value, name) => {
    if (name !== 'set-cookie' && name !== 'content-length' && name !== 'content-encoding') {
      plain.push([name, value])
    }
  })
  return plain
}

/** Writes a web `Response` to Express: its bytes when they are in memory (JSON is), else its stream. */
export const sendWebResponse = async (res: ExpressResponse, response: Response): Promise<void> => {
  res.status(response.status)
  for (const [name, value] of plainHeaders(response.headers)) {
    res.setHeader(name, value)
  }
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) {
    res.setHeader('set-cookie', cookies)
  }
  if (!response.body) {
    res.end()
    return
  }
  const bytes =
    bufferedBody(response) ??
    (isJson(response) ? [new Uint8Array(await response.arrayBuffer())] : null)
  if (bytes) {
    endWith(res, bytes)
    return
  }
  await pipeline(Readable.fromWeb(response.body as WebReadableStream), res)
}
