import { isStale } from '../../src/lib/conflicts'

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
