'use client'

import { useAuth } from '@payloadcms/ui'
import { usePathname, useRouter } from 'next/navigation'
import React, { useEffect } from 'react'

import { SECURITY_PATH } from './paths'

/** AUTH_2FA=required: an admin or bbt account not enrolled is sent to the sign-in security page to enrol. */
export const EnrolmentRedirect = ({ children }: { children?: React.ReactNode }) => {
  const { user } = useAuth()
  const pathname = usePathname()
  const router = useRouter()
  useEffect(() => {
    if (!user || pathname?.startsWith(SECURITY_PATH) || pathname?.startsWith('/admin/logout')) {
      return
    }
    let cancelled = false
    void fetch('/api/users/two-factor', { credentials: 'include' })
      .then((response) => (response.ok ? response.json() : null))
      .then((status: { mustEnroll?: boolean } | null) => {
        if (!cancelled && status?.mustEnroll) {
          router.replace(SECURITY_PATH)
        }
      })
      .catch(() => {})
    return () => {
      cancelled = true
    }
  }, [user, pathname, router])
  return <>{children}</>
}
