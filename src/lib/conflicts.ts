import crypto from 'node:crypto'

/** A short, URL-safe digest, for the halves of an ETag. */
export const digest = (text: string): string =>
  crypto.createHash('sha256').update(text).digest('base64url').slice(0, 16)

const instant = (at: unknown): null | number => {
  if (at instanceof Date) {
    return at.getTime()
  }
  if (typeof at !== 'string') {
    return null
  }
  const parsed = Date.parse(at)
  return Number.isFinite(parsed) ? parsed : null
}

/**
 * Whether an update based on the version stamped `sent` is not based on the stored version (`stored`),
 * so it would overwrite a save it never saw. Only a well-formed timestamp is a claim about the version; anything else makes no claim. Both
 * are compared as instants, so `…Z` and `…+00:00` spellings of one moment agree.
 */
export const isStale = (sent: unknown, stored: unknown): boolean => {
  const sentAt = typeof sent === 'string' ? instant(sent) : null
  const storedAt = instant(stored)
  return sentAt !== null && storedAt !== null && sentAt !== storedAt
}

/**
 * The version half of a document's ETag: collection, id and `updatedAt` (every save changes it),
 * the instant normalised so the HTTP layer and the write's check agree on any spelling of it.
 */
export const versionTag = (collection: string, id: number | string, updatedAt: unknown): string => {
  const at = instant(updatedAt)
  return digest(
    `${collection}:${id}:${at === null ? String(updatedAt) : new Date(at).toISOString()}`,
  )
}

/** The entity tags of an `If-Match` or `If-None-Match` header. */
export const tagsIn = (header: string): string[] =>
  header
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean)

/** Whether an `If-Match` header names the version `version` (any representation of it), or `*`. */
export const ifMatchHolds = (header: string, version: string): boolean =>
  tagsIn(header).some(
    (tag) => tag === '*' || tag.replace(/^W\//, '').replace(/"/g, '').split('.')[0] === version,
  )

/**
 * The header through which a REST read of one document tells the ETag decorator (src/http/etag.ts)
 * the document's `updatedAt`, so the answer is not parsed again to find it. Never sent out.
 */
export const UPDATED_AT_HEADER = 'x-portal-updated-at'
