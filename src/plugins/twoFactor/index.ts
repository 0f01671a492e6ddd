import type { CollectionBeforeOperationHook, Config, Plugin } from 'payload'

import { addFields, addHooks, hasCollection } from '../compose'
import { readAuthSettings } from '../../lib/env'
import { slugs } from '../../slugs'
import { SECURITY_ROUTE } from '../../components/twoFactor/paths'
import { twoFactorEndpoints } from './endpoints'
import { twoFactorFields } from './fields'
import { requireEnrolment } from './gate'
import { recordSessionDetails } from './sessions'
import {
  checkSecondFactor,
  noteAuthOperation,
  recordSecondFactorFailure,
  stripResetToken,
} from './login'

export { blockedForEnrolment, enrolmentRefusal } from './gate'

/**
 * Two-step sign-in (TOTP) for the staff accounts, their own sessions, and AUTH_2FA=required.
 * Compose after the users and audit-log plugins. The admin's login view asks for the code too.
 */
export const twoFactorPlugin: Plugin = (incoming) => {
  if (!hasCollection(incoming, slugs.users)) {
    return incoming
  }
  // A wrong AUTH_2FA stops the start here rather than failing each request.
  readAuthSettings()
  let config: Config = addFields(incoming, slugs.users, twoFactorFields)
  config = addHooks(config, slugs.users, {
    afterLogin: [recordSessionDetails],
    afterOperation: [stripResetToken],
    beforeLogin: [checkSecondFactor],
    beforeOperation: [noteAuthOperation],
  })
  config = {
    ...config,
    collections: (config.collections ?? []).map((collection) => ({
      ...collection,
      admin:
        collection.slug === slugs.users
          ? {
              ...collection.admin,
              components: {
                ...collection.admin?.components,
                edit: {
                  ...collection.admin?.components?.edit,
                  // Beside Save on an account's page: an admin's reset of its two-step sign-in.
                  beforeDocumentControls: [
                    ...(collection.admin?.components?.edit?.beforeDocumentControls ?? []),
                    '/components/twoFactor/ResetTwoFactor#ResetTwoFactor',
                  ],
                },
              },
            }
          : collection.admin,
      endpoints:
        collection.slug === slugs.users
          ? [...twoFactorEndpoints, ...(collection.endpoints || [])]
          : collection.endpoints,
      hooks: {
        ...collection.hooks,
        // First, so nothing else runs for an account that must enrol.
        beforeOperation: [
          requireEnrolment as CollectionBeforeOperationHook,
          ...(collection.hooks?.beforeOperation ?? []),
        ],
      },
    })),
  }
  return {
    ...config,
    admin: {
      ...config.admin,
      components: {
        ...config.admin?.components,
        afterNavLinks: [
          ...(config.admin?.components?.afterNavLinks ?? []),
          '/components/twoFactor/SecurityNavLink#SecurityNavLink',
        ],
        providers: [
          ...(config.admin?.components?.providers ?? []),
          '/components/twoFactor/EnrolmentRedirect#EnrolmentRedirect',
        ],
        views: {
          ...config.admin?.components?.views,
          login: { Component: '/components/twoFactor/LoginView#LoginView' },
          security: {
            Component: '/components/twoFactor/SecurityView#SecurityView',
            exact: true,
            path: SECURITY_ROUTE,
          },
        },
      },
    },
    hooks: {
      ...config.hooks,
      afterError: [...(config.hooks?.afterError ?? []), recordSecondFactorFailure],
    },
  }
}
