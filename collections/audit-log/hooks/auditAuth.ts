import type { AfterErrorHook, CollectionAfterLoginHook, CollectionAfterLogoutHook } from 'payload'
import type { User } from '../../../src/payload-types'

import { slugs } from '../../../src/slugs'
import { recordAudit } from './record'

export const auditLogin: CollectionAfterLoginHook<User> = async ({ req, user }) => {
  await recordAudit(req, {
    action: 'login',
    actorEmail: user.email,
    actorId: user.id,
    targetCollection: slugs.users,
    targetId: user.id,
  })
  return user
}

export const auditLogout: CollectionAfterLogoutHook = async ({ req }) => {
  const user = req.user as { id?: number | string } | null
  await recordAudit(req, {
    action: 'logout',
    targetCollection: slugs.users,
    targetId: user?.id ?? null,
  })
}

/** Failed logins: the login failed, so its transaction is gone; the record is written on its own. */
export const auditFailedLogin: AfterErrorHook = async ({ collection, error, req }) => {
  if (collection?.slug !== slugs.users || error?.name !== 'AuthenticationError') {
    return
  }
  const email = (req.data as { email?: unknown } | undefined)?.email
  await recordAudit(
    req,
    {
      action: 'failed-login',
      actorEmail: typeof email === 'string' ? email.slice(0, 200) : null,
      targetCollection: slugs.users,
    },
    { sameTransaction: false },
  ).catch((failure) => req.payload.logger.error({ err: failure, msg: 'audit of a failed login' }))
}
