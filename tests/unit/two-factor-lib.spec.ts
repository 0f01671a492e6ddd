import {
  acceptedStep,
  currentCode,
  describeUserAgent,
  keepSessionDetails,
  offersTwoFactorReset,
  readSessionDetails,
  SESSION_DETAILS_MAX,
  sessionDetail,
  USER_AGENT_MAX,
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

describe('session details and the reset offer', () => {
  it('should keep the address as given, IPv4-mapped IPv6 as IPv4, and cut the User-Agent', () => {
    expect(sessionDetail('::ffff:10.0.0.7', 'Firefox')).toEqual({
      ip: '10.0.0.7',
      userAgent: 'Firefox',
    })
    expect(sessionDetail('2001:db8::1', undefined)).toEqual({ ip: '2001:db8::1', userAgent: null })
    expect(sessionDetail('', '  ')).toEqual({ ip: null, userAgent: null })
    const long = sessionDetail('127.0.0.1', `A\u0000B${'x'.repeat(5000)}`)
    expect(long.userAgent).toHaveLength(USER_AGENT_MAX)
    expect(long.userAgent?.startsWith('AB')).toBe(true)
  })

  it('should keep details only of live sessions, the new one last, at most SESSION_DETAILS_MAX', () => {
    const one = { ip: '1.1.1.1', userAgent: 'a' }
    const kept = keepSessionDetails({ gone: one, live: one }, ['live', 'new'], {
      detail: { ip: '2.2.2.2', userAgent: 'b' },
      id: 'new',
    })
    expect(Object.keys(kept)).toEqual(['live', 'new'])
    const many = Object.fromEntries(
      Array.from({ length: SESSION_DETAILS_MAX + 5 }, (_, at) => [`s${at}`, one]),
    )
    const trimmed = keepSessionDetails(many, Object.keys(many))
    expect(Object.keys(trimmed)).toHaveLength(SESSION_DETAILS_MAX)
    expect(Object.keys(trimmed)[0]).toBe('s5')
    expect(readSessionDetails('nonsense')).toEqual({})
    expect(readSessionDetails({ a: { ip: 5, userAgent: 'x' }, b: 'no' })).toEqual({
      a: { ip: null, userAgent: 'x' },
    })
  })

  it('should read common browsers for editors, and nothing from nonsense', () => {
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome trên Windows')
    expect(
      describeUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari trên iOS')
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toBe('Edge trên Windows')
    expect(
      describeUserAgent(
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      ),
    ).toBe('Chrome trên Linux')
    expect(describeUserAgent('curl/8.5.0')).toBeNull()
    expect(describeUserAgent(null)).toBeNull()
  })

  it('should offer the reset to an admin only, for another account that has it on', () => {
    const admin = { id: 1, roles: ['admin'] }
    expect(offersTwoFactorReset(admin, { id: 2, twoFactorEnabled: true })).toBe(true)
    expect(offersTwoFactorReset(admin, { id: 2, twoFactorEnabled: false })).toBe(false)
    expect(offersTwoFactorReset(admin, { id: '1', twoFactorEnabled: true })).toBe(false)
    expect(offersTwoFactorReset({ id: 3, roles: ['bbt'] }, { id: 2, twoFactorEnabled: true })).toBe(
      false,
    )
    expect(offersTwoFactorReset(null, { id: 2, twoFactorEnabled: true })).toBe(false)
  })
})
