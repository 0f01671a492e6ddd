export type { DatabaseTarget, Env } from './database'
export {
  DEFAULT_DATABASE_URI,
  parseDatabaseUri,
  readDatabaseTarget,
  SettingsError,
} from './database'
export type { RedisTarget } from './redis'
export { DEFAULT_REDIS_PREFIX, readRedisTarget } from './redis'
export type { RateLimitOptions } from './rateLimits'
export { DEFAULT_RATE_LIMITS, readImportBatchSize, readRateLimits } from './rateLimits'
export { resolveSecret } from './secret'
export type { ServerSettings } from './server'
export {
  defaultNodeEnv,
  environment,
  parseCorsOrigins,
  readServerSettings,
  readSiteUrl,
} from './server'
export type { Settings } from './settings'
export { AUTOSAVE_SECONDS_DEFAULT, readSettings } from './settings'
export type { S3Settings } from './storage'
export { readS3Settings } from './storage'
export type { WebhookSettings } from './webhooks'
export { readWebhookSettings, WEBHOOK_DEFAULTS } from './webhooks'
export type { FrontendSettings } from './frontends'
export { PREVIEW_TOKEN_TTL_DEFAULT, readFrontendSettings } from './frontends'
export type { MailSettings, SmtpTarget } from './mail'
export { MAIL_DEFAULTS, parseFrom, parseSmtpUrl, readMailSettings, secureCookies } from './mail'
export type { AuthSettings } from './auth'
export { readAuthSettings } from './auth'
