import { FULL_DATE_SOURCE, isoFromDateGroups } from './dates'
import { parseOrgAt, parseTitleAt } from './grammar'
import { indexKnown, knownByIssuerCode } from './known'
import type { KnownIndex } from './known'
import {
  DOCUMENT_KINDS,
  documentIdentity,
  kindFromCode,
  normalizeKind,
  parseDocumentNumber,
} from './kinds'
import type { NumberParts } from './kinds'
import { prepare, tokenIndexAt } from './text'
import type { Prepared } from './text'
import type { ExtractedDocument, KnownOrganization } from './types'

const CODE_SEG = '[A-ZĐ][A-Za-zĐđ0-9]*'
// Segments after the first may follow a dot ("QĐ.CT", "UBND.KT") or a hyphen with stray spaces
// around it when the next segment is an acronym ("45 -KL/TW", "473/TTr - NN&PTNT").
const CODE_TAIL = `(?:[-&.]${CODE_SEG}|[ \\t]?-[ \\t]*\\n?[ \\t]*[A-ZĐ][A-ZĐ0-9&]+(?![\\p{Ll}]))`
const CODE = `${CODE_SEG}${CODE_TAIL}*`
// Lower case codes ("15/2018/nđ-cp", "318/snv-ccvc") count only after a kind word or "số".
const LOWER_SEG = '[a-zđ][a-zđ0-9]*'
const LOWER_CODE = `${LOWER_SEG}(?:[-&.]${LOWER_SEG})*`
// "82/KH-BQLKKT", "12a/QĐ-UBND", "15/2023/TT-BNV", "1234/QĐ-UBND&SNV", Party style "57-NQ/TW".
const NUMBER_RE = new RegExp(
  `(?<![\\p{L}\\p{N}/.\\-])(?:\\d{1,5}[a-z]?[ \\t]?-[ \\t]?${CODE_SEG}\\/${CODE}` +
    `|\\d{1,5}[a-z]?[ \\t]?\\/[ \\t]?(?:\\d{4}[ \\t]?\\/[ \\t]?)?(?:${CODE}|${LOWER_CODE}))(?![\\p{L}\\p{N}])`,
  'gu',
)
const HAS_UPPER_RE = /\p{Lu}/u
// A number with no code after a written kind: "Nghị quyết số 7", "Công văn hỏa tốc số 3456".
const BARE_NUMBER = '(\\d{1,5}[a-z]?)(?![\\p{L}\\p{N}/]|\\s*[-–/]|[.,]\\d)'
// "Công văn hỏa tốc số …", "Công điện khẩn số …": urgency and secrecy marks between kind and "số".
const MARKS = '(?:\\s+(?:hỏa|hoả)\\s+tốc|\\s+thượng\\s+khẩn|\\s+khẩn|\\s+tối\\s+mật|\\s+mật)?'
const KIND_ALT = DOCUMENT_KINDS.map((kind) => kind.replace(/ /g, '\\s+')).join('|')
// Numbers are rare among words, so bare numbers are found from the digits and read backwards:
// after a written kind and "số" ("Nghị quyết số 7"), or after the kind alone when what follows
// only a document's number takes ("Chỉ thị 17 của Ban Thường vụ", "Quyết định 2089 ngày …"; not
// "Kế hoạch 2 năm").
const BARE_DIGITS_RE = new RegExp(`(?<![\\p{L}\\p{N}/.\\-])${BARE_NUMBER}`, 'gu')
const BARE_KIND_BEFORE_RE = new RegExp(
  `(?<![\\p{L}\\p{M}])(${KIND_ALT})${MARKS}\\s+(số\\s+)?$`,
  'iu',
)
// "Chỉ thị 17 của …", "Nghị quyết 57 về …", "… ngày 15/9/2022", "Đề án 06." (not "Kế hoạch 100 ngày đêm")
const BARE_AFTER_RE = /^(?:\s*,?\s+(?:của|về)\s|\s*,?\s+ngày\s+\d|\s*[,.;:)](?!\d))/u
// "… số 7, số 8 và số 9": further numbers of the list, each with its own "số".
const BARE_LIST_GAP_RE = /^\s*[,;]?\s*(?:và\s+)?số\s+$/iu
const BARE_LOOKBACK = 60
const SO_END_RE = /số\s+$/iu
const KIND_BEFORE_RE = new RegExp(
  `(?<![\\p{L}\\p{M}])(${KIND_ALT})${MARKS}(?:\\s+số(?:\\s+hiệu)?)?\\s*:?\\s*$`,
  'iu',
)
// "Luật Cán bộ, công chức số 22/2008/QH12": the law's name sits between the kind and "số".
const LAW_BEFORE_RE =
  /(?<![\p{L}\p{M}])(Bộ\s+luật|Luật|Pháp\s+lệnh)\s+[^.;:\n\d()]{1,160}?\s+số\s*:?\s*$/u
const SO_BEFORE_RE = /(?<![\p{L}\p{M}])số(?:\s+hiệu)?\s*:?\s*$/iu
const LINE_START_RE = /(?:^|\n)[ \t]*$/
const DATE_AFTER_RE = new RegExp(
  `^\\s*[,(]?\\s*(?:(?:được\\s+|đã\\s+)?(?:ký\\s+(?:ban\\s+hành\\s+)?|ban\\s+hành\\s+))?(?:vào\\s+)?ng[àa]y\\s+(?:${FULL_DATE_SOURCE})`,
  'iu',
)
// "Kế hoạch số 143/KH-UBND được UBND tỉnh ban hành ngày 20/7/2024": the issuer between.
const ISSUED_BY_DATE_RE = new RegExp(
  `^\\s*,?\\s*(?:được|do)\\s+[^.;:,\\d\\n]{1,60}?\\s(?:ký\\s+ban\\s+hành|ban\\s+hành|ký)\\s+(?:vào\\s+)?ng[àa]y\\s+(?:${FULL_DATE_SOURCE})`,
  'iu',
)
// A header "Số: 45/KH-SNV    Quảng Ngãi, ngày 05 tháng 3 năm 2021" dates the document on its line.
const HEADER_DATE_RE = new RegExp(`^[^\\d]{0,120}?,\\s*ng[àa]y\\s+(?:${FULL_DATE_SOURCE})`, 'iu')
const DATE_WITH_NGAY_RE = new RegExp(`(?<![\\p{L}\\p{M}])ng[àa]y\\s+(?:${FULL_DATE_SOURCE})`, 'giu')
const ISSUER_AFTER_RE = /^\s*[,(]?\s*(?:của|do)\s+/iu
const VERB_BEFORE_RE = /\s+(?:đã\s+|vừa\s+|mới\s+)?(?:ký\s+)?ban\s+hành\s+(?:các\s+)?$/iu
const AT_BEFORE_RE = /\s+(?:tại|theo)\s+(?:các\s+)?$/iu
const OF_BEFORE_RE = /(?:của|do)\s+$/iu
// "Ngày 3/4/2021, UBND tỉnh ban hành Kế hoạch …": a date before the reference is its issue date
// only when the words between end in an issuing verb; "Ngày 15/3/2024, Sở tổ chức hội nghị triển
// khai Kế hoạch …" dates the meeting, not the plan.
const ISSUING_BEFORE_RE =
  /(?:ban\s+hành|ký(?:\s+ban\s+hành)?|có|ra|gửi|phát\s+hành|thông\s+qua)\s+(?:các\s+)?$/iu
const LIST_GAP_RE = /^[\s,;]*(?:và[\s,]*)?(?:số\s*:?\s*)?$/u
const WRAPPED_RE = /^[ \t]*[\p{Ll}\p{N}]/u
const LOOKBACK = 120
const SENTENCE_LOOKBACK = 600

type Ref = {
  number: string
  start: number
  end: number
  /** where the reference begins: the kind word, "số", or the number itself */
  refStart: number
  kind: string
  parts: NumberParts
  header: boolean
  issuedOn: string | null
  dateStart: number
  dateEnd: number
  issuer: string | null
}

/**
 * Start of the sentence containing `pos`: after a full stop followed by space, or a line break
 * unless the next line goes on in lowercase or a number (hard-wrapped text).
 */
const sentenceStart = (text: string, pos: number): number => {
  const floor = Math.max(0, pos - SENTENCE_LOOKBACK)
  for (let j = pos - 1; j >= floor; j -= 1) {
    const c = text[j]
    if (c === '\n' && !WRAPPED_RE.test(text.slice(j + 1, j + 4))) {
      return j + 1
    }
    if (c === '!' || c === '?') {
      return j + 1
    }
    if (c === '.' && /\s/.test(text[j + 1] ?? '')) {
      return j + 1
    }
  }
  return floor
}

/** Reads the reference around one number match; null when it is not a document reference. */
const readRef = (text: string, number: string, start: number, prev: Ref | null): Ref | null => {
  const end = start + number.length
  const before = text.slice(Math.max(0, start - LOOKBACK), start)
  const parts = parseDocumentNumber(number)
  const ref: Ref = {
    number: number.replace(/\s+/g, ''),
    start,
    end,
    refStart: start,
    kind: '',
    parts,
    header: false,
    issuedOn: null,
    dateStart: -1,
    dateEnd: end,
    issuer: null,
  }
  let kindMatch = before.match(KIND_BEFORE_RE)
  // "Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15": the lower case "luật" ends the
  // law's name; the kind is the capitalised "Luật" that opens it.
  if (!kindMatch || (kindMatch[1] && /^(?:bộ\s+)?luật$|^pháp\s+lệnh$/u.test(kindMatch[1]))) {
    kindMatch = before.match(LAW_BEFORE_RE) ?? kindMatch
  }
  if (kindMatch?.[1]) {
    ref.kind = normalizeKind(kindMatch[1])
    ref.refStart = start - before.length + (kindMatch.index ?? 0)
    return ref
  }
  const implied = kindFromCode(ref.number) ?? 'Công văn'
  const so = before.match(SO_BEFORE_RE)
  // "Các văn bản số 12/UBND-KT, số 13/UBND-KT": "số" again in a list keeps the written kind.
  if (so && prev && LIST_GAP_RE.test(text.slice(prev.dateEnd, start))) {
    ref.kind = kindFromCode(prev.number) === implied ? prev.kind : implied
    ref.refStart = start - before.length + (so.index ?? 0)
    return ref
  }
  if (!HAS_UPPER_RE.test(ref.number)) {
    // A lower case code is a number only where the writer said so ("Nghị định số 15/2018/nđ-cp").
    return null
  }
  if (so) {
    ref.kind = implied
    ref.refStart = start - before.length + (so.index ?? 0)
    ref.header = LINE_START_RE.test(before.slice(0, so.index ?? 0))
    return ref
  }
  // "Kế hoạch số 82/KH-X, 83/KH-X và 84/KH-X": later numbers of a list share the written kind.
  if (prev && LIST_GAP_RE.test(text.slice(prev.dateEnd, start))) {
    ref.kind = kindFromCode(prev.number) === implied ? prev.kind : implied
    return ref
  }
  // A bare number counts only when its code says what it is ("(Kế hoạch) 82/KH-…", "30/2020/NĐ-CP").
  if (parts.typeCode || parts.party || (parts.yearFirst && implied !== 'Công văn')) {
    ref.kind = implied
    return ref
  }
  return null
}

/** The organization whose name ends exactly at character `endChar`, trying the longest first. */
const orgEndingAt = (p: Prepared, endChar: number): { name: string; start: number } | null => {
  const last = tokenIndexAt(p.tokens, endChar) - 1
  if (last < 0 || p.tokens[last]?.end !== endChar) {
    return null
  }
  for (let j = Math.max(0, last - 14); j <= last; j += 1) {
    const o = parseOrgAt(p, j)
    if (o && o.to === last + 1) {
      return { name: o.name, start: p.tokens[j]?.start ?? endChar }
    }
  }
  return null
}

/**
 * "… của Chính phủ", "… của Chủ tịch UBND tỉnh", "… do Sở Nội vụ ban hành" after the reference;
 * `end` is the character offset after the issuer's name.
 */
const issuerAfter = (p: Prepared, from: number): { name: string; end: number } | null => {
  const m = p.text.slice(from, from + 24).match(ISSUER_AFTER_RE)
  if (!m) {
    return null
  }
  const idx = tokenIndexAt(p.tokens, from + m[0].length)
  const endOf = (to: number): number => p.tokens[to - 1]?.end ?? from
  const title = parseTitleAt(p, idx, false)
  if (title) {
    const o = parseOrgAt(p, title.end)
    if (title.canon === 'Thủ tướng' && (!o || o.name === 'Chính phủ')) {
      return { name: 'Thủ tướng Chính phủ', end: endOf(o?.to ?? title.end) }
    }
    if (title.canon === 'Chủ tịch nước') {
      return { name: 'Chủ tịch nước', end: endOf(title.end) }
    }
    return o ? { name: o.name, end: endOf(o.to) } : null
  }
  const o = parseOrgAt(p, idx)
  return o ? { name: o.name, end: endOf(o.to) } : null
}

/** "UBND tỉnh ban hành Kế hoạch …", "theo chỉ đạo của UBND tỉnh tại văn bản …" before the reference. */
const issuerBefore = (p: Prepared, sentence: number, refStart: number): string | null => {
  const pre = p.text.slice(sentence, refStart)
  const verb = pre.match(VERB_BEFORE_RE)
  if (verb) {
    return orgEndingAt(p, sentence + (verb.index ?? 0))?.name ?? null
  }
  const at = pre.match(AT_BEFORE_RE)
  if (at) {
    const org = orgEndingAt(p, sentence + (at.index ?? 0))
    if (org && OF_BEFORE_RE.test(p.text.slice(sentence, org.start))) {
      return org.name
    }
  }
  return null
}

type Candidate = { number: string; start: number; refStart: number; kind: string | null }

/** Coded numbers and, after a written kind, numbers with no code, in order of appearance. */
const candidates = (text: string): Candidate[] => {
  const found: Candidate[] = []
  for (const m of text.matchAll(NUMBER_RE)) {
    const start = m.index ?? 0
    found.push({ number: m[0], start, refStart: start, kind: null })
  }
  let previous: Candidate | null = null
  let bare = false
  for (const m of text.matchAll(BARE_DIGITS_RE)) {
    const number = m[1] ?? ''
    const start = m.index ?? 0
    const end = start + number.length
    if (
      previous?.kind &&
      BARE_LIST_GAP_RE.test(text.slice(previous.start + previous.number.length, start))
    ) {
      previous = { number, start, refStart: start, kind: previous.kind }
    } else {
      const before = text.slice(Math.max(0, start - BARE_LOOKBACK), start)
      // Most numbers are counts and years: only "số …" or "… của/ngày" can make one a document's.
      if (!SO_END_RE.test(before.slice(-6)) && !BARE_AFTER_RE.test(text.slice(end, end + 12))) {
        continue
      }
      const head = before.match(BARE_KIND_BEFORE_RE)
      if (!head || (!head[2] && !BARE_AFTER_RE.test(text.slice(end, end + 12)))) {
        continue
      }
      const refStart = start - before.length + (head.index ?? 0)
      previous = { number, start, refStart, kind: normalizeKind(head[1] ?? '') }
    }
    found.push(previous)
    bare = true
  }
  return bare ? found.sort((a, b) => a.start - b.start) : found
}

const bareRef = (c: Candidate): Ref => ({
  number: c.number,
  start: c.start,
  end: c.start + c.number.length,
  refStart: c.refStart,
  kind: c.kind ?? '',
  parts: { typeCode: null, issuerCode: null, yearFirst: false, party: false },
  header: false,
  issuedOn: null,
  dateStart: -1,
  dateEnd: c.start + c.number.length,
  issuer: null,
})

/** Documents cited in already prepared text; see `extractDocuments`. */
export const documentsIn = (p: Prepared, known: KnownIndex): ExtractedDocument[] => {
  const { text } = p
  const refs: Ref[] = []
  for (const candidate of candidates(text)) {
    const ref =
      candidate.kind === null
        ? readRef(text, candidate.number, candidate.start, refs[refs.length - 1] ?? null)
        : bareRef(candidate)
    if (!ref) {
      continue
    }
    const after =
      text.slice(ref.end, ref.end + 90).match(DATE_AFTER_RE) ??
      text.slice(ref.end, ref.end + 120).match(ISSUED_BY_DATE_RE)
    const iso = after ? isoFromDateGroups(after) : null
    if (after && iso) {
      ref.issuedOn = iso
      ref.dateStart = ref.end
      ref.dateEnd = ref.end + after[0].length
    } else if (ref.header) {
      const line = text.slice(ref.end, ref.end + 200).match(HEADER_DATE_RE)
      const headerIso = line ? isoFromDateGroups(line) : null
      if (line && headerIso) {
        ref.issuedOn = headerIso
        ref.dateStart = ref.end
        ref.dateEnd = ref.end + line[0].length
      }
    }
    refs.push(ref)
  }
  for (const [index, ref] of refs.entries()) {
    const sentence = sentenceStart(text, ref.refStart)
    const after = issuerAfter(p, ref.dateEnd)
    if (!ref.issuedOn && after) {
      // "Quyết định số 12/QĐ-UBND của UBND tỉnh ngày 14/2/2020": the date after the issuer.
      const late = text.slice(after.end, after.end + 90).match(DATE_AFTER_RE)
      ref.issuedOn = late ? isoFromDateGroups(late) : null
    }
    if (!ref.issuedOn) {
      ref.issuedOn = dateBefore(text, sentence, ref, refs, index)
    }
    ref.issuer =
      after?.name ??
      issuerBefore(p, sentence, ref.refStart) ??
      knownByIssuerCode(known, ref.parts.issuerCode)
  }
  // One document cited twice ("CHỈ THỊ SỐ 20/CT-TTG" in a heading, "Chỉ thị số 20/CT-TTg" below).
  const byNumber = new Map<string, ExtractedDocument>()
  for (const ref of refs) {
    const doc: ExtractedDocument = {
      kind: ref.kind,
      number: ref.number,
      issuedOn: ref.issuedOn,
      issuer: ref.issuer,
    }
    const key = documentIdentity(doc)
    const seen = byNumber.get(key)
    if (!seen) {
      byNumber.set(key, doc)
      continue
    }
    const shouting = (d: ExtractedDocument): boolean => d.number === d.number.toUpperCase()
    const preferred = shouting(seen) && !shouting(doc) ? doc : seen
    const other = preferred === seen ? doc : seen
    byNumber.set(key, {
      kind: preferred.kind,
      number: preferred.number,
      issuedOn: preferred.issuedOn ?? other.issuedOn,
      issuer: preferred.issuer ?? other.issuer,
    })
  }
  return [...byNumber.values()]
}

/**
 * "Ngày 3/4/2021, UBND tỉnh ban hành Kế hoạch số 45/KH-UBND": the last full date earlier in the
 * sentence that no other document claims and no other reference stands between.
 */
const dateBefore = (
  text: string,
  sentence: number,
  ref: Ref,
  refs: Ref[],
  index: number,
): string | null => {
  let found: string | null = null
  for (const m of text.slice(sentence, ref.refStart).matchAll(DATE_WITH_NGAY_RE)) {
    const start = sentence + (m.index ?? 0)
    const end = start + m[0].length
    const claimed = refs.some(
      (other) => other.dateStart >= 0 && start < other.dateEnd && end > other.dateStart,
    )
    const between = refs.some(
      (other, k) => k !== index && other.start >= end && other.start < ref.refStart,
    )
    const iso = isoFromDateGroups(m)
    if (!claimed && !between && iso && ISSUING_BEFORE_RE.test(text.slice(end, ref.refStart))) {
      found = iso
    }
  }
  return found
}

/**
 * Official documents cited by number: "Kế hoạch số 82/KH-BQLKKT ngày 14/2/2020", "văn bản số
 * 2158/UBND-KTTH", "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ", "Số: 45/KH-SNV".
 */
export const extractDocuments = (
  text: string,
  options: { organizations?: KnownOrganization[] } = {},
): ExtractedDocument[] => documentsIn(prepare(text), indexKnown(options.organizations))
