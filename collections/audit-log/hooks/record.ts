import type { PayloadRequest } from 'payload'

import { slugs } from '../../../src/slugs'
import { asSystem } from '../../../src/access/asSystem'

export type AuditEntry = {
  action: string
  actorEmail?: null | string
  actorId?: null | number | string
  changedFields?: string[]
  note?: null | string
  targetCollection?: string
  targetId?: null | number | string
}

/** The client address Express worked out (it honours TRUST_PROXY); set by the HTTP bridge. */
const clientIp = (req: PayloadRequest): null | string => req.headers?.get('x-client-ip') ?? null

/**
 * Appends one audit record. System work: nobody may create audit records through an API, so this
 * bypasses access. With `sameTransaction` it commits or rolls back with the change it records.
 */
export const recordAudit = async (
  req: PayloadRequest,
  entry: AuditEntry,
  { sameTransaction = true }: { sameTransaction?: boolean } = {},
): Promise<void> => {
  const user = req.user as { collection?: string; email?: string; id: number | string } | null
  const actorIsStaff = user?.collection === slugs.users
  await req.payload.create({
    collection: slugs.auditLog,
    depth: 0,
    data: {
      action: entry.action as 'create',
      actor: (entry.actorId ?? (actorIsStaff ? user?.id : null)) as number | null,
      actorEmail: entry.actorEmail ?? user?.email ?? null,
      changedFields: entry.changedFields ?? [],
      ip: clientIp(req),
      note: entry.note ?? null,
      targetCollection: entry.targetCollection,
      targetId:
        entry.targetId === null || entry.targetId === undefined ? null : String(entry.targetId),
    },
    // No API may write the audit log.
    ...asSystem(sameTransaction ? req : undefined),
  })
}
