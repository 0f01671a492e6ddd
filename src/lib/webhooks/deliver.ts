import type { LookupAddress, LookupOptions } from 'node:dns'

import dns from 'node:dns'
import http from 'node:http'
import https from 'node:https'

import { ipLiteralOf, refusalOf } from './addresses'

/** A whole attempt (connect, send, read) gets this long; then it counts as failed. */
export const DELIVERY_TIMEOUT_MS = 10_000
/** At most this much of a receiver's answer is read (kept in the attempt's record, shortened). */
export const MAX_RESPONSE_BYTES = 64 * 1024

export type DeliveryResult = {
  durationMs: number
  error?: string
  ok: boolean
  /** The target was refused by the address guard: no request was sent. */
  refused?: boolean
  status?: number
}

export type DeliveryRequest = {
  allowPrivate: boolean
  body: string
  headers: Record<string, string>
  /** POST unless said (a CDN's purge may be PURGE, GET, …); GET and DELETE send no body. */
  method?: string
  timeoutMs?: number
  url: string
}

class RefusedTarget extends Error {}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: LookupAddress[] | string,
  family?: number,
) => void

/**
 * Resolves the host and refuses it unless every address it resolves to is allowed, then hands
 * the checked addresses to the socket: the name is not resolved again between check and connect,
 * so a name that changes its answer (DNS rebinding) cannot slip a private address through.
 */
const guardedLookup =
  (allowPrivate: boolean) =>
  (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses) => {
      if (error) {
        callback(error, '')
        return
      }
      for (const { address } of addresses) {
        const refusal = refusalOf(address, allowPrivate)
        if (refusal) {
          callback(new RefusedTarget(`${hostname} resolves to ${refusal}`), '')
          return
        }
      }
      if (options.all) {
        callback(null, addresses)
        return
      }
      const first = addresses[0]
      if (!first) {
        callback(new RefusedTarget(`${hostname} resolves to no address`), '')
        return
      }
      callback(null, first.address, first.family)
    })
  }

/** Why a URL can never be a webhook's target (checked when it is saved), or null. */
export const urlProblemOf = (raw: unknown): null | string => {
  if (typeof raw !== 'string' || !raw.trim()) {
    return 'url is required'
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return 'url is not a valid address'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'url must start with http:// or https://'
  }
  if (url.username || url.password) {
    return 'url must not carry a user name or password'
  }
  return null
}

/**
 * Why the URL's host is refused as a target now (its literal address, or every address its name
 * resolves to), or null when it may be called.
 */
export const targetRefusalOf = async (
  raw: string,
  allowPrivate: boolean,
): Promise<null | string> => {
  const { hostname } = new URL(raw)
  const literal = ipLiteralOf(hostname)
  if (literal) {
    return refusalOf(literal, allowPrivate)
  }
  let addresses: LookupAddress[]
  try {
    addresses = await dns.promises.lookup(hostname, { all: true })
  } catch {
    return `${hostname} does not resolve`
  }
  for (const { address } of addresses) {
    const refusal = refusalOf(address, allowPrivate)
    if (refusal) {
      return `${hostname} resolves to ${refusal}`
    }
  }
  return addresses.length ? null : `${hostname} resolves to no address`
}

/**
 * One POST of a webhook delivery: guarded target, no redirects followed (a 3xx fails), the
 * answer read up to MAX_RESPONSE_BYTES, the whole attempt limited to `timeoutMs`.
 */
export const deliver = ({
  allowPrivate,
  body,
  headers,
  method = 'POST',
  timeoutMs = DELIVERY_TIMEOUT_MS,
  url: raw,
}: DeliveryRequest): Promise<DeliveryResult> => {
  const started = Date.now()
  const done = (result: Omit<DeliveryResult, 'durationMs'>): DeliveryResult => ({
    ...result,
    durationMs: Date.now() - started,
  })
  const problem = urlProblemOf(raw)
  if (problem) {
    return Promise.resolve(done({ error: problem, ok: false, refused: true }))
  }
  const url = new URL(raw)
  const bodiless = method === 'GET' || method === 'DELETE'
  const literal = ipLiteralOf(url.hostname)
  const refusal = literal ? refusalOf(literal, allowPrivate) : null
  if (refusal) {
    return Promise.resolve(done({ error: refusal, ok: false, refused: true }))
  }
  return new Promise((resolve) => {
    let settled = false
    const finish = (result: Omit<DeliveryResult, 'durationMs'>) => {
      if (!settled) {
        settled = true
        clearTimeout(timer)
        resolve(done(result))
      }
    }
    const send = url.protocol === 'https:' ? https.request : http.request
    const request = send(url, {
      // A fresh connection each time, so every attempt resolves and checks the name again.
      agent: false,
      headers: {
        ...headers,
        ...(bodiless ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
        ...(bodiless ? {} : { 'content-type': 'application/json' }),
        'user-agent': 'cong-thong-tin-cms-webhooks',
      },
      lookup: guardedLookup(allowPrivate) as never,
      method,
    })
    const timer = setTimeout(() => {
      finish({ error: `no answer within ${timeoutMs} ms`, ok: false })
      request.destroy()
    }, timeoutMs)
    request.on('error', (error) => {
      const refused = error instanceof RefusedTarget
      finish({ error: error.message, ok: false, ...(refused ? { refused } : {}) })
    })
    request.on('response', (response) => {
      const status = response.statusCode ?? 0
      let read = 0
      const end = () => {
        const ok = status >= 200 && status < 300
        const error = ok
          ? undefined
          : status >= 300 && status < 400
            ? `answered ${status}: redirects are not followed`
            : `answered ${status}`
        finish({ ok, status, ...(error ? { error } : {}) })
        response.destroy()
      }
      response.on('data', (chunk: Buffer) => {
        read += chunk.length
        if (read >= MAX_RESPONSE_BYTES) {
          end()
        }
      })
      response.on('end', end)
      response.on('error', end)
    })
    request.end(bodiless ? undefined : body)
  })
}
