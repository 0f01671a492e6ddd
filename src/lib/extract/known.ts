import { fold, toNFC } from '../vietnamese'
import type { KnownOrganization } from './types'

/** Lookup of the portal's known organizations by folded name, short name and document code. */
export type KnownIndex = {
  /** folded alias → canonical name */
  byAlias: Map<string, string>
  /** folded document code or short name without spaces → canonical name */
  byCode: Map<string, string>
  list: { name: string; aliases: string[] }[]
}

const codeKey = (value: string): string => fold(value).replace(/[\s.]+/g, '')

/** Indexes known organizations once per call; aliases shorter than two letters are ignored. */
export const indexKnown = (organizations: KnownOrganization[] | undefined): KnownIndex => {
  const index: KnownIndex = { byAlias: new Map(), byCode: new Map(), list: [] }
  for (const org of organizations ?? []) {
    const name = toNFC(org?.name ?? '')
      .replace(/\s+/g, ' ')
      .trim()
    if (!name) {
      continue
    }
    const aliases = [name, org.shortName, org.documentCode]
      .filter((alias): alias is string => typeof alias === 'string' && alias.trim().length >= 2)
      .map((alias) => toNFC(alias).replace(/\s+/g, ' ').trim())
    for (const alias of aliases) {
      if (!index.byAlias.has(fold(alias))) {
        index.byAlias.set(fold(alias), name)
      }
    }
    for (const code of [org.documentCode, org.shortName]) {
      if (typeof code === 'string' && code.trim().length >= 2 && !index.byCode.has(codeKey(code))) {
        index.byCode.set(codeKey(code), name)
      }
    }
    index.list.push({ name, aliases })
  }
  return index
}

/** The known organization whose code matches a document's issuer code ("UBND-KTTH" → whole, then "UBND"). */
export const knownByIssuerCode = (index: KnownIndex, issuerCode: string | null): string | null => {
  if (!issuerCode || index.byCode.size === 0) {
    return null
  }
  const first = issuerCode.split(/[-&]/)[0] ?? ''
  const candidates = [issuerCode, first, first.replace(/\d+$/, '')]
  for (const candidate of candidates) {
    const hit = candidate ? index.byCode.get(codeKey(candidate)) : undefined
    if (hit) {
      return hit
    }
  }
  return null
}
