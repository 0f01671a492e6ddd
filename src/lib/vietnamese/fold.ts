const COMBINING_MARKS = /[\u0300-\u036f]/g

/**
 * The search key of a text: lower case, no tones or other diacritics, đ → d, single spaces.
 * NFC and NFD input fold to the same key.
 */
export const fold = (value: string): string =>
  value
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()

/** True when `needle` occurs in `haystack` ignoring case, tones and đ. */
export const includesFolded = (haystack: string, needle: string): boolean =>
  fold(haystack).includes(fold(needle))
