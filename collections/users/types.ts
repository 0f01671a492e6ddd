export type UsersPluginOptions = {
  /** Failed logins before an account is locked for `lockTimeMs`. */
  maxLoginAttempts?: number
  /** How long a locked account stays locked. */
  lockTimeMs?: number
}
