import { APIError } from 'payload'

/** Refusals of the second step: JSON 4xx whose `data` says what the client should do. */
export class TwoFactorError extends APIError {
  constructor(message: string, status: number, data: Record<string, unknown>) {
    super(message, status, data, true)
    this.name = 'TwoFactorError'
  }
}

export const MESSAGES = {
  codeNeeded:
    'Tài khoản này đã bật xác thực hai bước: gửi kèm "code" (mã 6 số từ ứng dụng xác thực) hoặc "recoveryCode". (Two-step sign-in: a code is needed.)',
  wrongCode:
    'Mã xác thực không đúng, đã hết hạn hoặc đã được dùng. (The two-step code is wrong, expired or already used.)',
  wrongRecovery:
    'Mã khôi phục không đúng hoặc đã được dùng. (The recovery code is wrong or already used.)',
  mustEnroll:
    'Tài khoản quản trị và Ban Biên tập phải bật xác thực hai bước trước khi làm việc khác (AUTH_2FA=required): POST /api/users/two-factor/setup rồi /api/users/two-factor/confirm. (Enrol in two-step sign-in first.)',
} as const
