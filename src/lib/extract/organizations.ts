import { mayStartOrg, mayStartTitle, parseOrgAt, parsePositionAt } from './grammar'
import { indexKnown } from './known'
import type { KnownIndex } from './known'
import { foldKey, prepare } from './text'
import type { Prepared, Token } from './text'
import type { ExtractedOrganization, KnownOrganization } from './types'

type Found = { name: string; start: number }

// Per-character fold that keeps offsets, so known names are found at their real position.
const charCache = new Map<string, string>()
const foldChar = (c: string): string => {
  let hit = charCache.get(c)
  if (hit === undefined) {
    const lower = (c.normalize('NFD')[0] ?? c).toLowerCase()
    hit = c === 'đ' || c === 'Đ' ? 'd' : /\s/.test(c) ? ' ' : lower.length === 1 ? lower : c
    charCache.set(c, hit)
  }
  return hit
}

const foldKeepLength = (text: string): string => {
  let out = ''
  for (let i = 0; i < text.length; i += 1) {
    out += foldChar(text[i] as string)
  }
  return out
}

const WORD_CHAR_RE = /[a-z0-9]/

/** First whole-word occurrence of a folded alias, or -1. */
const findWord = (haystack: string, needle: string): number => {
  let from = 0
  for (;;) {
    const at = haystack.indexOf(needle, from)
    if (at < 0) {
      return -1
    }
    const before = haystack[at - 1] ?? ' '
    const after = haystack[at + needle.length] ?? ' '
    if (!WORD_CHAR_RE.test(before) && !WORD_CHAR_RE.test(after)) {
      return at
    }
    from = at + 1
  }
}

const knownMentions = (p: Prepared, known: KnownIndex): Found[] => {
  if (known.list.length === 0) {
    return []
  }
  const haystack = foldKeepLength(p.text)
  const found: Found[] = []
  for (const org of known.list) {
    let first = -1
    for (const alias of org.aliases) {
      const at = findWord(haystack, foldKey(alias))
      if (at >= 0 && (first < 0 || at < first)) {
        first = at
      }
    }
    if (first >= 0) {
      found.push({ name: org.name, start: first })
    }
  }
  return found
}

/** "UBND" in "4074/KH-UBND" or "TU" in "04-NQ/TU" is an issuer code, not a mention. */
const insideCode = (toks: Token[], i: number): boolean => {
  const glue = toks[i - 1]
  const before = toks[i - 2]
  const t = toks[i] as Token
  return (
    glue !== undefined &&
    before !== undefined &&
    (glue.text === '/' || glue.text === '-') &&
    glue.start === before.end &&
    t.start === glue.end &&
    (before.type === 'number' || before.upper)
  )
}

/** Organizations in already prepared text; see `extractOrganizations`. */
export const organizationsIn = (p: Prepared, known: KnownIndex): ExtractedOrganization[] => {
  const toks = p.tokens
  const found: Found[] = []
  let i = 0
  while (i < toks.length) {
    const t = toks[i]
    if (t?.type !== 'word' || !(mayStartTitle(t) || mayStartOrg(t)) || insideCode(toks, i)) {
      i += 1
      continue
    }
    // An office may carry its agency inside it: "Trưởng phòng Nội vụ huyện" → "Phòng Nội vụ huyện".
    const position = parsePositionAt(p, i, false)
    if (position) {
      if (position.organization) {
        found.push({ name: position.organization, start: t.start })
      }
      i = Math.max(position.end, i + 1)
      continue
    }
    const org = parseOrgAt(p, i)
    if (org) {
      found.push({ name: org.name, start: t.start })
      i = org.to
      continue
    }
    i += 1
  }
  found.push(...knownMentions(p, known))
  // Headings in capitals ("ỦY BAN NHÂN DÂN", "CỦA THỦ TƯỚNG CHÍNH PHỦ") are layout, not mentions.
  const mentions = found.filter((item) => /\p{Ll}/u.test(item.name) || !/\s/.test(item.name))
  found.length = 0
  found.push(...mentions)
  found.sort((a, b) => a.start - b.start)

  const out: ExtractedOrganization[] = []
  const byKey = new Map<string, ExtractedOrganization>()
  for (const item of found) {
    const name = known.byAlias.get(foldKey(item.name)) ?? item.name
    const key = foldKey(name)
    if (byKey.has(key)) {
      continue
    }
    // "Ban quản lý Khu kinh tế" and "Ban Quản lý Khu kinh tế tỉnh" are one agency: keep the fuller name.
    const shorter = key.endsWith(' tinh') ? byKey.get(key.slice(0, -5)) : undefined
    if (shorter) {
      byKey.delete(foldKey(shorter.name))
      shorter.name = name
      byKey.set(key, shorter)
      continue
    }
    if (byKey.has(`${key} tinh`)) {
      continue
    }
    const entry = { name }
    byKey.set(key, entry)
    out.push(entry)
  }
  return out
}

/**
 * Agencies mentioned in the text ("Sở Nội vụ", "UBND tỉnh", "Ban Quản lý Khu kinh tế tỉnh",
 * "Phòng Nội vụ huyện Bình Sơn") plus known organizations found by name, short name or code.
 */
export const extractOrganizations = (
  text: string,
  options: { organizations?: KnownOrganization[] } = {},
): ExtractedOrganization[] => organizationsIn(prepare(text), indexKnown(options.organizations))
