import { toNFC } from '../vietnamese'

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A date right after a number: "ngày 14/2/2020", "ngày 5 tháng 3 năm 2021". */
const DATE_AFTER = String.raw`(?:\s*,?\s*ngày\s+\d{1,2}(?:\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?`
/** Where a subject stops: a semicolon, a sentence end, a line end, or the next reference. */
const SUBJECT = String.raw`\s*,?\s*(?:của\s+[^;.\n]{1,80}?\s+)?về\s+(?:việc\s+)?([^;\n]+?)(?=\s*(?:;|\.(?:\s|$)|\n|$|,\s*(?:Kế hoạch|Quyết định|Công văn|văn bản)\s+số))`

/**
 * The subject of a cited document, the words after "về" that follow its number and date:
 * "Kế hoạch số 82/KH-BQLKKT ngày 14/2/2020 về thực hiện công tác CCHC …;" → "thực hiện công tác CCHC …".
 */
export const subjectOf = (text: string, number: string): null | string => {
  const source = toNFC(text)
  const pattern = new RegExp(`${escape(toNFC(number))}${DATE_AFTER}${SUBJECT}`, 'u')
  const match = pattern.exec(source)
  const subject = match?.[1]?.replace(/\s+/g, ' ').trim()
  return subject ? subject.slice(0, 300) : null
}

/** The year a plan is for, when its subject ends with "năm 2021". */
export const periodYearOf = (subject: null | string): null | number => {
  const match = subject ? /năm\s+(\d{4})\s*$/u.exec(subject) : null
  return match ? Number(match[1]) : null
}
