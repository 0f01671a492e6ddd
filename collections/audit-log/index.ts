import type { Config, Plugin } from 'payload'

import { slugs } from '../../src/slugs'
import { addHooks, hasCollection } from '../../src/plugins/compose'
import { AuditLog } from './AuditLog'
import {
  auditFailedLogin,
  auditForgotPassword,
  auditLogin,
  auditLogout,
  auditResetPassword,
} from './hooks/auditAuth'
import { auditChange, auditDelete, noteUnpublish } from './hooks/auditChanges'

export type AuditLogPluginOptions = {
  /** Collections whose changes are recorded; default: every content type present and users. */
  collections?: string[]
}

const DEFAULT_AUDITED = [
  slugs.articles,
  slugs.people,
  slugs.plans,
  slugs.organizations,
  slugs.topics,
  slugs.media,
  slugs.users,
  slugs.apiClients,
]

/** An append-only audit log of changes, workflow steps and logins. Compose it after the types. */
export const auditLogPlugin =
  (options: AuditLogPluginOptions = {}): Plugin =>
  (incoming) => {
    let config: Config = { ...incoming, collections: [...(incoming.collections ?? []), AuditLog] }
    for (const slug of options.collections ?? DEFAULT_AUDITED) {
      if (hasCollection(config, slug)) {
        config = addHooks(config, slug, {
          afterChange: [auditChange],
          afterDelete: [auditDelete],
          beforeOperation: [noteUnpublish],
        })
      }
    }
    config = addHooks(config, slugs.users, {
      afterForgotPassword: [auditForgotPassword],
      afterLogin: [auditLogin],
      afterLogout: [auditLogout],
      afterOperation: [auditResetPassword],
    })
    return {
      ...config,
      hooks: {
        ...config.hooks,
        afterError: [...(config.hooks?.afterError ?? []), auditFailedLogin],
      },
    }
  }
