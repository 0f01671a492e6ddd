import { fold, toNFC } from '../vietnamese'

/** Document types as written before "số …", longest first so "Báo cáo thẩm định" beats "Báo cáo". */
export const DOCUMENT_KINDS: ReadonlyArray<string> = [
  'Báo cáo thẩm định',
  'Báo cáo thẩm tra',
  'Báo cáo',
  'Kế hoạch liên tịch',
  'Kế hoạch',
  'Quyết định',
  'Nghị định',
  'Nghị quyết liên tịch',
  'Nghị quyết',
  'Thông tư liên tịch',
  'Thông tư',
  'Chỉ thị',
  'Công văn',
  'văn bản',
  'Tờ trình',
  'Thông báo kết luận',
  'Thông báo',
  'Hướng dẫn liên tịch',
  'Hướng dẫn',
  'Bộ luật',
  'Luật',
  'Pháp lệnh',
  'Quy chế',
  'Quy định',
  'Công điện',
  'Kết luận',
  'Chương trình hành động',
  'Chương trình phối hợp',
  'Quy chế phối hợp',
  'Chương trình',
  'Đề án',
  'Phương án',
  'Giấy mời',
  'Biên bản',
  'Thông tri',
  'Điều lệ',
  'Văn bản hợp nhất',
].sort((a, b) => b.length - a.length)

/** Type letters of a document number ("KH" in 82/KH-BQLKKT) → the document type. */
const TYPE_CODES: Readonly<Record<string, string>> = {
  KH: 'Kế hoạch',
  QĐ: 'Quyết định',
  QD: 'Quyết định',
  NĐ: 'Nghị định',
  ND: 'Nghị định',
  NQ: 'Nghị quyết',
  NQLT: 'Nghị quyết liên tịch',
  TT: 'Thông tư',
  TTLT: 'Thông tư liên tịch',
  CT: 'Chỉ thị',
  CTR: 'Chương trình',
  TB: 'Thông báo',
  BC: 'Báo cáo',
  BCTĐ: 'Báo cáo thẩm định',
  BCTD: 'Báo cáo thẩm định',
  BCTT: 'Báo cáo thẩm tra',
  TTR: 'Tờ trình',
  HD: 'Hướng dẫn',
  HDLT: 'Hướng dẫn liên tịch',
  CV: 'Công văn',
  CĐ: 'Công điện',
  KL: 'Kết luận',
  QC: 'Quy chế',
  QYĐ: 'Quy định',
  QYD: 'Quy định',
  ĐA: 'Đề án',
  DA: 'Đề án',
  PA: 'Phương án',
  GM: 'Giấy mời',
  BB: 'Biên bản',
  GP: 'Giấy phép',
  CTHĐ: 'Chương trình hành động',
  KHLT: 'Kế hoạch liên tịch',
  CTPH: 'Chương trình phối hợp',
  // Party regulations ("Quy định số 37-QĐi/TW") and consolidated texts ("12/VBHN-BTC")
  QĐI: 'Quy định',
  QDI: 'Quy định',
  VBHN: 'Văn bản hợp nhất',
}

const CANONICAL_BY_KEY = new Map(DOCUMENT_KINDS.map((kind) => [fold(kind), kind]))

export type NumberParts = {
  /** type letters when the number carries them ("KH"), else null */
  typeCode: string | null
  /** issuer code(s) after the type letters ("BQLKKT", "UBND-KTTH"), else null */
  issuerCode: string | null
  /** "15/2023/TT-BNV": a legal (normative) document numbered by year */
  yearFirst: boolean
  /** "57-NQ/TW": a Party document */
  party: boolean
}

const PARTY_NUMBER_RE = /^\d+[a-z]?-([^/]+)\/(.+)$/iu
const STATE_NUMBER_RE = /^\d+[a-z]?\/(?:(\d{4})\/)?(.+)$/iu

const CODE_RE = /^[A-ZĐ][A-Za-zĐđ0-9]*(?:[-&][A-ZĐ][A-Za-zĐđ0-9]*)*$/u

const isTypeCode = (segment: string): boolean => segment.toUpperCase() in TYPE_CODES

/** Splits a document number ("82/KH-BQLKKT", "30/2020/NĐ-CP", "57-NQ/TW") into its codes. */
export const parseDocumentNumber = (number: string): NumberParts => {
  const value = toNFC(number ?? '').replace(/\s+/g, '')
  const party = value.match(PARTY_NUMBER_RE)
  if (party) {
    return {
      typeCode: party[1] ?? null,
      issuerCode: party[2] ?? null,
      yearFirst: false,
      party: true,
    }
  }
  const state = value.match(STATE_NUMBER_RE)
  const code = state ? (state[2] ?? '') : value
  const yearFirst = Boolean(state?.[1])
  const [first = '', ...rest] = code.split('-')
  if (isTypeCode(first)) {
    return { typeCode: first, issuerCode: rest.join('-') || null, yearFirst, party: false }
  }
  return { typeCode: null, issuerCode: code || null, yearFirst, party: false }
}

/**
 * The document type a number's code implies: "82/KH-BQLKKT" → "Kế hoạch", "15/2023/TT-BNV" →
 * "Thông tư", "80/2015/QH13" → "Luật"; a code without type letters ("2158/UBND-KTTH") is an
 * administrative letter, "Công văn". Accepts the whole number or just its code ("KH-SNV").
 */
export const kindFromCode = (numberOrCode: string): string | null => {
  const value = toNFC(numberOrCode ?? '').trim()
  if (!value) {
    return null
  }
  const parts = parseDocumentNumber(value)
  if (parts.typeCode) {
    return TYPE_CODES[parts.typeCode.toUpperCase()] ?? null
  }
  const issuer = parts.issuerCode ?? ''
  // Codes are capital letters ("UBND-KTTH"); anything else is not a document number at all.
  if (!CODE_RE.test(issuer)) {
    return null
  }
  if (/^QH\d*$/i.test(issuer)) {
    return 'Luật'
  }
  if (/^UBTVQH\d*$/i.test(issuer)) {
    return 'Nghị quyết'
  }
  return 'Công văn'
}

/** The kind as the writer wrote it, spacing tidied; a kind in capitals ("KẾ HOẠCH") is title-cased. */
export const normalizeKind = (written: string): string => {
  const kind = toNFC(written).replace(/\s+/g, ' ').trim()
  if (kind.length > 1 && kind === kind.toUpperCase()) {
    return CANONICAL_BY_KEY.get(fold(kind)) ?? kind
  }
  return kind
}

/** A number with no code ("7" in "Nghị quyết số 7"): it names a document only with its kind. */
export const hasCode = (number: string): boolean => !/^\s*\d+[a-z]?\s*$/iu.test(number)

/**
 * The identity of a cited document within one text or article: its number folded ("82/KH-BQLKKT"
 * = "82/kh-bqlkkt"), or kind and number when the number has no code ("Nghị quyết số 7" and
 * "Chỉ thị số 7" are two documents).
 */
export const documentIdentity = (document: { kind: string; number: string }): string => {
  const number = fold(toNFC(document.number ?? '').replace(/\s+/g, ''))
  return hasCode(document.number ?? '') ? number : `${fold(document.kind ?? '')} ${number}`
}
