import type { Env } from './database'
import { SettingsError } from './database'
import { integer } from './webhooks'

/** Where and how mail goes out: SMTP_URL, EMAIL_FROM and the retry settings. */
export type MailSettings = {
  /** EMAIL_FROM's address; `no-reply@localhost` when unset. */
  fromAddress: string
  /** EMAIL_FROM's display name; `Cổng thông tin` when unset or a bare address. */
  fromName: string
  /** NODE_ENV=production: a message body is never logged at info level. */
  production: boolean
  /** MAIL_RETRIES: retries after the first attempt of one message. */
  retries: number
  /** MAIL_RETRY_DELAY_MS: the first retry's delay; each next one doubles it. */
  retryDelayMs: number
  /** SERVER_URL, else http://localhost:PORT: where mailed links to the admin point. */
  serverUrl: string
  /** SMTP_URL parsed; null: mail is written to the log. */
  smtp: null | SmtpTarget
}

/** An SMTP server as nodemailer's SMTP transport takes it. */
export type SmtpTarget = {
  auth?: { pass: string; user: string }
  host: string
  port: number
  /** smtps://: TLS from the first byte (port 465 by default). */
  secure: boolean
}

export const MAIL_DEFAULTS = {
  fromAddress: 'no-reply@localhost',
  fromName: 'Cổng thông tin',
  retries: 8,
  retryDelayMs: 30_000,
} as const

/** `smtp://host:port` or `smtps://user:pass@host[:port]`; anything else stops the start. */
export const parseSmtpUrl = (raw: string): SmtpTarget => {
  let url: URL | undefined
  try {
    url = new URL(raw)
  } catch {
    url = undefined
  }
  // Never echo the address whole: it may carry a password.
  const shown = url ? `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}` : 'it'
  if (!url || !['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) {
    throw new SettingsError(
      `SMTP_URL ${url ? `"${shown}" ` : ''}is not an smtp:// or smtps:// address (smtp://host:port, smtps://user:pass@host)`,
    )
  }
  const secure = url.protocol === 'smtps:'
  const port = url.port ? Number(url.port) : secure ? 465 : 25
  const user = decodeURIComponent(url.username)
  return {
    ...(user ? { auth: { pass: decodeURIComponent(url.password), user } } : {}),
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port,
    secure,
  }
}

/** `Name <address>` or a bare address. */
export const parseFrom = (raw: string | undefined): { address: string; name: string } => {
  const value = raw?.trim()
  if (!value) {
    return { address: MAIL_DEFAULTS.fromAddress, name: MAIL_DEFAULTS.fromName }
  }
  const named = /^\s*"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(value)
  if (named) {
    return { address: named[2]!, name: named[1]!.trim() || MAIL_DEFAULTS.fromName }
  }
  if (/^[^\s<>@]+@[^\s<>@]+$/.test(value)) {
    return { address: value, name: MAIL_DEFAULTS.fromName }
  }
  throw new SettingsError(
    `EMAIL_FROM "${value.slice(0, 80)}" is not an address (cms@example.gov.vn or "Cổng thông tin <cms@example.gov.vn>")`,
  )
}

/** Reads SMTP_URL, EMAIL_FROM, MAIL_RETRIES and MAIL_RETRY_DELAY_MS. */
export const readMailSettings = (env: Env = process.env): MailSettings => {
  const smtpUrl = env.SMTP_URL?.trim()
  const from = parseFrom(env.EMAIL_FROM)
  return {
    fromAddress: from.address,
    fromName: from.name,
    production: env.NODE_ENV === 'production',
    retries: integer(env, 'MAIL_RETRIES', MAIL_DEFAULTS.retries, 0),
    retryDelayMs: integer(env, 'MAIL_RETRY_DELAY_MS', MAIL_DEFAULTS.retryDelayMs, 1),
    serverUrl: (env.SERVER_URL?.trim() || `http://localhost:${env.PORT?.trim() || '3000'}`).replace(
      /\/+$/,
      '',
    ),
    smtp: smtpUrl ? parseSmtpUrl(smtpUrl) : null,
  }
}

/** Session cookies carry `Secure` when the admin is served over HTTPS (SERVER_URL). */
export const secureCookies = (env: Env = process.env): boolean =>
  /^https:\/\//i.test(env.SERVER_URL?.trim() ?? '')
