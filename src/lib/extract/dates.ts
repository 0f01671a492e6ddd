import { toNFC } from '../vietnamese'

/** "14/2/2020", "14-02-2020", "14.02.2020" (the separator repeats) or "5 tháng 3 năm 2021". */
export const FULL_DATE_SOURCE =
  '(\\d{1,2})\\s*([/.\\-])\\s*(\\d{1,2})\\s*\\2\\s*(\\d{4})(?!\\d)' +
  '|(\\d{1,2})\\s+th[áa]ng\\s+(\\d{1,2})\\s+n[ăa]m\\s+(\\d{4})(?!\\d)'

const FULL_DATE_RE = new RegExp(`^\\s*(?:ng[àa]y\\s+)?(?:${FULL_DATE_SOURCE})\\s*$`, 'iu')
const ANY_FULL_DATE_RE = new RegExp(`(?<![\\d/.\\-])(?:${FULL_DATE_SOURCE})`, 'giu')

// An event date may omit the year: "Ngày 08/7, …", "Sáng 15/3, …", "ngày 8 tháng 7 năm 2021".
const EVENT_DATE_RE = new RegExp(
  '(?<![\\p{L}\\p{N}])(?:ng[àa]y|s[áa]ng|chi[ềe]u|t[ốo]i|tr[ưu]a)(?:\\s+(?:nay|qua))?(?:\\s+ng[àa]y)?\\s+' +
    '(?:(\\d{1,2})\\s*([/.\\-])\\s*(\\d{1,2})(?:\\s*\\2\\s*(\\d{4}))?(?![\\d/.\\-]*\\d)' +
    '|(\\d{1,2})\\s+th[áa]ng\\s+(\\d{1,2})(?:\\s+n[ăa]m\\s+(\\d{4}))?(?!\\d))',
  'giu',
)
// A document number just before a date means the date is the document's, not the event's.
const DOCUMENT_BEFORE_RE = /(?:\d[\w\p{L}&-]*\/[\p{L}\d&-]+|ban\s+hành|\bsố)\s*[,(]?\s*$/iu

/** How far into an article its event date may appear (title lines, then the lead). */
const EVENT_DATE_WINDOW = 1200

const pad = (n: number): string => String(n).padStart(2, '0')

/** ISO date for a real calendar day, else null (31/2 and month 13 are typos, not dates). */
export const isoDate = (day: number, month: number, year: number): string | null => {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2199) {
    return null
  }
  const probe = new Date(Date.UTC(year, month - 1, day))
  if (probe.getUTCMonth() !== month - 1) {
    return null
  }
  return `${year}-${pad(month)}-${pad(day)}`
}

const datePartsOf = (m: RegExpMatchArray, offset = 0): [number, number, number] | null => {
  const day = m[1 + offset] ?? m[5 + offset]
  const month = m[3 + offset] ?? m[6 + offset]
  const year = m[4 + offset] ?? m[7 + offset]
  if (!day || !month || !year) {
    return null
  }
  return [Number(day), Number(month), Number(year)]
}

/** The ISO date of a match of `FULL_DATE_SOURCE` whose first group is at `offset + 1`. */
export const isoFromDateGroups = (m: RegExpMatchArray, offset = 0): string | null => {
  const parts = datePartsOf(m, offset)
  return parts ? isoDate(parts[0], parts[1], parts[2]) : null
}

/**
 * Parses one Vietnamese date as written in administrative text ("ngày 14/2/2020",
 * "14-02-2020", "ngày 5 tháng 3 năm 2021", line breaks allowed) into `YYYY-MM-DD`, else null.
 */
export const parseVietnameseDate = (value: string): string | null => {
  const m = toNFC(value ?? '').match(FULL_DATE_RE)
  if (!m) {
    return null
  }
  const parts = datePartsOf(m)
  return parts ? isoDate(parts[0], parts[1], parts[2]) : null
}

/** Every full date (with a year) in the text, in order of appearance, as ISO strings. */
export const findFullDates = (text: string): { iso: string; start: number; end: number }[] => {
  const found: { iso: string; start: number; end: number }[] = []
  for (const m of toNFC(text).matchAll(ANY_FULL_DATE_RE)) {
    const parts = datePartsOf(m)
    const iso = parts ? isoDate(parts[0], parts[1], parts[2]) : null
    if (iso) {
      const start = m.index ?? 0
      found.push({ iso, start, end: start + m[0].length })
    }
  }
  return found
}

export type EventDate = { date: string | null; inferred: boolean }

/**
 * The date an article reports on: the first "Ngày dd/mm" (or "Sáng/Chiều dd/mm", or a full
 * "ngày dd/mm/yyyy") near the start, skipping dates that belong to a cited document.
 * When the year is missing it is inferred as the year of the latest full date anywhere in the
 * text, even if that date's day-month falls after the event's: articles cite documents issued
 * in the same year far more often than ones from the year before, so the simple rule wins.
 * Without any full date in the text the year cannot be inferred and the date is null.
 */
export const inferEventDate = (input: string): EventDate => {
  const text = toNFC(input ?? '')
  const head = text.slice(0, EVENT_DATE_WINDOW)
  for (const m of head.matchAll(EVENT_DATE_RE)) {
    const start = m.index ?? 0
    if (DOCUMENT_BEFORE_RE.test(head.slice(Math.max(0, start - 40), start))) {
      continue
    }
    const day = Number(m[1] ?? m[5])
    const month = Number(m[3] ?? m[6])
    const year = m[4] ?? m[7]
    if (year) {
      const iso = isoDate(day, month, Number(year))
      if (iso) {
        return { date: iso, inferred: false }
      }
      continue
    }
    if (!isoDate(day, month, 2000)) {
      continue
    }
    let latest: string | null = null
    for (const found of findFullDates(text)) {
      if (!latest || found.iso > latest) {
        latest = found.iso
      }
    }
    if (!latest) {
      return { date: null, inferred: false }
    }
    return { date: isoDate(day, month, Number(latest.slice(0, 4))), inferred: true }
  }
  return { date: null, inferred: false }
}

/** Alias of `inferEventDate`, the date inference entry point of the extract module. */
export const inferDates = (text: string): EventDate => inferEventDate(text)
