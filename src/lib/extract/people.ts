import {
  mayStartTitle,
  parseTitleAt,
  parseNameAt,
  parseOrgAt,
  parsePositionAt,
  skipNamePrefixes,
} from './grammar'
import type { NameSpan, Position } from './grammar'
import { DEGREE_ABBREVIATIONS, FAMILY_NAMES } from './lexicon'
import { foldKey, isSentenceEnd, prepare } from './text'
import type { Prepared, Token } from './text'
import type { ExtractedPerson, ExtractedPosition } from './types'

type Honorific = { end: number; honorific: string; plural: boolean }
type Mention = { name: NameSpan; honorific: string | null; positions: Position[] }
type Chain = { positions: Position[]; end: number }
type Recorded = {
  name: string
  key: string
  honorific: string | null
  positions: ExtractedPosition[]
}

const SEPARATORS = new Set([',', '-', '–', '—', '('])
const LIST_SEPARATORS = new Set([';', ','])
// Words that make the office a former or posthumous one; those never enter the directory.
const FORMER = new Set(['nguyên', 'cố', 'cựu'])
// "giữ chức", "làm", "được điều động, bổ nhiệm giữ chức vụ": the office follows these words.
const APPOINTMENT_WORDS = new Set(
  'được tái điều động bổ nhiệm bầu luân chuyển giữ chức vụ làm đảm nhận nhiệm kiêm'.split(' '),
)
const APPOINTMENT_HEADS = new Set(['giữ', 'làm', 'bầu', 'nhiệm', 'chức'])
const MAX_POSITIONS = 8
const MAX_LIST_INTRO = 14
// "thừa lệnh", "thay mặt", "ủy quyền": the office named next belongs to someone else.
const DELEGATING = new Set(['lệnh', 'mặt', 'quyền'])
// Forms of address that are not honorifics of record ("anh Trần Văn Quý, Bí thư Đoàn xã …").
const COURTESY = new Set(['anh', 'chị', 'em', 'thầy', 'cô', 'chú', 'bác', 'cháu'])

const honorificAt = (p: Prepared, i: number): Honorific | null => {
  const toks = p.tokens
  let j = i
  let plural = false
  if (toks[j]?.norm === 'các') {
    plural = true
    j += 1
  }
  const t = toks[j]
  if (t?.type !== 'word') {
    return null
  }
  if (t.norm === 'đ/c') {
    return { end: j + 1, honorific: 'đồng chí', plural }
  }
  if (t.norm === 'đồng' && toks[j + 1]?.norm === 'chí') {
    return { end: j + 2, honorific: 'đồng chí', plural }
  }
  if (COURTESY.has(t.norm) && !plural) {
    // "chị Lò Thị Hoa", "anh Vừ A Dính": a form of address, not an honorific of record.
    if (t.cap && toks[i - 1]?.type === 'word') {
      return null
    }
    return { end: j + 1, honorific: '', plural: false }
  }
  if (t.norm === 'ông' || t.norm === 'bà') {
    // Mid-sentence capitals are proper names: "đường Bà Triệu", "tỉnh Bà Rịa - Vũng Tàu".
    if (t.cap && !plural && toks[i - 1]?.type === 'word') {
      return null
    }
    return { end: j + 1, honorific: t.norm, plural }
  }
  return null
}

/** "Hoàng Văn Thành (dân tộc Tày), Chủ tịch …": a short aside in brackets before the offices. */
const skipAside = (p: Prepared, k: number): number => {
  const toks = p.tokens
  if (toks[k]?.text !== '(') {
    return k
  }
  for (let j = k + 1; j < toks.length && j - k < 10; j += 1) {
    const t = toks[j] as Token
    if (t.text === ')') {
      return toks[j + 1]?.text === ',' ? j + 1 : k
    }
    if (t.type === 'break' || parseTitleAt(p, j, true)) {
      return k
    }
  }
  return k
}

/** Offices after a name: ", Phó Giám đốc Sở Nội vụ, Trưởng đoàn", " - Phó Chủ tịch …", " giữ chức …". */
const positionsAfter = (p: Prepared, k: number): Chain => {
  const toks = p.tokens
  const positions: Position[] = []
  let j = skipAside(p, k)
  while (positions.length < MAX_POSITIONS) {
    const t = toks[j]
    if (!t) {
      break
    }
    let s: number
    if (SEPARATORS.has(t.text) || t.norm === 'kiêm') {
      s = j + 1
    } else if (positions.length === 0 && j === k && t.cap && parsePositionAt(p, j, true)) {
      // Captions drop the comma: "Đồng chí Nguyễn Văn A Phó Chủ tịch UBND tỉnh".
      s = j
    } else {
      const appointed = appointmentEnd(p, j)
      if (appointed === null) {
        break
      }
      s = appointed
    }
    if (toks[s]?.norm === 'kiêm') {
      s += 1
    }
    const position = parsePositionAt(p, s, false)
    if (!position) {
      // "Trưởng phòng X, Sở Nội vụ, Trưởng đoàn": the parent agency after a comma is skipped over.
      const parent = t.text === ',' && positions.length > 0 ? parseOrgAt(p, s) : null
      if (parent && toks[parent.to]?.text === ',' && parsePositionAt(p, parent.to + 1, false)) {
        j = parent.to
        continue
      }
      break
    }
    positions.push(position)
    j = position.end
    if (t.text === '(' && toks[j]?.text === ')') {
      j += 1
    }
  }
  return { positions, end: j }
}

/** End of an appointment phrase ("được bầu giữ chức", "làm") starting at `j`, or null. */
const appointmentEnd = (p: Prepared, j: number): number | null => {
  const toks = p.tokens
  let k = j
  let seen = false
  while (k < toks.length && k - j < 8) {
    const t = toks[k] as Token
    if (APPOINTMENT_WORDS.has(t.norm) && !t.cap) {
      seen = seen || APPOINTMENT_HEADS.has(t.norm)
      k += 1
    } else if (t.text === ',' && k > j && APPOINTMENT_WORDS.has(toks[k + 1]?.norm ?? '')) {
      k += 1
    } else {
      break
    }
  }
  return seen && k > j ? k : null
}

/** Offices before a name: "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh [Đặng Văn Minh]". */
const titleChain = (p: Prepared, j: number, requireCap: boolean): Chain | null => {
  const toks = p.tokens
  const positions: Position[] = []
  let k = j
  while (positions.length < MAX_POSITIONS) {
    const position = parsePositionAt(p, k, requireCap && positions.length === 0)
    if (!position) {
      break
    }
    positions.push(position)
    k = position.end
    const t = toks[k]
    if (t && (t.text === ',' || t.norm === 'kiêm') && parsePositionAt(p, k + 1, false)) {
      k += 1
      continue
    }
    break
  }
  return positions.length > 0 ? { positions, end: k } : null
}

const wordCount = (name: NameSpan): number => name.to - name.from

/** After an honorific: a family-name-led name, or any 3–4 syllable name that holds an office. */
const honorificNameOk = (name: NameSpan, positions: Position[]): boolean =>
  name.family || (wordCount(name) >= 3 && positions.length > 0)

/** Without an honorific only a family name plus two or three syllables is trusted. */
const bareNameOk = (name: NameSpan): boolean =>
  name.family && wordCount(name) >= 3 && wordCount(name) <= 5

/**
 * Right after an office, a two-syllable name is trusted too ("Tổng Bí thư Tô Lâm", "Chủ tịch
 * UBND tỉnh Trần Châu") when it starts with a family name and the capitals end there.
 */
const titledNameOk = (p: Prepared, name: NameSpan): boolean =>
  bareNameOk(name) || (name.family && wordCount(name) === 2 && !p.tokens[name.to]?.nameLike)

const memberAt = (
  p: Prepared,
  start: number,
  honorific: string | null,
): { mention: Mention; end: number } | null => {
  let j = start
  if (p.tokens[j]?.text === ':') {
    j += 1
  }
  j = skipNamePrefixes(p, j)
  const chain = titleChain(p, j, false)
  const lead = chain?.positions ?? []
  const name = parseNameAt(p, chain ? skipNamePrefixes(p, chain.end) : j)
  if (!name) {
    return null
  }
  const after = positionsAfter(p, name.to)
  const positions = [...lead, ...after.positions]
  if (!honorificNameOk(name, positions)) {
    return null
  }
  return { mention: { name, honorific, positions }, end: after.end }
}

/** "Thủ tướng Chính phủ Phạm Minh Chính", "Chủ tịch UBND tỉnh Nguyễn Văn A …". */
const titledAt = (p: Prepared, i: number): { mention: Mention; end: number } | null => {
  const chain = titleChain(p, i, true)
  if (!chain) {
    return null
  }
  const toks = p.tokens
  let at = skipNamePrefixes(p, chain.end)
  // "…, Phó Chủ tịch Quốc hội, Thượng tướng Trần Quang Phương": a rank after a comma, then the name.
  if (at === chain.end && toks[at]?.text === ',') {
    const ranked = skipNamePrefixes(p, at + 1)
    at = ranked > at + 1 ? ranked : at
  }
  const name = parseNameAt(p, at)
  if (!name || !titledNameOk(p, name)) {
    return null
  }
  const after = positionsAfter(p, name.to)
  // "thừa lệnh Chủ tịch UBND tỉnh, Chánh Văn phòng … Nguyễn Quốc Việt": the first office is someone else's.
  const borrowed = chain.positions.length > 1 && DELEGATING.has(toks[i - 1]?.norm ?? '')
  const positions = borrowed ? chain.positions.slice(1) : chain.positions
  return {
    mention: { name, honorific: null, positions: [...positions, ...after.positions] },
    end: after.end,
  }
}

/** "nguyên Chủ tịch UBND tỉnh Nguyễn Văn Thiện": the person, without the office they no longer hold. */
const formerAt = (p: Prepared, i: number): { mention: Mention; end: number } | null => {
  const found = titledAt(p, i)
  return found ? { mention: { ...found.mention, positions: [] }, end: found.end } : null
}

/** "Nguyễn Văn A, Giám đốc Sở Y tế" / caption "Nguyễn Văn A - Giám đốc Sở Y tế". */
const namedFirstAt = (p: Prepared, i: number): { mention: Mention; end: number } | null => {
  const prev = p.tokens[i - 1]
  const courtesy = prev !== undefined && COURTESY.has(prev.norm)
  if ((prev?.nameLike && !courtesy) || (prev?.upper && !DEGREE_ABBREVIATIONS.has(prev.norm))) {
    return null
  }
  const name = parseNameAt(p, i)
  // "Tô Lâm, Tổng Bí thư …": two syllables will do when an office follows after a comma or dash.
  const two =
    name !== null && titledNameOk(p, name) && SEPARATORS.has(p.tokens[name.to]?.text ?? '')
  if (!name || !(bareNameOk(name) || two)) {
    return null
  }
  const after = positionsAfter(p, name.to)
  if (after.positions.length === 0) {
    return null
  }
  return { mention: { name, honorific: null, positions: after.positions }, end: after.end }
}

const positionKey = (title: string, organization: string | null): string =>
  `${foldKey(title)}|${organization ? foldKey(organization) : ''}`

/** Fills a missing agency from "Về phía Ban quản lý …, có ông X, Phó Trưởng Ban". */
const withSide = (positions: Position[], side: string | null): ExtractedPosition[] =>
  positions.map((position) => ({
    title: position.title,
    organization:
      position.organization ??
      (side && !position.def.delegation && !position.def.complete && !position.def.membership
        ? side
        : null),
  }))

/** Merges mentions of the same person (same folded name): union of offices, no duplicates. */
const mergeMentions = (mentions: Recorded[]): ExtractedPerson[] => {
  const people = new Map<string, { person: ExtractedPerson; keys: Set<string> }>()
  for (const mention of mentions) {
    let entry = people.get(mention.key)
    if (!entry) {
      entry = { person: { name: mention.name, honorific: null, positions: [] }, keys: new Set() }
      people.set(mention.key, entry)
    }
    const { person, keys } = entry
    person.honorific = person.honorific ?? mention.honorific
    for (const position of mention.positions) {
      const key = positionKey(position.title, position.organization)
      if (!keys.has(key)) {
        keys.add(key)
        person.positions.push(position)
      }
    }
  }
  return [...people.values()].map(({ person }) => {
    // "Phó Trưởng Ban" alone is the same office as "Phó Trưởng Ban, Ban quản lý …" named later.
    const placed = new Set(
      person.positions.filter((pos) => pos.organization).map((pos) => foldKey(pos.title)),
    )
    person.positions = person.positions.filter(
      (pos) => pos.organization !== null || !placed.has(foldKey(pos.title)),
    )
    return person
  })
}

/** People in already prepared text; see `extractPeople`. */
export const peopleIn = (p: Prepared): ExtractedPerson[] => {
  const toks = p.tokens
  const mentions: Recorded[] = []
  let side: string | null = null
  const record = (mention: Mention): void => {
    mentions.push({
      name: mention.name.name,
      key: mention.name.key,
      honorific: mention.honorific,
      positions: withSide(mention.positions, side),
    })
  }
  let i = 0
  while (i < toks.length) {
    const t = toks[i] as Token
    if (isSentenceEnd(t)) {
      side = null
      i += 1
      continue
    }
    if (t.norm === 'về' && toks[i + 1]?.norm === 'phía') {
      side = parseOrgAt(p, i + 2)?.name ?? null
      i += 2
      continue
    }
    const honoured = FORMER.has(toks[i - 1]?.norm ?? '') ? null : prefixedAt(p, i)
    if (honoured) {
      record(honoured.mention)
      i = honoured.end
      continue
    }
    const h = honorificAt(p, i)
    if (h) {
      const courtesy = h.honorific === ''
      let first = memberAt(p, h.end, courtesy ? null : h.honorific)
      first = first ?? (h.plural ? listAfterColon(p, h) : null)
      if (!first || (courtesy && !bareNameOk(first.mention.name))) {
        i = h.end
        continue
      }
      record(first.mention)
      i = pairedAfter(p, first.end, record)
      i = courtesy ? i : listMembers(p, i, h, record)
      continue
    }
    const former = FORMER.has(toks[i - 1]?.norm ?? '')
    const found =
      t.cap && !former
        ? ((mayStartTitle(t) ? titledAt(p, i) : null) ??
          (t.nameLike && FAMILY_NAMES.has(t.norm)
            ? (namedFirstAt(p, i) ?? pairAt(p, i) ?? bareAt(p, i))
            : null))
        : t.cap && mayStartTitle(t)
          ? formerAt(p, i)
          : null
    if (found) {
      record(found.mention)
      i = pairedAfter(p, found.end, record)
      continue
    }
    i += 1
  }
  return mergeMentions(mentions)
}

/**
 * A rank, degree or honour says the next capitals are a person: "mẹ Việt Nam Anh hùng Nguyễn Thị
 * Thứ", "Già làng A Ninh", "Đại tá Sùng Mí Nhè".
 */
const prefixedAt = (p: Prepared, i: number): { mention: Mention; end: number } | null => {
  const at = skipNamePrefixes(p, i)
  if (at === i) {
    return null
  }
  const name = parseNameAt(p, at)
  if (!name || !titledNameOk(p, name)) {
    return null
  }
  const after = positionsAfter(p, name.to)
  return { mention: { name, honorific: null, positions: after.positions }, end: after.end }
}

const HYPHENS = new Set(['-', '–'])

/**
 * Words after which capitals name a place, a work or a body, not a person: "đường Nguyễn Văn
 * Linh", "trường Lê Quý Đôn", "giải Trần Văn Ơn", "tập đoàn Hoàng Anh Gia Lai".
 */
const PLACE_WORDS = new Set(
  (
    'đường phố phường xã trường cầu quảng viên bệnh chợ khu thôn bản làng huyện tỉnh quận thành ' +
    'thị giải cúp tuyến hóa hội đền chùa đình miếu đài số ngõ hẻm kiệt lộ đoàn ty nhóm đội bến ' +
    'cảng sân tàu hầm đập hồ đảo núi sông kênh'
  ).split(' '),
)

const STREET_WORDS = new Set(
  'đường phố phường trường cầu quảng tuyến lộ đền đình chùa tượng lăng mộ tích'.split(' '),
)

/**
 * A full name with no office or honorific near it ("Lò Văn Tiến cho biết …"): a family name and
 * two or three more syllables, not after a place word, not opening with "Đường" (a street at the
 * start of a sentence).
 */
const bareAt = (p: Prepared, i: number): { mention: Mention; end: number } | null => {
  const toks = p.tokens
  const prev = toks[i - 1]
  if (prev?.nameLike || prev?.upper || PLACE_WORDS.has(prev?.norm ?? '')) {
    return null
  }
  // "tuyến phố đi bộ Trịnh Công Sơn", "đường liên xã Lê Văn Tám": a street word a little before.
  for (let j = i - 2; j >= Math.max(0, i - 4); j -= 1) {
    if (STREET_WORDS.has(toks[j]?.norm ?? '')) {
      return null
    }
  }
  const name = parseNameAt(p, i)
  if (!name || !bareNameOk(name) || wordCount(name) > 4 || toks[i]?.norm === 'đường') {
    return null
  }
  return { mention: { name, honorific: null, positions: [] }, end: name.to }
}

/** A second full name joined by a hyphen: "ông Lò Văn Pẩn - Lò Thị Xuân" (a couple, a pair). */
const pairedName = (p: Prepared, k: number): NameSpan | null => {
  if (!HYPHENS.has(p.tokens[k]?.text ?? '')) {
    return null
  }
  const name = parseNameAt(p, k + 1)
  return name && bareNameOk(name) ? name : null
}

/** Records the names hyphen-joined after a mention ending at `k`; the index after them. */
const pairedAfter = (p: Prepared, k: number, record: (m: Mention) => void): number => {
  let end = k
  for (let name = pairedName(p, end); name; name = pairedName(p, end)) {
    const after = positionsAfter(p, name.to)
    record({ name, honorific: null, positions: after.positions })
    end = after.end
  }
  return end
}

/** "Nguyễn Thị Oanh - Phạm Thị Huệ": two full names joined by a hyphen are two people. */
const pairAt = (p: Prepared, i: number): { mention: Mention; end: number } | null => {
  const prev = p.tokens[i - 1]
  if (prev?.nameLike || prev?.upper) {
    return null
  }
  const name = parseNameAt(p, i)
  if (!name || !bareNameOk(name) || !pairedName(p, name.to)) {
    return null
  }
  return { mention: { name, honorific: null, positions: [] }, end: name.to }
}

/** "các đồng chí trong Ban Thường vụ Tỉnh ủy: Nguyễn Lê Huy, …": the list starts after the colon. */
const listAfterColon = (p: Prepared, h: Honorific): { mention: Mention; end: number } | null => {
  const toks = p.tokens
  for (let k = h.end; k < toks.length && k - h.end < MAX_LIST_INTRO; k += 1) {
    const t = toks[k] as Token
    if (t.text === ':') {
      return memberAt(p, k + 1, h.honorific)
    }
    if (isSentenceEnd(t) || t.text === ';') {
      return null
    }
  }
  return null
}

/** Further members of a list: "các đồng chí: A, Chủ tịch …; B, Phó Chủ tịch …; C và D". */
const listMembers = (
  p: Prepared,
  from: number,
  h: Honorific,
  record: (m: Mention) => void,
): number => {
  const toks = p.tokens
  let k = from
  for (;;) {
    const sep = toks[k]
    if (!sep || !(LIST_SEPARATORS.has(sep.text) || sep.norm === 'và')) {
      return k
    }
    let j = k + 1
    if (toks[j]?.norm === 'và') {
      j += 1
    }
    if (honorificAt(p, j)) {
      return k
    }
    const name = parseNameAt(p, skipNamePrefixes(p, j))
    if (!name) {
      return k
    }
    const after = positionsAfter(p, name.to)
    const ok = h.plural
      ? honorificNameOk(name, after.positions)
      : bareNameOk(name) && after.positions.length > 0
    if (!ok) {
      return k
    }
    record({ name, honorific: h.plural ? h.honorific : null, positions: after.positions })
    k = after.end
  }
}

/**
 * People named with their offices: "ông Đoàn Văn Minh, Phó Giám đốc Sở Nội vụ, Trưởng đoàn",
 * "Đồng chí Vũ Mạnh Hải - Phó trưởng Ban quản lý Khu kinh tế", "Chủ tịch UBND tỉnh Nguyễn Văn A".
 * Precision first: without an honorific only family-name-led names next to an office count.
 */
export const extractPeople = (text: string): ExtractedPerson[] => peopleIn(prepare(text))
