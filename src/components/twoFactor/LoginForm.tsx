'use client'

import React, { useState } from 'react'

type Answer = { errors?: { data?: { twoFactorRequired?: boolean }; message?: string }[] }

/** Signs in through POST /api/users/login, sending the code when the account asks for one. */
export const LoginForm = ({ redirectTo }: { redirectTo: string }) => {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [code, setCode] = useState('')
  const [useRecovery, setUseRecovery] = useState(false)
  const [needsCode, setNeedsCode] = useState(false)
  const [error, setError] = useState<null | string>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const second = needsCode && code ? (useRecovery ? { recoveryCode: code } : { code }) : {}
      const response = await fetch('/api/users/login', {
        body: JSON.stringify({ email, password, ...second }),
        credentials: 'include',
        headers: { 'Content-Type': 'application/json' },
        method: 'POST',
      })
      if (response.ok) {
        window.location.assign(redirectTo)
        return
      }
      const answer = (await response.json().catch(() => ({}))) as Answer
      const first = answer.errors?.[0]
      if (first?.data?.twoFactorRequired) {
        setError(
          needsCode && code
            ? 'Mã không đúng, đã hết hạn hoặc đã được dùng. Hãy nhập mã mới.'
            : 'Tài khoản đã bật xác thực hai bước: nhập mã 6 số từ ứng dụng xác thực.',
        )
        setNeedsCode(true)
        setCode('')
      } else if (response.status === 429) {
        setError('Quá nhiều lần đăng nhập sai. Hãy thử lại sau ít phút.')
      } else {
        setError(
          response.status === 401
            ? 'Email hoặc mật khẩu không đúng.'
            : (first?.message ?? 'Không đăng nhập được.'),
        )
      }
    } catch {
      setError('Không kết nối được máy chủ.')
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="login__form two-factor-login" onSubmit={submit}>
      <div className="login__form__inputWrap">
        <div className="field-type email">
          <label className="field-label" htmlFor="field-email">
            Email
          </label>
          <input
            autoComplete="email"
            id="field-email"
            name="email"
            onChange={(event) => setEmail(event.target.value)}
            required
            type="email"
            value={email}
          />
        </div>
        <div className="field-type password">
          <label className="field-label" htmlFor="field-password">
            Mật khẩu
          </label>
          <input
            autoComplete="current-password"
            id="field-password"
            name="password"
            onChange={(event) => setPassword(event.target.value)}
            required
            type="password"
            value={password}
          />
        </div>
        {needsCode ? (
          <div className="field-type text">
            <label className="field-label" htmlFor="field-code">
              {useRecovery ? 'Mã khôi phục' : 'Mã xác thực (6 số)'}
            </label>
            <input
              autoComplete="one-time-code"
              autoFocus
              id="field-code"
              inputMode={useRecovery ? 'text' : 'numeric'}
              name="code"
              onChange={(event) => setCode(event.target.value)}
              required
              value={code}
            />
            <button
              className="btn btn--style-none"
              onClick={() => setUseRecovery(!useRecovery)}
              type="button"
            >
              {useRecovery ? 'Dùng mã từ ứng dụng xác thực' : 'Dùng mã khôi phục'}
            </button>
          </div>
        ) : null}
      </div>
      {error ? (
        <p
          className="two-factor-login__error"
          role="alert"
          style={{ color: 'var(--theme-error-500)' }}
        >
          {error}
        </p>
      ) : null}
      <a href="/admin/forgot">Quên mật khẩu?</a>
      <button className="btn btn--style-primary btn--size-large" disabled={busy} type="submit">
        Đăng nhập
      </button>
    </form>
  )
}
