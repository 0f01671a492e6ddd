import type { AdminViewServerProps } from 'payload'

import { DefaultTemplate } from '@payloadcms/next/templates'
import { Gutter } from '@payloadcms/ui'
import { redirect } from 'next/navigation'
import React from 'react'

import { SECURITY_PATH } from './paths'
import { SessionsPanel } from './SessionsPanel'
import { TwoFactorPanel } from './TwoFactorPanel'

/**
 * "Bảo mật đăng nhập": one's own two-step sign-in and sessions. A view of its own rather than
 * `ui` fields on the account form: Payload 3.90 drops a `ui` field's component when the form
 * refreshes its state, so the panels vanished moments after they appeared.
 */
export const SecurityView = ({ initPageResult, params, searchParams }: AdminViewServerProps) => {
  const { req } = initPageResult
  if (!req.user) {
    redirect(`/admin/login?redirect=${encodeURIComponent(SECURITY_PATH)}`)
  }
  return (
    <DefaultTemplate
      i18n={req.i18n}
      locale={initPageResult.locale}
      params={params}
      payload={req.payload}
      permissions={initPageResult.permissions}
      searchParams={searchParams}
      user={req.user ?? undefined}
      visibleEntities={initPageResult.visibleEntities}
    >
      <Gutter className="security-view">
        <header style={{ margin: 'calc(var(--base) * 2) 0 calc(var(--base) * 1.5)' }}>
          <h1 style={{ marginBottom: 'calc(var(--base) / 4)' }}>Bảo mật đăng nhập</h1>
          <p style={{ color: 'var(--theme-elevation-600)', margin: 0 }}>
            Tài khoản: <strong>{(req.user as { email?: string }).email}</strong>
          </p>
        </header>
        <div style={{ maxWidth: '80rem', paddingBottom: 'calc(var(--base) * 2)' }}>
          <TwoFactorPanel />
          <SessionsPanel />
        </div>
      </Gutter>
    </DefaultTemplate>
  )
}
