import {
  acceptedStep,
  currentCode,
  matchRecoveryCode,
  mustEnroll,
  newRecoveryCodes,
  newSecret,
  normalizeCode,
  normalizeRecoveryCode,
  otpauthUri,
  PERIOD_SECONDS,
} from '../../src/lib/twoFactor'
import { readAuthSettings } from '../../src/lib/env'

const STEP = PERIOD_SECONDS * 1000

describe('two-step sign-in logic', () => {
  const secret = newSecret()
  const now = 1_800_000_000_000

  it('should accept the code of now and of one period either side, and nothing further', () => {
    const step = Math.floor(now / STEP)
    expect(acceptedStep(secret, currentCode(secret, now), null, now)).toBe(step)
    expect(acceptedStep(secret, currentCode(secret, now - STEP), null, now)).toBe(step - 1)
    expect(acceptedStep(secret, currentCode(secret, now + STEP), null, now)).toBe(step + 1)
    expect(acceptedStep(secret, currentCode(secret, now - 3 * STEP), null, now)).toBeNull()
    expect(acceptedStep(secret, currentCode(secret, now + 3 * STEP), null, now)).toBeNull()
  })

  it('should refuse a code whose step is not after the last one used', () => {
    const code = currentCode(secret, now)
    const step = acceptedStep(secret, code, null, now)!
    expect(acceptedStep(secret, code, step, now)).toBeNull()
    expect(acceptedStep(secret, currentCode(secret, now + STEP), step, now)).toBe(step + 1)
  })

  it('should read codes as typed from an app and refuse anything else', () => {
    expect(normalizeCode('123 456')).toBe('123456')
    expect(normalizeCode('123-456')).toBe('123456')
    expect(normalizeCode(123456)).toBe('123456')
    expect(normalizeCode('12345')).toBeNull()
    expect(normalizeCode({})).toBeNull()
    expect(acceptedStep(secret, 'abcdef', null, now)).toBeNull()
  })

  it('should make ten distinct recovery codes, keep only hashes, and match each once by the caller', () => {
    const { plain, stored } = newRecoveryCodes()
    expect(new Set(plain).size).toBe(10)
    expect(JSON.stringify(stored)).not.toContain(plain[0])
    expect(matchRecoveryCode(stored, plain[4].toLowerCase().replace('-', ' '))).toBe(4)
    stored[4] = { ...stored[4], usedAt: new Date().toISOString() }
    expect(matchRecoveryCode(stored, plain[4])).toBe(-1)
    expect(matchRecoveryCode(stored, 'ZZZZZ-ZZZZZ')).toBe(-1)
    expect(normalizeRecoveryCode('abcde fghij')).toBe('ABCDE-FGH1J')
  })

  it('should label the authenticator entry with the portal and the account', () => {
    expect(otpauthUri('Cổng thông tin', 'a@b.vn', secret)).toMatch(
      /^otpauth:\/\/totp\/.*a%40b\.vn\?.*secret=/,
    )
  })

  it('should make only unenrolled admin and bbt accounts enrol, and only when required', () => {
    expect(mustEnroll(true, { roles: ['bbt'], twoFactorEnabled: false })).toBe(true)
    expect(mustEnroll(true, { roles: ['admin'] })).toBe(true)
    expect(mustEnroll(true, { roles: ['bbt'], twoFactorEnabled: true })).toBe(false)
    expect(mustEnroll(true, { roles: ['editor'] })).toBe(false)
    expect(mustEnroll(false, { roles: ['admin'] })).toBe(false)
  })

  it('should read AUTH_2FA and refuse a value it does not know', () => {
    expect(readAuthSettings({}).twoFactorRequired).toBe(false)
    expect(readAuthSettings({ AUTH_2FA: 'required' }).twoFactorRequired).toBe(true)
    expect(readAuthSettings({ AUTH_2FA: '' }).twoFactorRequired).toBe(false)
    expect(() => readAuthSettings({ AUTH_2FA: 'yes' })).toThrow(/AUTH_2FA/)
  })
})
