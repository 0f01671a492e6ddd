import type { CollectionAfterLoginHook, PayloadRequest } from 'payload'

import type { SessionDetails } from '../../lib/twoFactor'
import { keepSessionDetails, readSessionDetails, sessionDetail } from '../../lib/twoFactor'
import { slugs } from '../../slugs'
import { sessionIdOf } from './login'

export type StoredSession = { createdAt?: Date | string; expiresAt: Date | string; id: string }

/** The account's session list (Payload's) and what each sign-in recorded (ours), as stored. */
export const readSessions = async (
  req: PayloadRequest,
  id: number | string,
): Promise<null | { details: SessionDetails; sessions: StoredSession[] }> => {
  // System read of the caller's own record: neither field is in API answers.
  const row = (await req.payload.db.findOne({
    collection: slugs.users,
    req,
    where: { id: { equals: id } },
  })) as null | { sessionDetails?: unknown; sessions?: StoredSession[] }
  if (!row) {
    return null
  }
  return { details: readSessionDetails(row.sessionDetails), sessions: row.sessions ?? [] }
}

/**
 * After a sign-in (REST, GraphQL or the admin's form): the client's address, as Express worked it
 * out honouring TRUST_PROXY (the bridge's `x-client-ip`, which a client cannot set), and its
 * User-Agent, kept with the new session. Details of sessions that are gone are dropped. A Local API
 * login has no client: nothing is recorded.
 */
export const recordSessionDetails: CollectionAfterLoginHook = async ({ req, token, user }) => {
  const sid = token ? sessionIdOf(token) : null
  const ip = req.headers?.get('x-client-ip')
  if (!sid || !ip) {
    return user
  }
  const stored = await readSessions(req, user.id)
  if (!stored) {
    return user
  }
  const details = keepSessionDetails(
    stored.details,
    stored.sessions.map((session) => session.id),
    { detail: sessionDetail(ip, req.headers.get('user-agent')), id: sid },
  )
  // In the login's transaction; the row is held since the second step's check (readTwoFactor).
  await req.payload.db.updateOne({
    collection: slugs.users,
    // updatedAt: null leaves the account's "last changed" alone, as Payload does adding the session.
    data: { sessionDetails: details, updatedAt: null },
    id: user.id,
    req,
    returning: false,
  })
  return user
}
