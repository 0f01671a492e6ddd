'use client'

import { Banner, Button, Pill } from '@payloadcms/ui'
import React, { useCallback, useEffect, useState } from 'react'

import { describeUserAgent } from '../../lib/twoFactor/sessions'
import { Section } from './Section'

type Session = {
  createdAt: null | string
  current: boolean
  expiresAt: string
  id: string
  ip: null | string
  userAgent: null | string
}

const when = (iso: null | string) => (iso ? new Date(iso).toLocaleString('vi-VN') : '—')
const unknown = <span style={{ color: 'var(--theme-elevation-500)' }}>Không rõ</span>

/** The account's own active sessions, with where each sign-in came from, and a button that ends it. */
export const SessionsPanel = () => {
  const [sessions, setSessions] = useState<Session[]>([])
  const [message, setMessage] = useState<null | { error: boolean; text: string }>(null)

  const load = useCallback(async () => {
    const response = await fetch('/api/users/sessions', { credentials: 'include' })
    if (response.ok) {
      setSessions(((await response.json()) as { docs: Session[] }).docs)
    }
  }, [])
  useEffect(() => {
    void load()
  }, [load])

  const end = async (session: Session) => {
    const response = await fetch(`/api/users/sessions/${encodeURIComponent(session.id)}`, {
      credentials: 'include',
      method: 'DELETE',
    })
    if (!response.ok) {
      setMessage({ error: true, text: 'Không kết thúc được phiên.' })
      return
    }
    if (session.current) {
      window.location.assign('/admin/login')
      return
    }
    setMessage({ error: false, text: 'Đã kết thúc phiên.' })
    await load()
  }
  return (
    <Section
      description="Các nơi tài khoản đang đăng nhập. Nếu thấy phiên lạ, hãy kết thúc phiên đó và đổi mật khẩu."
      testId="sessions-panel"
      title="Phiên đăng nhập"
    >
      <div className="table">
        <table cellPadding="0" cellSpacing="0" style={{ width: '100%' }}>
          <thead>
            <tr>
              <th>Bắt đầu</th>
              <th>Hết hạn</th>
              <th>Địa chỉ IP</th>
              <th>Trình duyệt</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr data-testid="session-row" key={session.id}>
                <td>
                  {when(session.createdAt)}{' '}
                  {session.current ? (
                    <Pill pillStyle="success" size="small">
                      Phiên này
                    </Pill>
                  ) : null}
                </td>
                <td>{when(session.expiresAt)}</td>
                <td data-testid="session-ip">{session.ip ?? unknown}</td>
                <td data-testid="session-browser" title={session.userAgent ?? undefined}>
                  {session.userAgent
                    ? (describeUserAgent(session.userAgent) ?? session.userAgent)
                    : unknown}
                </td>
                <td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                  <Button
                    buttonStyle="secondary"
                    margin={false}
                    onClick={() => end(session)}
                    size="small"
                    type="button"
                  >
                    Kết thúc phiên
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {message ? (
        <div role="status">
          <Banner type={message.error ? 'error' : 'success'}>{message.text}</Banner>
        </div>
      ) : null}
    </Section>
  )
}
