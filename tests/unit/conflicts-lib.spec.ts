import { ifMatchHolds, isStale, versionTag } from '../../src/lib/conflicts'

describe('isStale', () => {
  const stored = '2026-11-26T10:00:00.123Z'

  it('should call another instant stale and the same instant current, however it is spelled', () => {
    expect(isStale('2026-11-26T09:59:59.000Z', stored)).toBe(true)
    expect(isStale('2026-11-26T10:00:00.124Z', stored)).toBe(true)
    expect(isStale(stored, stored)).toBe(false)
    expect(isStale('2026-11-26T17:00:00.123+07:00', stored)).toBe(false)
    expect(isStale(stored, new Date(stored))).toBe(false)
  })

  it('should make no claim without a well-formed timestamp on both sides', () => {
    expect(isStale(undefined, stored)).toBe(false)
    expect(isStale(null, stored)).toBe(false)
    expect(isStale('hôm qua', stored)).toBe(false)
    expect(isStale(1732615200000, stored)).toBe(false)
    expect(isStale(stored, undefined)).toBe(false)
  })
})

describe('versionTag and ifMatchHolds', () => {
  const at = '2026-11-26T10:00:00.123Z'

  it('should name one version alike however its instant is spelled, and tell documents apart', () => {
    const version = versionTag('organizations', 5, at)
    expect(versionTag('organizations', '5', '2026-11-26T17:00:00.123+07:00')).toBe(version)
    expect(versionTag('organizations', 5, new Date(at))).toBe(version)
    expect(versionTag('organizations', 6, at)).not.toBe(version)
    expect(versionTag('people', 5, at)).not.toBe(version)
    expect(versionTag('organizations', 5, '2026-11-26T10:00:00.124Z')).not.toBe(version)
  })

  it('should hold for any representation of the version, a list holding it, or *', () => {
    const version = versionTag('organizations', 5, at)
    expect(ifMatchHolds(`W/"${version}.body1"`, version)).toBe(true)
    expect(ifMatchHolds(`"${version}.body2"`, version)).toBe(true)
    expect(ifMatchHolds(`W/"other.body", W/"${version}.x"`, version)).toBe(true)
    expect(ifMatchHolds('*', version)).toBe(true)
    expect(ifMatchHolds('W/"other.body"', version)).toBe(false)
    expect(ifMatchHolds('', version)).toBe(false)
  })
})
