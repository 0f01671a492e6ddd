import type { Plugin } from 'payload'

import { secureCookies } from '../../src/lib/env/mail'
import { buildUsers } from './Users'
import type { UsersPluginOptions } from './types'

export type { UsersPluginOptions }
export { SKIP_PASSWORD_POLICY } from './hooks/enforcePasswordPolicy'

/** Staff accounts with roles (admin, bbt, editor) and a department; the admin's user collection. */
export const usersPlugin =
  (options: UsersPluginOptions = {}): Plugin =>
  (incoming) => ({
    ...incoming,
    admin: { ...incoming.admin, user: incoming.admin?.user ?? 'users' },
    collections: [
      ...(incoming.collections ?? []),
      buildUsers({ ...options, secureCookies: options.secureCookies ?? secureCookies() }),
    ],
  })
