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

/**
 * Whether the admin's account page offers to reset another account's two-step sign-in: to an
 * admin, for another account that has it on (one's own is turned off with a code on "Bảo mật đăng
 * nhập"). Only what the page shows: the reset endpoint checks the caller itself.
 */
export const offersTwoFactorReset = (
  viewer: { id?: number | string; roles?: null | readonly string[] } | null | undefined,
  target: { id?: number | string; twoFactorEnabled?: boolean | null } | null | undefined,
): boolean =>
  Boolean(viewer && target) &&
  (viewer?.roles ?? []).includes('admin') &&
  target?.twoFactorEnabled === true &&
  String(viewer?.id) !== String(target?.id)
