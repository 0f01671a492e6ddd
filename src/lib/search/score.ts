import { fold } from '@/lib/vietnamese'
import { splitTerms } from './terms'

// Tiers dominate everything below them: exact title > title prefix > all terms present > partial.
const EXACT_TITLE = 20_000
const TITLE_PREFIX = 10_000
const ALL_TERMS = 2_000
const TITLE_TERM = 100
const TITLE_WORD = 20
const BODY_TERM = 10
const BODY_REPEATS = 5
const TITLE_COVERAGE = 10

const isWordChar = (char: string | undefined): boolean =>
  char !== undefined && /[\p{L}\p{N}]/u.test(char)

const occursAsWord = (haystack: string, needle: string): boolean => {
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    if (!isWordChar(haystack[at - 1]) && !isWordChar(haystack[at + needle.length])) {
      return true
    }
  }
  return false
}

const countUpTo = (haystack: string, needle: string, limit: number): number => {
  let count = 0
  for (let at = haystack.indexOf(needle); at !== -1 && count < limit;) {
    count += 1
    at = haystack.indexOf(needle, at + needle.length)
  }
  return count
}

/**
 * Relevance of one hit for folded search terms; higher is better and 0 means no term matched.
 * A term in the title weighs ten times one in the body; whole-title and title-prefix matches rank first.
 */
export const scoreHit = ({
  title,
  body,
  terms,
}: {
  title: string | null | undefined
  body?: string | null
  terms: string[]
}): number => {
  const needles = [
    ...new Set((Array.isArray(terms) ? terms : []).map((term) => fold(String(term)))),
  ].filter((term) => term !== '')
  if (needles.length === 0) {
    return 0
  }
  const foldedTitle = fold(title ?? '')
  const foldedBody = fold(body ?? '')

  let score = 0
  let matched = 0
  let titleChars = 0
  for (const needle of needles) {
    const inTitle = foldedTitle.includes(needle)
    const inBody = foldedBody.includes(needle)
    if (inTitle) {
      score += TITLE_TERM + (occursAsWord(foldedTitle, needle) ? TITLE_WORD : 0)
      titleChars += needle.length
    }
    if (inBody) {
      score += BODY_TERM + countUpTo(foldedBody, needle, BODY_REPEATS)
    }
    if (inTitle || inBody) {
      matched += 1
    }
  }
  if (matched === 0) {
    return 0
  }
  if (matched === needles.length) {
    score += ALL_TERMS
  }
  if (foldedTitle !== '') {
    // Among equal matches, the title the terms cover most wins: "Sở Nội vụ" before a long title naming it.
    score += TITLE_COVERAGE * Math.min(1, titleChars / foldedTitle.length)
    const titleKey = splitTerms(foldedTitle).join(' ')
    const queryKey = needles.join(' ')
    if (titleKey === queryKey) {
      score += EXACT_TITLE
    } else if (titleKey.startsWith(queryKey)) {
      score += TITLE_PREFIX
    }
  }
  return score
}
