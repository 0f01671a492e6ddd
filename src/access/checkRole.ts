import { idOf } from '../lib/ids'
import type { Role } from '../slugs'

export { idOf }

/** The part of a signed-in user that access rules read; API clients carry no roles. */
export type AccessUser = {
  collection?: string
  department?: unknown
  id: number | string
  roles?: null | readonly string[]
}

/** True when a staff user (collection `users`) holds one of `roles`. */
export const checkRole = (user: AccessUser | null | undefined, roles: readonly Role[]): boolean =>
  Boolean(
    user &&
    (user.collection === undefined || user.collection === 'users') &&
    user.roles?.some((role) => (roles as readonly string[]).includes(role)),
  )

/** An integrator's key whose scopes let it read drafts as the board does. */
export const readsDrafts = (user: AccessUser | null | undefined): boolean =>
  Boolean(
    user?.collection === 'api-clients' &&
    (user as { scopes?: null | string[] }).scopes?.includes('read-drafts'),
  )

/** An integrator's key allowed to write drafts of its department's articles (see articleAccess). */
export const isWriteKey = (user: AccessUser | null | undefined): boolean =>
  Boolean(
    user?.collection === 'api-clients' &&
    (user as { scope?: null | string }).scope === 'write' &&
    idOf(user.department) !== null,
  )
