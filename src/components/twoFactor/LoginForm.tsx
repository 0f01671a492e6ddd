'use client'

import React, { useState } from 'react'

/** A required input with its label, in Payload's field markup (`#field-<name>`). */
const Field = ({
  children,
  kind,
  label,
  name,
  onChange,
  ...input
}: {
  children?: React.ReactNode
  kind: string
  label: string
  name: string
  onChange: (value: string) => void
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange'>) => (
  <div className={`field-type ${kind}`}>
    <label className="field-label" htmlFor={`field-${name}`}>
      {label}
    </label>
    <input
      {...input}
      id={`field-${name}`}
      name={name}
      onChange={(event) => onChange(event.target.value)}
      required
    />
    {children}
  </div>
)

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
        <Field
          autoComplete="email"
          kind="email"
          label="Email"
          name="email"
          onChange={setEmail}
          type="email"
          value={email}
        />
        <Field
          autoComplete="current-password"
          kind="password"
          label="Mật khẩu"
          name="password"
          onChange={setPassword}
          type="password"
          value={password}
        />
        {needsCode ? (
          <Field
            autoComplete="one-time-code"
            autoFocus
            inputMode={useRecovery ? 'text' : 'numeric'}
            kind="text"
            label={useRecovery ? 'Mã khôi phục' : 'Mã xác thực (6 số)'}
            name="code"
            onChange={setCode}
            value={code}
          >
            <button
              className="btn btn--style-none"
              onClick={() => setUseRecovery(!useRecovery)}
              type="button"
            >
              {useRecovery ? 'Dùng mã từ ứng dụng xác thực' : 'Dùng mã khôi phục'}
            </button>
          </Field>
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
