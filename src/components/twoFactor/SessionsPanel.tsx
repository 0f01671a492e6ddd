'use client'

import React, { useCallback, useEffect, useState } from 'react'

type Session = { createdAt: null | string; current: boolean; expiresAt: string; id: string }

const when = (iso: null | string) => (iso ? new Date(iso).toLocaleString('vi-VN') : '—')

/** The account's own active sessions, each with a button that ends it. */
export const SessionsPanel = () => {
  const [sessions, setSessions] = useState<Session[]>([])
  const [message, setMessage] = useState<null | string>(null)

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
      setMessage('Không kết thúc được phiên.')
      return
    }
    if (session.current) {
      window.location.assign('/admin/login')
      return
    }
    setMessage('Đã kết thúc phiên.')
    await load()
  }
  return (
    <div className="sessions-panel field-type" data-testid="sessions-panel">
      <h3>Phiên đăng nhập</h3>
      <table>
        <thead>
          <tr>
            <th>Bắt đầu</th>
            <th>Hết hạn</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <tr key={session.id}>
              <td>
                {when(session.createdAt)} {session.current ? '(phiên này)' : ''}
              </td>
              <td>{when(session.expiresAt)}</td>
              <td>
                <button
                  className="btn btn--style-secondary btn--size-small"
                  onClick={() => end(session)}
                  type="button"
                >
                  Kết thúc phiên
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {message ? <p role="status">{message}</p> : null}
    </div>
  )
}
