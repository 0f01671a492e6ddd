/** The roles AUTH_2FA=required makes enrol before anything else. */
export const TWO_FACTOR_ROLES = ['admin', 'bbt'] as const

/** Whether an account must enrol before it may do anything else. */
export const mustEnroll = (
  required: boolean,
  user: { roles?: null | readonly string[]; twoFactorEnabled?: boolean | null } | null | undefined,
): boolean =>
  required &&
  Boolean(user) &&
  !user?.twoFactorEnabled &&
  (user?.roles ?? []).some((role) => (TWO_FACTOR_ROLES as readonly string[]).includes(role))
