/** The admin page of one's own two-step sign-in and sessions. */
export const SECURITY_ROUTE = '/bao-mat'
export const SECURITY_PATH = `/admin${SECURITY_ROUTE}`
