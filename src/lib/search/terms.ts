import { fold } from '@/lib/vietnamese'

export const MAX_TERMS = 10
export const MAX_TERM_LENGTH = 100

const WORD_SEPARATORS = /[^\p{L}\p{N}]+/u
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu

/**
 * Every folded term of a text, uncapped: split on whitespace and punctuation, except that a token
 * holding a slash stays whole, because document numbers (`82/KH-BQLKKT`, `15/2023/TT-BNV`) are one key.
 */
export const splitTerms = (text: string): string[] =>
  fold(typeof text === 'string' ? text : '')
    .split(' ')
    .flatMap((token) => {
      const bare = token.replace(EDGE_PUNCTUATION, '')
      return bare.includes('/') ? [bare] : bare.split(WORD_SEPARATORS)
    })
    .filter((term) => term !== '')

/** The distinct search terms of a query: folded, at most 10, each at most 100 characters. */
export const searchTerms = (q: string): string[] => {
  const terms: string[] = []
  for (const term of splitTerms(q)) {
    const capped = term.slice(0, MAX_TERM_LENGTH)
    if (!terms.includes(capped)) {
      terms.push(capped)
    }
    if (terms.length === MAX_TERMS) {
      break
    }
  }
  return terms
}
