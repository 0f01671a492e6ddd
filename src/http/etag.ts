import type { SanitizedConfig } from 'payload'

import type { Handle } from './handler'

import { digest, tagsIn, UPDATED_AT_HEADER, versionTag } from '../lib/conflicts'
import { reanswer } from './handler'

type Target = { collection: string; id: string }

/**
 * `W/"<version>.<body>"`: the version half (src/lib/conflicts.ts) is what `If-Match` names and the
 * write checks (src/plugins/conflicts.ts); the body half tells apart representations of one version
 * (depth, locale), so a 304 is never sent for a changed body, e.g. when a populated relation changed.
 */
const etagOf = (target: Target, updatedAt: string, body: string): string =>
  `W/"${versionTag(target.collection, target.id, updatedAt)}.${digest(body)}"`

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
  return { collection: match[1], id }
}

/** `updatedAt` of a JSON body that is the addressed document itself (not `/users/me` and such). */
const updatedAtOf = (target: Target, body: unknown): null | string => {
  const doc = body as { id?: unknown; updatedAt?: unknown } | null
  return doc && String(doc.id) === target.id && typeof doc.updatedAt === 'string'
    ? doc.updatedAt
    : null
}

/** An answer without the `updatedAt` src/plugins/conflicts.ts announced, and that `updatedAt`. */
const withoutVersion = (
  response: Response,
): { answer: Response; headers: Headers; status: number; updatedAt: null | string } => {
  const updatedAt = response.headers.get(UPDATED_AT_HEADER)
  const answer =
    updatedAt === null
      ? response
      : reanswer(response, response.body, (headers) => headers.delete(UPDATED_AT_HEADER))
  return { answer, headers: answer.headers, status: answer.status, updatedAt }
}

/**
 * Wraps Payload's REST handler with validators for single documents: a GET answers with an
 * `ETag` (and 304 for a matching `If-None-Match`). A PATCH or DELETE carrying `If-Match` goes to
 * Payload untouched: the write itself refuses it with 412 when the version it names is not the
 * stored one, decided under the document's lock (src/plugins/conflicts.ts).
 */
export const withEtags = (config: Promise<SanitizedConfig>, handle: Handle): Handle => {
  const collections = config.then(({ collections }) => new Set(collections.map(({ slug }) => slug)))

  const get = async (
    request: Request,
    signedIn: () => Promise<boolean>,
    target: Target,
  ): Promise<Response> => {
    const response = withoutVersion(await handle(request, signedIn))
    if (response.status !== 200 || !response.headers.get('content-type')?.includes('json')) {
      return response.answer
    }
    const body = await response.answer.text()
    let updatedAt = response.updatedAt
    if (updatedAt === null) {
      // A collection our plugins did not see (Payload's own) says nothing: read its answer.
      try {
        updatedAt = updatedAtOf(target, JSON.parse(body))
      } catch {
        // Not JSON after all: no validator.
      }
    }
    if (updatedAt === null) {
      return reanswer(response.answer, body)
    }
    const etag = etagOf(target, updatedAt, body)
    const ifNoneMatch = request.headers.get('if-none-match')
    // Weak comparison, as RFC 9110 has it for If-None-Match.
    if (
      ifNoneMatch &&
      tagsIn(ifNoneMatch).some((tag) => tag === '*' || tag.replace(/^W\//, '') === etag.slice(2))
    ) {
      return reanswer(
        response.answer,
        null,
        (headers) => {
          headers.set('etag', etag)
          headers.delete('content-type')
        },
        304,
      )
    }
    return reanswer(response.answer, body, (headers) => headers.set('etag', etag))
  }

  return async (request, signedIn) => {
    const target = targetOf(new URL(request.url), await collections)
    return target && request.method === 'GET'
      ? get(request, signedIn, target)
      : withoutVersion(await handle(request, signedIn)).answer
  }
}
