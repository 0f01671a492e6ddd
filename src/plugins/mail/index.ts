import type { CollectionConfig, Config, Plugin } from 'payload'

import type { MailSettings } from '../../lib/env/mail'
import { readMailSettings } from '../../lib/env/mail'
import { addHooks, hasCollection } from '../compose'
import { slugs } from '../../slugs'
import { notifyReview } from './notifyReview'
import { mailRun, queuedEmailAdapter, sendMailTask } from './queue'
import { forgotPasswordMail } from './resetPassword'

export type MailPluginOptions = {
  /** Overrides SMTP_URL, EMAIL_FROM and the MAIL_* settings read from the environment. */
  settings?: MailSettings
}

const withForgotPasswordMail = (config: Config, settings: MailSettings): Config => ({
  ...config,
  collections: (config.collections ?? []).map((collection): CollectionConfig => {
    if (collection.slug !== slugs.users || !collection.auth) {
      return collection
    }
    const auth = collection.auth === true ? {} : collection.auth
    return {
      ...collection,
      auth: { ...auth, forgotPassword: forgotPasswordMail(settings, auth.forgotPassword) },
    }
  }),
})

/**
 * Editors' mail (Vietnamese, text and HTML): review steps of articles and forgot-password, sent by
 * jobs on Payload's queue with nodemailer on SMTP_URL, or written to the log without it. Compose
 * after the content types and before the jobs plugin, which runs the mail queue.
 */
export const mailPlugin =
  (options: MailPluginOptions = {}): Plugin =>
  (incoming) => {
    const settings = options.settings ?? readMailSettings()
    let config: Config = withForgotPasswordMail(incoming, settings)
    if (hasCollection(config, slugs.articles)) {
      config = addHooks(config, slugs.articles, { afterChange: [notifyReview(settings)] })
    }
    const autoRun = Array.isArray(incoming.jobs?.autoRun) ? incoming.jobs.autoRun : []
    return {
      ...config,
      email: queuedEmailAdapter(settings),
      jobs: {
        ...incoming.jobs,
        autoRun: [...autoRun, mailRun],
        tasks: [...(incoming.jobs?.tasks ?? []), sendMailTask(settings)],
      },
    }
  }
