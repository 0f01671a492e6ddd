import type { EmailAdapter, Payload, PayloadRequest, SendEmailOptions, TaskConfig } from 'payload'

import { nodemailerAdapter } from '@payloadcms/email-nodemailer'

import { asSystem } from '../../access/asSystem'
import { afterCommit } from '../../afterCommit'
import type { MailSettings } from '../../lib/env/mail'
import type { MailMessage } from '../../lib/mail/templates'
import { retryConfig } from '../../lib/webhooks'

/** The queue mail goes out on, run every second by every instance allowed to run jobs. */
export const MAIL_QUEUE = 'mail'
export const SEND_MAIL_TASK = 'sendMail'

/** What a mail job carries: the message sealed with the server's secret, and what kind it is. */
type MailJobInput = { kind: string; sealed: string }

/** Thrown to have Payload retry the job; its message names the failure, never the mail. */
class MailFailed extends Error {}

/**
 * The message is sealed (payload.encrypt, AES-256 keyed by PAYLOAD_SECRET) in the queue: the jobs
 * table, Payload's own job logs and backups never hold a reset token or a body in clear.
 */
const seal = (payload: Payload, message: MailMessage): string =>
  payload.encrypt(JSON.stringify(message))

const unseal = (payload: Payload, sealed: string): MailMessage =>
  JSON.parse(payload.decrypt(sealed)) as MailMessage

/** The addresses only, for a log line: who a message was for, never what it said. */
const recipients = (message: Pick<MailMessage, 'to'>): string =>
  (Array.isArray(message.to) ? message.to : [message.to]).join(', ')

/**
 * Without SMTP_URL mail is written to the log (the contract): who and what subject, at info level.
 * The body (a reset link included) never at info level: outside production at debug level
 * (LOG_LEVEL=debug shows it to a developer), in production not at all.
 */
const logMail = (payload: Payload, settings: MailSettings, kind: string, message: MailMessage) => {
  const line = { kind, subject: message.subject, to: recipients(message) }
  payload.logger.info(line, 'mail (no SMTP_URL: written to the log, the body at debug level)')
  if (!settings.production) {
    payload.logger.debug({ ...line, text: message.text }, 'mail body (no SMTP_URL)')
  }
}

/**
 * Sends `message` as a job on the mail queue, in `req`'s transaction: it exists only if the change
 * it tells of commits, and a slow or refusing SMTP server never holds up the save. Without SMTP_URL
 * it is logged once the change committed. System work: the queue is not the caller's.
 */
export const queueMail = async (
  req: PayloadRequest,
  settings: MailSettings,
  kind: string,
  message: MailMessage,
): Promise<void> => {
  if (!settings.smtp) {
    await afterCommit(req, () => logMail(req.payload, settings, kind, message))
    return
  }
  const input: MailJobInput = { kind, sealed: seal(req.payload, message) }
  await req.payload.jobs.queue({
    input: input as never,
    queue: MAIL_QUEUE,
    task: SEND_MAIL_TASK as never,
    // The mail a save causes is the system's, queued in that save's transaction.
    ...asSystem(req),
  })
}

type Sender = ReturnType<EmailAdapter>

/** One nodemailer transport per process, made on first use. */
const senders = new WeakMap<Payload, Promise<Sender>>()

const senderFor = (payload: Payload, settings: MailSettings): Promise<Sender> => {
  let sender = senders.get(payload)
  if (!sender) {
    const smtp = settings.smtp!
    sender = nodemailerAdapter({
      defaultFromAddress: settings.fromAddress,
      defaultFromName: settings.fromName,
      // The job sends; a server down at start-up is a retry later, not a failed start.
      skipVerify: true,
      transportOptions: {
        ...smtp,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
        // smtp:// without credentials: STARTTLS when offered, unverified, as mail servers do
        // between themselves; with credentials or smtps:// the certificate must be valid.
        ...(smtp.secure || smtp.auth ? {} : { tls: { rejectUnauthorized: false } }),
      },
    }).then((adapter) => adapter({ payload }))
    senders.set(payload, sender)
  }
  return sender
}

/** A failure's name and code, what the server answered, never the message it was sending. */
const describeFailure = (error: unknown): string => {
  const failure = error as { code?: string; message?: string; responseCode?: number }
  return [failure.code, failure.responseCode, failure.message]
    .filter((part) => part !== undefined && part !== '')
    .join(' ')
    .slice(0, 300)
}

/**
 * One message, sent with nodemailer (@payloadcms/email-nodemailer) on SMTP_URL. A failure throws,
 * and Payload retries the job after a growing delay (MAIL_RETRIES, MAIL_RETRY_DELAY_MS); each
 * failed attempt is logged with the recipients and the server's answer, without the message.
 */
export const sendMailTask = (settings: MailSettings): TaskConfig =>
  ({
    slug: SEND_MAIL_TASK,
    label: 'Gửi thư',
    handler: async ({ input, job, req }) => {
      const { kind, sealed } = input as MailJobInput
      const attempt = ((job as { totalTried?: null | number }).totalTried ?? 0) + 1
      let message: MailMessage
      try {
        message = unseal(req.payload, sealed)
      } catch {
        // Sealed under another PAYLOAD_SECRET: no retry can read it.
        req.payload.logger.error({ job: job.id, kind }, 'mail not readable: PAYLOAD_SECRET changed')
        return { output: { attempt, sent: false } }
      }
      if (!settings.smtp) {
        // Queued while SMTP_URL was set, run by a process without it.
        logMail(req.payload, settings, kind, message)
        return { output: { attempt, sent: false } }
      }
      try {
        const sender = await senderFor(req.payload, settings)
        await sender.sendEmail({
          from: { address: settings.fromAddress, name: settings.fromName },
          html: message.html,
          subject: message.subject,
          text: message.text,
          to: message.to,
        })
      } catch (error) {
        const final = attempt > settings.retries
        const line = { attempt, error: describeFailure(error), final, job: job.id, kind }
        if (final) {
          req.payload.logger.error({ ...line, to: recipients(message) }, 'mail not delivered')
        } else {
          req.payload.logger.warn({ ...line, to: recipients(message) }, 'mail delivery failed')
        }
        throw new MailFailed(`mail attempt ${attempt} failed: ${describeFailure(error)}`)
      }
      return { output: { attempt, sent: true } }
    },
    inputSchema: [
      { name: 'kind', type: 'text', required: true },
      { name: 'sealed', type: 'text', required: true },
    ],
    outputSchema: [
      { name: 'attempt', type: 'number' },
      { name: 'sent', type: 'checkbox' },
    ],
    retries: retryConfig(settings.retries, settings.retryDelayMs),
  }) as TaskConfig

/**
 * Every instance that runs jobs looks at the mail queue every second. Silent: Payload would log a
 * failed job whole at error level; the task logs one line without the message instead.
 */
export const mailRun = {
  cron: '* * * * * *',
  disableScheduling: true,
  limit: 20,
  queue: MAIL_QUEUE,
  silent: true,
}

/** Messages already queued by the hook that built them (the reset mail); see queuedEmailAdapter. */
const handedOver = new Set<string>()

/** Marks a message as queued, so Payload's own send of the same HTML does nothing. */
export const handOver = (html: string): void => {
  handedOver.add(html)
}

/**
 * Payload's email adapter (`payload.sendEmail`): every message becomes a job on the mail queue.
 * Payload's forgot-password sends from inside its transaction without passing the request; that
 * message is queued in the transaction by generateEmailHTML (handOver) and skipped here. Anything
 * else is queued on its own, and a failure to queue is logged, never thrown at the caller.
 */
export const queuedEmailAdapter =
  (settings: MailSettings): EmailAdapter =>
  ({ payload }) => ({
    name: settings.smtp ? 'smtp-queue' : 'log',
    defaultFromAddress: settings.fromAddress,
    defaultFromName: settings.fromName,
    sendEmail: async (options: SendEmailOptions) => {
      const html = typeof options.html === 'string' ? options.html : ''
      if (handedOver.delete(html)) {
        return { queued: true }
      }
      const message: MailMessage = {
        html,
        subject: String(options.subject ?? ''),
        text: typeof options.text === 'string' ? options.text : '',
        to: (Array.isArray(options.to) ? options.to : [options.to]).map((to) =>
          typeof to === 'string' ? to : String((to as { address?: string })?.address ?? ''),
        ),
      }
      if (!settings.smtp) {
        logMail(payload, settings, 'other', message)
        return { queued: false }
      }
      try {
        await payload.jobs.queue({
          input: { kind: 'other', sealed: seal(payload, message) } as never,
          queue: MAIL_QUEUE,
          task: SEND_MAIL_TASK as never,
          // Payload's own mail (no request reaches the adapter): queued by the system.
          ...asSystem(),
        })
      } catch (error) {
        payload.logger.error(
          { error: describeFailure(error), to: recipients(message) },
          'mail could not be queued',
        )
      }
      return { queued: true }
    },
  })
