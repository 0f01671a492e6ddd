import { installedVersion, PATCHES, resolveCompat, versionMismatches } from '../../src/compat'
import type { PatchName } from '../../src/compat'

const names = Object.keys(PATCHES) as PatchName[]

describe('compat: patches of dependencies, checked against the installed versions', () => {
  it('should find the installed versions along a dependency chain', () => {
    expect(installedVersion(['payload'])).toBe('3.90.1')
    expect(installedVersion(['@payloadcms/drizzle', 'drizzle-orm'])).toMatch(/^\d+\.\d+\.\d+/)
    expect(installedVersion(['no-such-package-here'])).toBeNull()
  })

  it('should list, for every patch, exactly the versions installed now', () => {
    // Fails after an upgrade until each patch is re-checked and its versions updated.
    for (const name of names) {
      expect({ name, mismatches: versionMismatches(name) }).toEqual({ mismatches: [], name })
    }
  })

  it('should turn every patch on when COMPAT is on and the versions match', () => {
    const warnings: string[] = []
    const compat = resolveCompat(true, (message) => warnings.push(message))
    expect(names.filter((name) => !compat[name])).toEqual([])
    expect(warnings).toEqual([])
  })

  it('should turn every patch off with COMPAT=0', () => {
    const compat = resolveCompat(false, () => {
      throw new Error('no warning expected')
    })
    expect(names.filter((name) => compat[name])).toEqual([])
  })

  it('should turn off only the patches of a package in another version, with one warning each', () => {
    const warnings: string[] = []
    const compat = resolveCompat(
      true,
      (message) => warnings.push(message),
      (chain) => (chain.at(-1) === 'pg' ? '9.0.0' : installedVersion(chain)),
    )
    expect(compat.postgresPool).toBe(false)
    expect(names.filter((name) => name !== 'postgresPool' && !compat[name])).toEqual([])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('postgresPool.ts')
    expect(warnings[0]).toContain('pg 9.0.0 (checked 8.20.0)')
  })
})
