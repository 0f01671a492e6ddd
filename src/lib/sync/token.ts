/**
 * The `next` token of `GET /api/sync`. Opaque to integrators; inside, either a place in the first
 * listing (collection index and last id, with the audit mark taken when it began) or the last
 * audit record seen.
 */
export type SyncPosition =
  | { audit: number | string; kind: 'changes' }
  | { after: null | number | string; collection: number; kind: 'listing'; mark: number | string }

const isId = (value: unknown): value is number | string =>
  (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) ||
  (typeof value === 'string' && /^[\w-]{1,64}$/.test(value))

export const encodeToken = (position: SyncPosition): string =>
  Buffer.from(
    JSON.stringify(
      position.kind === 'changes'
        ? { a: position.audit }
        : { c: position.collection, i: position.after, m: position.mark },
    ),
  ).toString('base64url')

/** The position a token names, or null when it is not one this server made. */
export const decodeToken = (token: string, collections: number): null | SyncPosition => {
  if (!/^[\w-]{1,400}$/.test(token)) {
    return null
  }
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return null
  }
  const fields = value as Record<string, unknown>
  if ('a' in fields) {
    return isId(fields.a) ? { audit: fields.a, kind: 'changes' } : null
  }
  const { c, i, m } = fields
  if (
    typeof c !== 'number' ||
    !Number.isInteger(c) ||
    c < 0 ||
    c >= collections ||
    !isId(m) ||
    !(i === null || isId(i))
  ) {
    return null
  }
  return { after: i, collection: c, kind: 'listing', mark: m }
}
