import type { Payload, TypedUser } from 'payload'

import React from 'react'

import { offersTwoFactorReset } from '../../lib/twoFactor'
import { slugs } from '../../slugs'
import { ResetTwoFactorButton } from './ResetTwoFactorButton'

type Props = { id?: number | string; payload: Payload; user?: null | TypedUser }

/**
 * Beside the account form's Save button: an admin may reset another account's two-step sign-in
 * when that account has it on. The endpoint checks the caller again; this only decides what shows.
 */
export const ResetTwoFactor = async ({ id, payload, user }: Props) => {
  if (id === undefined || !user || user.collection !== slugs.users) {
    return null
  }
  const viewer = user as { id: number | string; roles?: string[] }
  if (!offersTwoFactorReset(viewer, { id, twoFactorEnabled: true })) {
    return null
  }
  // Read as the admin (access applied): the flag is readable by the board.
  const target = await payload
    .findByID({
      collection: slugs.users,
      depth: 0,
      id,
      overrideAccess: false,
      user,
    })
    .catch(() => null)
  const account = target as null | {
    email?: string
    id: number | string
    twoFactorEnabled?: boolean
  }
  if (!account || !offersTwoFactorReset(viewer, account)) {
    return null
  }
  return <ResetTwoFactorButton email={account.email ?? ''} id={account.id} />
}
