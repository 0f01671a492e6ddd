import type { AdminViewServerProps } from 'payload'

import React from 'react'

import { LoginForm } from './LoginForm'

/** The admin's login view: email, password and, for accounts that enrolled, the two-step code. */
export const LoginView = ({ initPageResult, searchParams }: AdminViewServerProps) => {
  const adminRoute = initPageResult?.req?.payload?.config?.routes?.admin ?? '/admin'
  const redirect = typeof searchParams?.redirect === 'string' ? searchParams.redirect : ''
  // Only paths of this site: never send a signed-in editor to another origin.
  const safe = redirect.startsWith('/') && !redirect.startsWith('//') ? redirect : adminRoute
  return <LoginForm redirectTo={safe} />
}
