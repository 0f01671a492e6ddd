import type { CollectionConfig, PayloadRequest } from 'payload'

import type { MailSettings } from '../../lib/env/mail'
import { resetPasswordMail } from '../../lib/mail/templates'
import { handOver, queueMail } from './queue'

type ForgotPassword = NonNullable<
  Exclude<NonNullable<CollectionConfig['auth']>, boolean>['forgotPassword']
>

const ONE_HOUR_MS = 60 * 60 * 1000

/**
 * Payload's forgot-password mail, in Vietnamese, linking to the admin's reset page
 * (`${SERVER_URL}/admin/reset/<token>`). The message is queued here, in the operation's
 * transaction (generateEmailHTML is the one place given the request and the token); Payload's own
 * send of it then does nothing (handOver), so a down SMTP server never fails or slows the request.
 */
export const forgotPasswordMail = (
  settings: MailSettings,
  existing: ForgotPassword = {},
): ForgotPassword => {
  const validMinutes = Math.round((existing.expiration ?? ONE_HOUR_MS) / 60_000)
  return {
    ...existing,
    generateEmailHTML: async (args) => {
      const { req, token, user } = args as {
        req: PayloadRequest
        token: string
        user: { email?: null | string }
      }
      const message = resetPasswordMail(String(user.email), {
        serverUrl: settings.serverUrl,
        token,
        validMinutes,
      })
      await queueMail(req, settings, 'reset-password', message)
      handOver(message.html)
      return message.html
    },
    generateEmailSubject: () => 'Đặt lại mật khẩu',
  }
}
