import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express'

import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/** Builds the web `Request` Payload's handlers take from an Express request. */
export const toWebRequest = (req: ExpressRequest, body?: string): Request => {
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
      init.body = body
    } else {
      init.body = Readable.toWeb(req) as ReadableStream
      init.duplex = 'half'
    }
  }
  return new Request(url, init)
}

/** Writes a web `Response` to Express, streaming the body. */
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
  await pipeline(Readable.fromWeb(response.body as WebReadableStream), res)
}
