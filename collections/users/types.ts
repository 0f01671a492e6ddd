export type UsersPluginOptions = {
  /** Failed logins before an account is locked for `lockTimeMs`. */
  maxLoginAttempts?: number
  /** How long a locked account stays locked. */
  lockTimeMs?: number
  /** The session cookie's `Secure` flag; default: SERVER_URL is https. */
  secureCookies?: boolean
}
