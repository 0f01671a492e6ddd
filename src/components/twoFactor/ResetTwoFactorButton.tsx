'use client'

import { Button, ConfirmationModal, toast, useModal } from '@payloadcms/ui'
import React, { useState } from 'react'

const MODAL = 'reset-two-factor'

/** Asks for confirmation, then POST /api/users/<id>/two-factor/reset, and says how it went. */
export const ResetTwoFactorButton = ({ email, id }: { email: string; id: number | string }) => {
  const { openModal } = useModal()
  const [done, setDone] = useState(false)

  const reset = async () => {
    try {
      const response = await fetch(
        `/api/users/${encodeURIComponent(String(id))}/two-factor/reset`,
        {
          credentials: 'include',
          method: 'POST',
        },
      )
      const answer = (await response.json().catch(() => ({}))) as {
        errors?: { message?: string }[]
      }
      if (!response.ok) {
        toast.error(answer.errors?.[0]?.message ?? 'Không đặt lại được xác thực hai bước.')
        return
      }
      setDone(true)
      toast.success(`Đã tắt xác thực hai bước của ${email}. Lần sau chỉ cần mật khẩu để đăng nhập.`)
    } catch {
      toast.error('Không kết nối được máy chủ.')
    }
  }

  if (done) {
    return (
      <span className="reset-two-factor__done" data-testid="reset-two-factor-done" role="status">
        Đã tắt xác thực hai bước
      </span>
    )
  }
  return (
    <>
      <Button
        buttonStyle="secondary"
        className="reset-two-factor"
        id="reset-two-factor"
        margin={false}
        onClick={() => openModal(MODAL)}
        size="medium"
        type="button"
      >
        Đặt lại xác thực hai bước
      </Button>
      <ConfirmationModal
        body={
          <p>
            Tài khoản <strong>{email}</strong> sẽ đăng nhập chỉ bằng mật khẩu cho đến khi người dùng
            bật lại xác thực hai bước. Chỉ làm việc này khi đã xác minh người dùng bị mất điện thoại
            hoặc mã khôi phục.
          </p>
        }
        cancelLabel="Hủy"
        confirmingLabel="Đang đặt lại…"
        confirmLabel="Đặt lại"
        heading="Đặt lại xác thực hai bước?"
        modalSlug={MODAL}
        onConfirm={reset}
      />
    </>
  )
}
