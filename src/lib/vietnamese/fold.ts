const COMBINING_MARKS = /[\u0300-\u036f]/g
// Đ's look-alikes in real Vietnamese text: Iceland's Ð/ð (U+00D0/U+00F0, on many keyboards and
// old web pages) and the African Ɖ/ɖ (U+0189/U+0256). Readers see Đ; the key says d.
const D_LETTERS = /[đĐðÐƉɖ]/g
const CAPITAL_D_LOOKALIKES = /[ÐƉ]/g
const SMALL_D_LOOKALIKES = /[ðɖ]/g
// Characters nobody sees that pasted text carries inside words: soft hyphen, zero-width space,
// non-joiner and joiner, word joiner, byte order mark.
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g

/**
 * The text a reader sees: Đ for its look-alikes, no invisible characters. For reading pasted text
 * (the extractor), not for rewriting what an editor stored.
 */
export const asReadVietnamese = (value: string): string =>
  value.replace(INVISIBLE, '').replace(CAPITAL_D_LOOKALIKES, 'Đ').replace(SMALL_D_LOOKALIKES, 'đ')

/**
 * One character's part of the key, whitespace aside (snippets map the key back to the text with
 * it, so both stay the same fold): '' for an invisible character.
 */
export const foldChar = (char: string): string =>
  char
    .replace(INVISIBLE, '')
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(D_LETTERS, 'd')
    .toLowerCase()

/**
 * The search key of a text: lower case, no tones or other diacritics, đ (and its look-alike ð) →
 * d, no invisible characters, single spaces. NFC and NFD input fold to the same key.
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
    .replace(INVISIBLE, '')
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(D_LETTERS, 'd')
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
