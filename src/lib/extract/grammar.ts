/**
 * The shared grammar of agency names, offices and personal names over tokens. Organizations,
 * people and document issuers are all read with these few parsers, so they agree on where a name
 * ends ("Chủ tịch UBND tỉnh Nguyễn Văn A": agency "UBND tỉnh", person "Nguyễn Văn A").
 */
import {
  ADMIN_LEVELS,
  FAMILY_NAMES,
  NAME_PREFIXES,
  DEGREE_ABBREVIATIONS,
  NOT_PEOPLE,
  ORG_HEADS,
  ORG_PHRASES,
  ORG_STOP_WORDS,
  PARTY_ABBREVIATIONS,
  PROVINCES,
  TITLES,
} from './lexicon'
import type { HeadDef, TitleDef } from './lexicon'
import { buildTrie, matchTrie, sliceText } from './text'
import type { Prepared, Token } from './text'

const HEAD_TRIE = buildTrie(ORG_HEADS)
const TITLE_TRIE = buildTrie(TITLES)
const PHRASE_TRIE = buildTrie(ORG_PHRASES.map((phrase): [string, true] => [phrase, true]))
const ADMIN_TRIE = buildTrie(ADMIN_LEVELS.map((level): [string, true] => [level, true]))
const PREFIX_TRIE = buildTrie(NAME_PREFIXES.map((prefix): [string, true] => [prefix, true]))

/** Words that make a following admin word part of another term ("xã hội", "Tỉnh ủy", "Tỉnh đoàn"). */
const NOT_AFTER_ADMIN = new Set(['hội', 'ủy', 'đoàn', 'trưởng', 'lộ', 'nhà', 'bộ', 'đội'])
// Ê Đê and Jrai personal names open with "Y" (men) or "H'" (women), Ba Na and Xơ Đăng ones often
// with "A" ("A Ninh"): these count as a family name where context already says "person".
const NAME_OPENERS_RE = /^(?:Y|A|H['’].*)$/u
const CONNECTORS = new Set(['-', '–', '&', ','])
const MAX_PLACE_WORDS = 4
// Most names have 2–4 syllables; Ê Đê names and old royal family names run to 5–6
// ("Y Thanh Hà Niê Kđăm", "Công Tằng Tôn Nữ Thị Phương").
const MAX_NAME_WORDS = 6
const MAX_DESCRIPTION_WORDS = 14
const DESCRIPTION_STOPS = new Set(
  'đã đang sẽ vừa mới được bị có là của tại về với cho trong trên dưới ở theo đến từ do như thì mà nhưng cùng'.split(
    ' ',
  ),
)

export type OrgSpan = { from: number; to: number; name: string; def: HeadDef }
export type TitleSpan = { from: number; end: number; canon: string; def: TitleDef }
export type Position = { title: string; organization: string | null; def: TitleDef; end: number }
export type NameSpan = { from: number; to: number; name: string; key: string; family: boolean }

type Memo = {
  org: Map<number, OrgSpan | null>
  title: Map<number, TitleSpan | null>
  person: Map<number, boolean>
}
const memos = new WeakMap<Prepared, Memo>()

const memoOf = (p: Prepared): Memo => {
  let memo = memos.get(p)
  if (!memo) {
    memo = { org: new Map(), title: new Map(), person: new Map() }
    memos.set(p, memo)
  }
  return memo
}

const isWord = (t: Token | undefined): t is Token => t?.type === 'word'

/** An office starting at token `i` ("Phó Giám đốc", "Phó Chủ tịch Thường trực", "TVTU"). */
export const parseTitleAt = (p: Prepared, i: number, requireCap = true): TitleSpan | null => {
  const t = p.tokens[i]
  if (!isWord(t) || (requireCap && !t.cap) || !TITLE_TRIE.next.has(t.norm)) {
    return null
  }
  const memo = memoOf(p)
  let span = memo.title.get(i)
  if (span === undefined) {
    span = titleAt(p, i)
    memo.title.set(i, span)
  }
  return span
}

const titleAt = (p: Prepared, i: number): TitleSpan | null => {
  const m = matchTrie(p.tokens, i, TITLE_TRIE)
  if (!m) {
    return null
  }
  // Abbreviated titles ("PCT", "TVTU") only count in capitals; "gđ" in running text is not one.
  if (m.value.abbr && !(p.tokens[i] as Token).upper) {
    return null
  }
  let end = m.end
  let canon = m.value.canon
  const a = p.tokens[end]
  const b = p.tokens[end + 1]
  if (m.value.head === undefined && a?.norm === 'thường' && b?.norm === 'trực') {
    canon = `${canon} Thường trực`
    end += 2
  }
  return { from: i, end, canon, def: m.value }
}

/** True when an office starts at `i` (a personal name never runs into one). */
const titleStartsAt = (p: Prepared, i: number): boolean => parseTitleAt(p, i, true) !== null

/** An agency name starting at token `i`, or null. `lowerHead` accepts "phòng" inside "Trưởng phòng". */
export const parseOrgAt = (
  p: Prepared,
  i: number,
  options: { lowerHead?: boolean; depth?: number } = {},
): OrgSpan | null => {
  const t = p.tokens[i]
  if (!isWord(t) || !HEAD_TRIE.next.has(t.norm)) {
    return null
  }
  const plain = !options.lowerHead && !options.depth
  if (plain) {
    const memo = memoOf(p)
    const hit = memo.org.get(i)
    if (hit !== undefined) {
      return hit
    }
    const span = orgAt(p, i, false, 0)
    memo.org.set(i, span)
    return span
  }
  return orgAt(p, i, Boolean(options.lowerHead), options.depth ?? 0)
}

const orgAt = (p: Prepared, i: number, lowerHead: boolean, depth: number): OrgSpan | null => {
  const toks = p.tokens
  const t = toks[i]
  if (!isWord(t) || (!t.cap && !lowerHead)) {
    return null
  }
  const m = matchTrie(toks, i, HEAD_TRIE)
  if (!m) {
    return null
  }
  const def = m.value
  let last = m.end
  let named = def.type === 'fixed' || def.type === 'party'
  if (def.type === 'party') {
    last = adminAt(p, m.end) ?? placeRun(p, m.end)
  } else if (def.type === 'level') {
    const admin = adminAt(p, m.end)
    const parent = admin === null && depth < 2 ? parentAt(p, m.end, depth) : null
    if (admin !== null) {
      last = admin
      named = true
    } else if (parent) {
      last = parent.to
      named = true
    } else if (!def.levelOnly) {
      last = placeRun(p, m.end)
      named = last > m.end
    }
  } else if (def.type === 'named' || def.type === 'school') {
    const r = nameComponents(p, m.end, def, depth)
    last = r.end
    named = r.named
  }
  if (!named) {
    return null
  }
  let name = sliceText(p, i, last)
  if (lowerHead) {
    name = name.charAt(0).toUpperCase() + name.slice(1)
  }
  return { from: i, to: last, name, def }
}

/** A parent agency nested in a name: "Văn phòng [UBND tỉnh]", "Ban Tuyên giáo [Tỉnh ủy]". */
const parentAt = (p: Prepared, k: number, depth: number): OrgSpan | null => {
  const t = p.tokens[k]
  if (!isWord(t) || (!t.cap && !t.upper)) {
    return null
  }
  const o = orgAt(p, k, false, depth + 1)
  return o && o.def.parent ? o : null
}

/** "tỉnh", "huyện Bình Sơn", "thành phố Hồ Chí Minh": the exclusive end, or null. */
const adminAt = (p: Prepared, k: number): number | null => {
  const m = matchTrie(p.tokens, k, ADMIN_TRIE)
  if (!m) {
    return null
  }
  const next = p.tokens[m.end]
  if (next && NOT_AFTER_ADMIN.has(next.norm)) {
    return null
  }
  let end = m.end
  if (p.tokens[end]?.text === '.' && p.tokens[k]?.norm === 'tp') {
    end += 1
  }
  if (m.end === k + 1 && p.tokens[k]?.norm === 'tỉnh' && !provinceAt(p, end)) {
    return end
  }
  return placeRun(p, end, m.end === k + 1 && NAMED_AFTER_PEOPLE.has(p.tokens[k]?.norm ?? ''))
}

/**
 * Levels whose units are often named after people ("phường Trần Phú", "xã Nguyễn Huệ", "thị trấn
 * Lê Lợi"): right after one a name-shaped run is the unit's name, not a person.
 */
const NAMED_AFTER_PEOPLE = new Set(['phường', 'xã', 'quận', 'thôn'])

/** After "tỉnh": false when the capitals open with a family name but name no province. */
const provinceAt = (p: Prepared, k: number): boolean => {
  const toks = p.tokens
  const first = toks[k]
  if (!first?.nameLike || !(FAMILY_NAMES.has(first.norm) || NAME_OPENERS_RE.test(first.text))) {
    return true
  }
  let key = first.key
  for (let j = k + 1; j < k + 5 && toks[j]; j += 1) {
    if (PROVINCES.has(key)) {
      return true
    }
    const t = toks[j] as Token
    key = t.text === '-' ? `${key} -` : `${key} ${t.key}`
  }
  return PROVINCES.has(key)
}

/** The end of a province's name starting at `k`, or null ("Lai Châu" in "Tỉnh ủy Lai Châu Giàng Páo Mỷ"). */
const provinceEnd = (p: Prepared, k: number): number | null => {
  const toks = p.tokens
  let key = ''
  let found: number | null = null
  for (let j = k; j < k + 5 && toks[j]; j += 1) {
    const t = toks[j] as Token
    if (t.text === '-' && j > k) {
      key = `${key} -`
      continue
    }
    if (!t.nameLike) {
      break
    }
    key = key ? `${key} ${t.key}` : t.key
    if (PROVINCES.has(key)) {
      found = j + 1
    }
  }
  return found
}

/** A place name of up to four capitalised words, "-" allowed ("Bà Rịa - Vũng Tàu"); stops before a person. */
const placeRun = (p: Prepared, k: number, namedAfterPeople = false): number => {
  const toks = p.tokens
  const province = provinceEnd(p, k)
  // A province is a whole place; a family name right after it opens a person's name.
  if (
    province !== null &&
    FAMILY_NAMES.has(toks[province]?.norm ?? '') &&
    toks[province]?.nameLike
  ) {
    return province
  }
  let end = k
  let words = 0
  let j = k
  while (j < toks.length && words < MAX_PLACE_WORDS) {
    const t = toks[j] as Token
    if (t.type === 'number' && j === k && k > 0 && toks[k - 1]?.type === 'word') {
      end = j + 1
      break
    }
    if (words > 0 && (t.text === '-' || t.text === '–') && toks[j + 1]?.nameLike) {
      j += 1
      continue
    }
    // "Huyện ủy Sìn Hồ Lù Văn Khang": when the syllable after a would-be name also opens one, the
    // first belongs to the place ("Sìn Hồ") and the person is the three syllables after.
    const person =
      !(namedAfterPeople && words === 0) &&
      isPersonAt(p, j) &&
      !(words > 0 && isPersonAt(p, j + 1) && nameRunEnd(p, j) === nameRunEnd(p, j + 1))
    if (!t.nameLike || person || titleStartsAt(p, j) || ORG_STOP_WORDS.has(t.norm)) {
      break
    }
    if (words > 0 && matchTrie(toks, j, HEAD_TRIE) && parseOrgAt(p, j)) {
      break
    }
    words += 1
    j += 1
    end = j
  }
  return end
}

/** The proper-name part after a head: components, connectors, a level with place, a parent agency. */
const nameComponents = (
  p: Prepared,
  start: number,
  def: HeadDef,
  depth: number,
): { end: number; named: boolean } => {
  const toks = p.tokens
  if (def.descriptive) {
    const described = descriptionAt(p, start)
    if (described !== null) {
      return { end: described, named: true }
    }
  }
  let k = start
  let end = start
  let named = false
  let described = false
  let components = 0
  while (k < toks.length) {
    const t = toks[k] as Token
    if (named && CONNECTORS.has(t.text)) {
      if (!canStartComponent(p, k + 1) || (t.text === ',' && !commaListAhead(p, k + 1))) {
        break
      }
      k += 1
      continue
    }
    if (named && t.norm === 'và' && canStartComponent(p, k + 1)) {
      k += 1
      continue
    }
    if (!isWord(t)) {
      break
    }
    if ((t.cap || t.upper) && depth < 2) {
      const parent = parentAt(p, k, depth)
      if (parent) {
        // "Văn phòng Đoàn ĐBQH và HĐND tỉnh": two parents joined by "và".
        const joined = toks[parent.to]?.norm === 'và' ? parentAt(p, parent.to + 1, depth) : null
        return { end: joined ? joined.to : parent.to, named: true }
      }
    }
    const phrase = matchTrie(toks, k, PHRASE_TRIE)
    if (!t.cap && !t.upper) {
      if (k === start && phrase) {
        k = phrase.end
        end = k
        described = true
        continue
      }
      // "Phòng Nội vụ huyện X", but not "Trung tâm huyện X" (a place, the district centre).
      const admin = named || described ? adminAt(p, k) : null
      if (admin !== null) {
        return { end: admin, named: true }
      }
      break
    }
    if (ORG_STOP_WORDS.has(t.norm) || titleStartsAt(p, k)) {
      break
    }
    if (!(def.type === 'school' && components === 0) && isPersonAt(p, k)) {
      break
    }
    if (components === 0 && def.firstWords && !def.firstWords.has(t.norm)) {
      return { end: start, named: false }
    }
    if (def.vocabOnly && !phrase && !t.upper) {
      break
    }
    if (!phrase) {
      const admin = adminAt(p, k)
      if (admin !== null) {
        return { end: admin, named: true }
      }
      if (k > start && matchTrie(toks, k, HEAD_TRIE) && parseOrgAt(p, k)) {
        break
      }
    }
    k = phrase ? phrase.end : k + 1
    end = k
    named = true
    components += 1
  }
  return { end, named }
}

/**
 * A lowercase description closed by a level: "phòng, chống dịch tỉnh" after "Ban Chỉ đạo".
 * Function words and sentence punctuation end it, so verbs after a name never get swallowed.
 */
const descriptionAt = (p: Prepared, start: number): number | null => {
  const toks = p.tokens
  if (!isWord(toks[start])) {
    return null
  }
  for (let k = start, n = 0; k < toks.length && n < MAX_DESCRIPTION_WORDS; k += 1, n += 1) {
    const t = toks[k] as Token
    if (k > start && isWord(t) && !t.cap) {
      const admin = adminAt(p, k)
      if (admin !== null) {
        return admin
      }
    }
    if (t.cap && (titleStartsAt(p, k) || isPersonAt(p, k))) {
      return null
    }
    const allowed =
      (isWord(t) && !DESCRIPTION_STOPS.has(t.norm)) ||
      t.type === 'number' ||
      ((t.text === ',' || t.text === '-') && isWord(toks[k + 1]))
    if (!allowed) {
      return null
    }
  }
  return null
}

/** A connector continues a name only into another capitalised component, not into a title or agency. */
const canStartComponent = (p: Prepared, k: number): boolean => {
  const t = p.tokens[k]
  if (!isWord(t) || (!t.cap && !t.upper) || ORG_STOP_WORDS.has(t.norm)) {
    return false
  }
  if (titleStartsAt(p, k) || isPersonAt(p, k) || adminAt(p, k) !== null) {
    return false
  }
  return !(matchTrie(p.tokens, k, HEAD_TRIE) && parseOrgAt(p, k))
}

/** "Văn hóa, Thể thao và Du lịch": a comma inside a name only in a short list closed by "và". */
const commaListAhead = (p: Prepared, k: number): boolean => {
  const toks = p.tokens
  for (let j = k, n = 0; j < toks.length && n < 5; j += 1, n += 1) {
    const t = toks[j] as Token
    if (t.norm === 'và') {
      return canStartComponent(p, j + 1)
    }
    if (t.type !== 'word' && t.text !== '-') {
      return false
    }
  }
  return false
}

const nameRunEnd = (p: Prepared, k: number): number => {
  const toks = p.tokens
  let j = k
  while (j < toks.length && j - k <= MAX_NAME_WORDS && toks[j]?.nameLike) {
    if (j > k && (titleStartsAt(p, j) || (matchTrie(toks, j, HEAD_TRIE) && parseOrgAt(p, j)))) {
      break
    }
    j += 1
  }
  return j
}

/** A personal name of `from..to`, checked for shape; null when it is not one. */
const nameSpan = (p: Prepared, from: number, to: number): NameSpan | null => {
  const n = to - from
  if (n < 2 || n > MAX_NAME_WORDS) {
    return null
  }
  const toks = p.tokens
  for (let j = from; j < to - 1; j += 1) {
    // Only the last syllable may be a single letter ("Nguyễn Văn A"), but for the Hmong middle
    // "A" ("Giàng A Tủa") and the Ê Đê "Y" ("Y Biêr Niê", "Ksor Y Phước").
    const word = (toks[j] as Token).text
    if (word.length < 2 && word !== 'Y' && word !== 'A') {
      return null
    }
  }
  const words = toks.slice(from, to).map((t) => t.text)
  const key = toks
    .slice(from, to)
    .map((t) => t.key)
    .join(' ')
  if (NOT_PEOPLE.has(key) || PROVINCES.has(key)) {
    return null
  }
  return {
    from,
    to,
    name: words.join(' '),
    key,
    family: FAMILY_NAMES.has((toks[from] as Token).norm) || NAME_OPENERS_RE.test(words[0] ?? ''),
  }
}

/** The personal name starting at `k` (2–4 capitalised syllables), or null. */
export const parseNameAt = (p: Prepared, k: number): NameSpan | null => {
  const t = p.tokens[k]
  if (
    !t?.nameLike ||
    titleStartsAt(p, k) ||
    (matchTrie(p.tokens, k, HEAD_TRIE) && parseOrgAt(p, k))
  ) {
    return null
  }
  return nameSpan(p, k, nameRunEnd(p, k))
}

/** A family name followed by two or three more name syllables, ending there: surely a person. */
export const isPersonAt = (p: Prepared, k: number): boolean => {
  const t = p.tokens[k]
  if (!t?.nameLike || !FAMILY_NAMES.has(t.norm)) {
    return false
  }
  const memo = memoOf(p)
  let person = memo.person.get(k)
  if (person === undefined) {
    const span = nameSpan(p, k, nameRunEnd(p, k))
    person = span !== null && span.to - span.from >= 3
    memo.person.set(k, person)
  }
  return person
}

/** Cheap pre-check: could an office start at this token? */
export const mayStartTitle = (t: Token): boolean => TITLE_TRIE.next.has(t.norm)

/** Cheap pre-check: could an agency name start at this token? */
export const mayStartOrg = (t: Token): boolean => HEAD_TRIE.next.has(t.norm)

/** Ranks, degrees and honours before a name ("Đại tá", "PGS.TS", "Nhà giáo Ưu tú"). */
export const skipNamePrefixes = (p: Prepared, k: number): number => {
  const toks = p.tokens
  let j = k
  for (let guard = 0; guard < 4; guard += 1) {
    const m = matchTrie(toks, j, PREFIX_TRIE)
    if (m) {
      j = m.end
      continue
    }
    const t = toks[j]
    if (isWord(t) && t.cap && DEGREE_ABBREVIATIONS.has(t.norm)) {
      j += 1
      if (toks[j]?.text === '.') {
        j += 1
      }
      continue
    }
    break
  }
  return j
}

const expandParty = (name: string): string =>
  name
    .split(' ')
    .map((word) => PARTY_ABBREVIATIONS[word] ?? word)
    .join(' ')

/** An office with the agency that follows it: "Phó Giám đốc Sở Nội vụ", "Trưởng phòng Nội vụ huyện X". */
export const parsePositionAt = (p: Prepared, i: number, requireCap: boolean): Position | null => {
  const t = parseTitleAt(p, i, requireCap)
  if (!t) {
    return null
  }
  const { def } = t
  if (def.complete) {
    return { title: t.canon, organization: null, def, end: t.end }
  }
  if (def.head !== undefined) {
    // "Trưởng ban Ban Quản lý …", "Chánh văn phòng Văn phòng …": the agency repeats the title's
    // head word and starts after the title, not at the head inside it.
    const repeated =
      p.tokens[t.end]?.norm === p.tokens[i + def.head]?.norm ? parseOrgAt(p, t.end) : null
    if (repeated) {
      return { title: t.canon, organization: repeated.name, def, end: repeated.to }
    }
    const o = parseOrgAt(p, i + def.head, { lowerHead: true })
    if (o && o.to > t.end) {
      return { title: t.canon, organization: o.name, def, end: o.to }
    }
    return { title: t.canon, organization: null, def, end: t.end }
  }
  // "Phó Giám đốc phụ trách Sở …", "Phó Bí thư chuyên trách Đảng ủy …": same office, same agency.
  const a = p.tokens[t.end]?.norm
  const at =
    (a === 'phụ' || a === 'chuyên') && p.tokens[t.end + 1]?.norm === 'trách' ? t.end + 2 : t.end
  const o = parseOrgAt(p, at)
  if (def.membership && o && (o.def.partyBody || o.def.type === 'party')) {
    const title = `${t.canon} ${expandParty(o.name)}`
    return { title, organization: null, def: { ...def, complete: true }, end: o.to }
  }
  if (def.membership && !o) {
    // "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Tỉnh ủy": the body's committee is understood.
    const body = matchTrie(p.tokens, at, HEAD_TRIE)
    if (body?.value.partyBody) {
      const title = `${t.canon} ${expandParty(sliceText(p, at, body.end))}`
      return { title, organization: null, def: { ...def, complete: true }, end: body.end }
    }
  }
  return { title: t.canon, organization: o?.name ?? null, def, end: o?.to ?? t.end }
}
