import type { SanitizedConfig } from 'payload'

import crypto from 'node:crypto'

type Handle = (request: Request) => Promise<Response>

type Target = { id: string; key: string }

const hash = (text: string): string =>
  crypto.createHash('sha256').update(text).digest('base64url').slice(0, 16)

/**
 * `W/"<version>.<body>"`: the version half hashes collection, id and `updatedAt` (every save
 * changes it); the body half tells apart representations of one version (depth, locale), so a
 * 304 is never sent for a changed body, e.g. when a populated relation changed.
 */
const etagOf = (target: Target, updatedAt: string, body: string): string =>
  `W/"${hash(`${target.key}:${updatedAt}`)}.${hash(body)}"`

const versionOf = (tag: string): string => tag.replace(/^W\//, '').replace(/"/g, '').split('.')[0]

const tagsIn = (header: string): string[] =>
  header
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean)

/** The document a GET/PATCH addresses (`/api/<collection>/<id>`), or null. */
const targetOf = (url: URL, collections: Set<string>): null | Target => {
  const match = /^\/api\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname)
  if (!match || !collections.has(match[1])) {
    return null
  }
  let id: string
  try {
    id = decodeURIComponent(match[2])
  } catch {
    // A malformed escape: no document is addressed, and Payload answers the request itself.
    return null
  }
  return { id, key: `${match[1]}:${id}` }
}

/** `updatedAt` of a JSON body that is the addressed document itself (not `/users/me` and such). */
const updatedAtOf = (target: Target, body: unknown): null | string => {
  const doc = body as { id?: unknown; updatedAt?: unknown } | null
  return doc && String(doc.id) === target.id && typeof doc.updatedAt === 'string'
    ? doc.updatedAt
    : null
}

const errorResponse = (status: number, message: string) =>
  Response.json({ errors: [{ message }] }, { status })

/** Runs tasks for one key one after another, so a PATCH's check and write are not interleaved. */
const serializer = () => {
  const tails = new Map<string, Promise<unknown>>()
  return async <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve()
    const run = previous.then(task, task)
    const tail = run.catch(() => undefined)
    tails.set(key, tail)
    try {
      return await run
    } finally {
      if (tails.get(key) === tail) {
        tails.delete(key)
      }
    }
  }
}

type EtagArgs = {
  config: Promise<SanitizedConfig>
  handle: Handle
}

/**
 * Wraps Payload's REST handler with validators for single documents: a GET answers with an
 * `ETag` (and 304 for a matching `If-None-Match`); a PATCH or DELETE whose `If-Match` names another version
 * answers 412 without writing. The current version is read through the same handler with the
 * caller's own credentials, so access rules are exactly Payload's.
 */
export const withEtags = ({ config, handle }: EtagArgs): Handle => {
  const collections = config.then(({ collections }) => new Set(collections.map(({ slug }) => slug)))
  const serialize = serializer()

  const get = async (request: Request, target: Target): Promise<Response> => {
    const response = await handle(request)
    if (response.status !== 200 || !response.headers.get('content-type')?.includes('json')) {
      return response
    }
    const body = await response.text()
    let updatedAt: null | string = null
    try {
      updatedAt = updatedAtOf(target, JSON.parse(body))
    } catch {
      // Not JSON after all: no validator.
    }
    const headers = new Headers(response.headers)
    headers.delete('content-length')
    if (updatedAt === null) {
      return new Response(body, { headers, status: response.status })
    }
    const etag = etagOf(target, updatedAt, body)
    headers.set('etag', etag)
    const ifNoneMatch = request.headers.get('if-none-match')
    // Weak comparison, as RFC 9110 has it for If-None-Match.
    if (
      ifNoneMatch &&
      tagsIn(ifNoneMatch).some((tag) => tag === '*' || tag.replace(/^W\//, '') === etag.slice(2))
    ) {
      headers.delete('content-type')
      return new Response(null, { headers, status: 304 })
    }
    return new Response(body, { headers, status: response.status })
  }

  /** The version the write would change: same credentials and `draft`/`trash`/`locale`, depth 0. */
  const currentVersion = async (
    request: Request,
    target: Target,
  ): Promise<{ response: Response } | { updatedAt: null | string }> => {
    const url = new URL(request.url)
    const read = new URL(url.pathname, url)
    read.searchParams.set('depth', '0')
    for (const name of ['draft', 'trash', 'locale']) {
      const value = url.searchParams.get(name)
      if (value !== null) {
        read.searchParams.set(name, value)
      }
    }
    const headers = new Headers(request.headers)
    for (const name of ['content-type', 'content-length', 'if-match', 'if-none-match']) {
      headers.delete(name)
    }
    const response = await handle(new Request(read, { headers, method: 'GET' }))
    if (response.status !== 200) {
      return { response }
    }
    return { updatedAt: updatedAtOf(target, await response.json().catch(() => null)) }
  }

  /** A PATCH or DELETE: applied only when its `If-Match` (if any) names the current version. */
  const conditional = async (request: Request, target: Target): Promise<Response> => {
    const ifMatch = request.headers.get('if-match')
    if (ifMatch === null) {
      return handle(request)
    }
    const current = await currentVersion(request, target)
    if ('response' in current) {
      // Cannot read it, so cannot compare: answer what the read answered (404, 403), write nothing.
      return current.response
    }
    if (current.updatedAt === null) {
      return handle(request)
    }
    const version = hash(`${target.key}:${current.updatedAt}`)
    // Any representation of the current version passes: the version half is what If-Match guards.
    const matches = tagsIn(ifMatch).some((tag) => tag === '*' || versionOf(tag) === version)
    if (!matches) {
      return errorResponse(
        412,
        'The document changed since you read it (If-Match does not match its ETag); read it again and reapply your change.',
      )
    }
    return handle(request)
  }

  return async (request) => {
    const target = targetOf(new URL(request.url), await collections)
    if (!target) {
      return handle(request)
    }
    if (request.method === 'GET') {
      return get(request, target)
    }
    if (request.method === 'PATCH' || request.method === 'DELETE') {
      // Every write of a document queues, so none writes between another's check and write.
      return serialize(target.key, () => conditional(request, target))
    }
    return handle(request)
  }
}
