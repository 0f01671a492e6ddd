'use client'

import React from 'react'

import { SECURITY_PATH } from './paths'

/** The navigation's link to one's own two-step sign-in and sessions. */
export const SecurityNavLink = () => (
  <a className="nav__link" href={SECURITY_PATH} id="nav-security">
    <span className="nav__link-label">Bảo mật đăng nhập</span>
  </a>
)
