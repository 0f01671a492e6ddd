import type { CollectionBeforeOperationHook, PayloadRequest } from 'payload'

import { readAuthSettings } from '../../lib/env'
import { errorResponse } from '../../lib/errorShape'
import { mustEnroll } from '../../lib/twoFactor'
import { slugs } from '../../slugs'
import { MESSAGES, TwoFactorError } from './errors'

type GateUser = {
  collection?: string
  id?: number | string
  roles?: null | string[]
  twoFactorEnabled?: boolean | null
}

/** Whether the request's account may do nothing but enrol (AUTH_2FA=required, not enrolled). */
export const blockedForEnrolment = (req: PayloadRequest): boolean => {
  const user = req.user as GateUser | null
  return user?.collection === slugs.users && mustEnroll(readAuthSettings().twoFactorRequired, user)
}

/** Our endpoints' form of the refusal. */
export const enrolmentRefusal = (): Response => errorResponse(403, MESSAGES.mustEnroll)

const AUTH_OPERATIONS = new Set([
  'forgotPassword',
  'login',
  'logout',
  'me',
  'refresh',
  'resetPassword',
])

/**
 * AUTH_2FA=required: an admin or bbt account not yet enrolled may sign in, read its own account
 * and Payload's bookkeeping (preferences), and nothing else, through REST, GraphQL and the Local
 * API acting for it (`overrideAccess: false`). System work (`overrideAccess: true`) is not a person.
 */
export const requireEnrolment: CollectionBeforeOperationHook = ({
  args,
  collection,
  operation,
  req,
}) => {
  if ((args as { overrideAccess?: boolean }).overrideAccess === true) {
    return args
  }
  if (!blockedForEnrolment(req) || AUTH_OPERATIONS.has(operation)) {
    return args
  }
  if (collection.slug.startsWith('payload-')) {
    return args
  }
  const ownAccount =
    collection.slug === slugs.users &&
    operation === 'read' &&
    String((args as { id?: unknown }).id) === String((req.user as GateUser).id)
  if (ownAccount) {
    return args
  }
  throw new TwoFactorError(MESSAGES.mustEnroll, 403, { twoFactorEnrolmentRequired: true })
}
