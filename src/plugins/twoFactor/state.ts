import type { PayloadRequest } from 'payload'

import type { StoredRecoveryCode } from '../../lib/twoFactor'
import { lockDocument } from '../../database'
import { slugs } from '../../slugs'

/** What the hidden `twoFactorState` field keeps: secrets sealed with PAYLOAD_SECRET, codes hashed. */
export type TwoFactorState = {
  /** The enrolled secret, sealed (payload.encrypt). */
  secret?: null | string
  /** A secret offered by setup and not yet confirmed, sealed. */
  pending?: null | string
  recovery?: StoredRecoveryCode[]
}

/** The account's second-factor record as the database holds it (never sent over any API). */
export type TwoFactorRow = {
  email: string
  id: number | string
  lastStep: null | number
  enabled: boolean
  state: TwoFactorState
}

/**
 * Reads the account's second-factor fields. With `lock`, the row is held until the request's
 * transaction ends (PostgreSQL row lock; SQLite transactions take turns), so two instances checking
 * the same code take turns and the second sees the step the first recorded.
 */
export const readTwoFactor = async (
  req: PayloadRequest,
  id: number | string,
  { lock = false }: { lock?: boolean } = {},
): Promise<null | TwoFactorRow> => {
  if (lock) {
    await lockDocument(req, slugs.users, id)
  }
  // System work: the hidden fields are readable by no API, only here.
  const row = (await req.payload.db.findOne({
    collection: slugs.users,
    req,
    where: { id: { equals: id } },
  })) as null | Record<string, unknown>
  if (!row) {
    return null
  }
  return {
    email: String(row.email ?? ''),
    enabled: row.twoFactorEnabled === true,
    id: row.id as number | string,
    lastStep: typeof row.twoFactorLastStep === 'number' ? row.twoFactorLastStep : null,
    state: (row.twoFactorState as null | TwoFactorState) ?? {},
  }
}

/** Writes the account's second-factor fields (hooks skipped: callers audit what they change). */
export const writeTwoFactor = async (
  req: PayloadRequest,
  id: number | string,
  data: { enabled?: boolean; lastStep?: null | number; state?: TwoFactorState },
): Promise<void> => {
  const update: Record<string, unknown> = {}
  if (data.enabled !== undefined) {
    update.twoFactorEnabled = data.enabled
  }
  if (data.lastStep !== undefined) {
    update.twoFactorLastStep = data.lastStep
  }
  if (data.state !== undefined) {
    update.twoFactorState = data.state
  }
  // System work below the API: the fields no API may write, changed only by this module's checked
  // paths, in the request's transaction; no change hooks (callers audit what they change).
  await req.payload.db.updateOne({
    collection: slugs.users,
    data: update,
    id,
    req,
    returning: false,
  })
}

export const seal = (req: PayloadRequest, secret: string): string => req.payload.encrypt(secret)
export const unseal = (req: PayloadRequest, sealed: string): string => req.payload.decrypt(sealed)
