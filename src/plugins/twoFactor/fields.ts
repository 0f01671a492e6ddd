import type { Field } from 'payload'

const nobody = () => false

/**
 * The account's second-step and session fields: one readable flag, the rest readable and writable
 * by no API.
 */
export const twoFactorFields: Field[] = [
  {
    name: 'twoFactorEnabled',
    type: 'checkbox',
    defaultValue: false,
    label: { en: 'Two-step sign-in on', vi: 'Đã bật xác thực hai bước' },
    // Changed only through /api/users/two-factor/*, which check a code first.
    access: { create: nobody, update: nobody },
    admin: { hidden: true, readOnly: true },
  },
  {
    // The sealed secret and the hashed recovery codes (src/plugins/twoFactor/state.ts).
    name: 'twoFactorState',
    type: 'json',
    hidden: true,
    access: { create: nobody, read: nobody, update: nobody },
  },
  {
    // The time step of the last code accepted: a code works once, on every instance.
    name: 'twoFactorLastStep',
    type: 'number',
    hidden: true,
    access: { create: nobody, read: nobody, update: nobody },
  },
  {
    // Session id → { ip, userAgent } of the sign-in that started it: shown only to the account
    // itself, through GET /api/users/sessions (src/plugins/twoFactor/sessions.ts).
    name: 'sessionDetails',
    type: 'json',
    hidden: true,
    access: { create: nobody, read: nobody, update: nobody },
  },
]
