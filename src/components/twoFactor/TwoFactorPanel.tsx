'use client'

import { Banner, Button, Pill } from '@payloadcms/ui'
import React, { useCallback, useEffect, useState } from 'react'

import { Section, TextRow } from './Section'

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

const step = { margin: 'var(--base) 0 calc(var(--base) / 2)' }

/** Two-step sign-in of the signed-in account: set up (QR, secret, code), recovery codes, turn off. */
export const TwoFactorPanel = () => {
  const [status, setStatus] = useState<null | Status>(null)
  const [setup, setSetup] = useState<null | Setup>(null)
  const [code, setCode] = useState('')
  const [codes, setCodes] = useState<null | string[]>(null)
  const [message, setMessage] = useState<null | string>(null)
  const [busy, setBusy] = useState(false)

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
    setBusy(true)
    try {
      await work()
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Section
      description="Khi bật, đăng nhập cần mật khẩu và thêm mã 6 số từ ứng dụng xác thực trên điện thoại."
      testId="two-factor-panel"
      title="Xác thực hai bước"
    >
      {status ? (
        <p>
          Trạng thái:{' '}
          <Pill pillStyle={status.enabled ? 'success' : 'light-gray'} size="small">
            {status.enabled ? 'Đang bật' : 'Chưa bật'}
          </Pill>
        </p>
      ) : null}
      {status?.mustEnroll ? (
        <Banner type="error">
          Tài khoản quản trị và Ban Biên tập phải bật xác thực hai bước trước khi làm việc khác.
        </Banner>
      ) : null}
      {codes ? (
        <Banner type="success">
          <div data-testid="recovery-codes">
            <p style={{ marginTop: 0 }}>
              Đã bật. Hãy cất giữ các mã khôi phục dưới đây (mỗi mã dùng được một lần, chỉ hiện lần
              này):
            </p>
            <ul
              style={{
                columns: 2,
                fontFamily: 'var(--font-mono, monospace)',
                listStyle: 'none',
                margin: 0,
                padding: 0,
              }}
            >
              {codes.map((entry) => (
                <li key={entry}>{entry}</li>
              ))}
            </ul>
          </div>
        </Banner>
      ) : null}
      {status && !status.enabled && !setup ? (
        <Button
          buttonStyle="primary"
          disabled={busy}
          margin={false}
          onClick={() => run(async () => setSetup((await post('/two-factor/setup')) as Setup))}
          type="button"
        >
          Thiết lập xác thực hai bước
        </Button>
      ) : null}
      {setup && !status?.enabled ? (
        <div data-testid="two-factor-setup">
          <h4 style={step}>
            1. Quét mã QR bằng ứng dụng xác thực (Google Authenticator, Microsoft Authenticator…)
          </h4>
          <img
            alt="Mã QR xác thực hai bước"
            height={220}
            src={setup.qr}
            style={{ background: '#fff', borderRadius: 'var(--style-radius-s)', padding: 8 }}
            width={220}
          />
          <p>
            hoặc nhập khóa:{' '}
            <code data-testid="two-factor-secret" style={{ userSelect: 'all' }}>
              {setup.secret}
            </code>
          </p>
          <h4 style={step}>2. Nhập mã 6 số ứng dụng hiển thị</h4>
          <TextRow
            autoComplete="one-time-code"
            id="two-factor-code"
            inputMode="numeric"
            label="Mã xác thực"
            onChange={setCode}
            value={code}
          />
          <Button
            buttonStyle="primary"
            disabled={busy}
            margin={false}
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
          </Button>
        </div>
      ) : null}
      {status?.enabled ? (
        <div>
          <p data-testid="two-factor-on">
            Đã bật. Còn {status.recoveryCodesLeft} mã khôi phục chưa dùng.
          </p>
          <TextRow
            autoComplete="one-time-code"
            id="two-factor-disable-code"
            label="Mã xác thực để tắt"
            onChange={setCode}
            placeholder="Mã 6 số hoặc mã khôi phục"
            value={code}
          />
          <Button
            buttonStyle="secondary"
            disabled={busy}
            margin={false}
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
          </Button>
        </div>
      ) : null}
      {message ? (
        <div role="alert" style={{ marginTop: 'var(--base)' }}>
          <Banner type="error">{message}</Banner>
        </div>
      ) : null}
    </Section>
  )
}
