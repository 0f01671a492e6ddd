import type { Plugin } from 'payload'

import { buildUsers } from './Users'
import type { UsersPluginOptions } from './types'

export type { UsersPluginOptions }

/** Staff accounts with roles (admin, bbt, editor) and a department; the admin's user collection. */
export const usersPlugin =
  (options: UsersPluginOptions = {}): Plugin =>
  (incoming) => ({
    ...incoming,
    admin: { ...incoming.admin, user: incoming.admin?.user ?? 'users' },
    collections: [...(incoming.collections ?? []), buildUsers(options)],
  })
