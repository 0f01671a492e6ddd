'use client'

import React, { useCallback, useEffect, useState } from 'react'

type Status = {
  enabled: boolean
  mustEnroll: boolean
  recoveryCodesLeft: number
  required: boolean
}
type Setup = { otpauthUri: string; qr: string; secret: string }

const post = async (path: string, body: unknown = {}) => {
  const response = await fetch(`/api/users${path}`, {
    body: JSON.stringify(body),
    credentials: 'include',
    headers: { 'Content-Type': 'application/json' },
    method: 'POST',
  })
  const answer = await response.json().catch(() => ({}))
  if (!response.ok) {
    throw new Error(answer?.errors?.[0]?.message ?? 'Không thực hiện được.')
  }
  return answer
}

/** Two-step sign-in of the signed-in account: set up (QR, secret, code), recovery codes, turn off. */
export const TwoFactorPanel = () => {
  const [status, setStatus] = useState<null | Status>(null)
  const [setup, setSetup] = useState<null | Setup>(null)
  const [code, setCode] = useState('')
  const [codes, setCodes] = useState<null | string[]>(null)
  const [message, setMessage] = useState<null | string>(null)

  const load = useCallback(async () => {
    const response = await fetch('/api/users/two-factor', { credentials: 'include' })
    if (response.ok) {
      setStatus((await response.json()) as Status)
    }
  }, [])
  useEffect(() => {
    void load()
  }, [load])

  const run = async (work: () => Promise<void>) => {
    setMessage(null)
    try {
      await work()
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error))
    }
  }

  return (
    <div className="two-factor-panel field-type" data-testid="two-factor-panel">
      <h3>Xác thực hai bước</h3>
      {status?.mustEnroll ? (
        <p role="alert" style={{ color: 'var(--theme-error-500)' }}>
          Tài khoản quản trị và Ban Biên tập phải bật xác thực hai bước trước khi làm việc khác.
        </p>
      ) : null}
      {codes ? (
        <div data-testid="recovery-codes">
          <p>
            Đã bật. Hãy cất giữ các mã khôi phục dưới đây (mỗi mã dùng được một lần, chỉ hiện lần
            này):
          </p>
          <ul style={{ fontFamily: 'monospace' }}>
            {codes.map((entry) => (
              <li key={entry}>{entry}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {status && !status.enabled && !setup ? (
        <>
          <p>Chưa bật. Khi bật, đăng nhập cần thêm mã 6 số từ ứng dụng xác thực trên điện thoại.</p>
          <button
            className="btn btn--style-primary"
            onClick={() => run(async () => setSetup((await post('/two-factor/setup')) as Setup))}
            type="button"
          >
            Thiết lập xác thực hai bước
          </button>
        </>
      ) : null}
      {setup && !status?.enabled ? (
        <div data-testid="two-factor-setup">
          <p>
            1. Quét mã QR bằng ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…):
          </p>
          <img alt="Mã QR xác thực hai bước" height={220} src={setup.qr} width={220} />
          <p>
            hoặc nhập khóa: <code data-testid="two-factor-secret">{setup.secret}</code>
          </p>
          <p>2. Nhập mã 6 số ứng dụng hiển thị:</p>
          <input
            aria-label="Mã xác thực"
            id="two-factor-code"
            inputMode="numeric"
            onChange={(event) => setCode(event.target.value)}
            value={code}
          />{' '}
          <button
            className="btn btn--style-primary"
            onClick={() =>
              run(async () => {
                const answer = (await post('/two-factor/confirm', { code })) as {
                  recoveryCodes: string[]
                }
                setCodes(answer.recoveryCodes)
                setSetup(null)
                setCode('')
                await load()
              })
            }
            type="button"
          >
            Xác nhận
          </button>
        </div>
      ) : null}
      {status?.enabled ? (
        <div>
          <p data-testid="two-factor-on">
            Đã bật. Còn {status.recoveryCodesLeft} mã khôi phục chưa dùng.
          </p>
          <input
            aria-label="Mã xác thực để tắt"
            onChange={(event) => setCode(event.target.value)}
            placeholder="Mã 6 số hoặc mã khôi phục"
            value={code}
          />{' '}
          <button
            className="btn btn--style-secondary"
            onClick={() =>
              run(async () => {
                const digits = /^[\d\s]+$/.test(code)
                await post('/two-factor/disable', digits ? { code } : { recoveryCode: code })
                setCode('')
                setCodes(null)
                await load()
              })
            }
            type="button"
          >
            Tắt xác thực hai bước
          </button>
        </div>
      ) : null}
      {message ? <p role="alert">{message}</p> : null}
    </div>
  )
}
