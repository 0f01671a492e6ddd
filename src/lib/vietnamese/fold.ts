const COMBINING_MARKS = /[\u0300-\u036f]/g

/**
 * The search key of a text: lower case, no tones or other diacritics, đ → d, single spaces.
 * NFC and NFD input fold to the same key.
 */
export const fold = (value: string): string => {
  if (value.length > MEMO_LENGTH) {
    return foldOnce(value)
  }
  let key = memo.get(value)
  if (key === undefined) {
    key = foldOnce(value)
    if (memo.size >= MEMO_SIZE) {
      memo.clear()
    }
    memo.set(value, key)
  }
  return key
}

const foldOnce = (value: string): string =>
  value
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()

/**
 * Names are folded again and again (every known organization, for every text that is matched
 * against the directory): short strings keep their key, in a bounded memo.
 */
// A pure cache (same input, same key), process-wide on purpose: it holds no per-instance state.
const memo = new Map<string, string>()
const MEMO_SIZE = 10_000
const MEMO_LENGTH = 120

/** True when `needle` occurs in `haystack` ignoring case, tones and đ. */
export const includesFolded = (haystack: string, needle: string): boolean =>
  fold(haystack).includes(fold(needle))
