import { fold, foldChar, toNFC } from '@/lib/vietnamese'

export type FoldMap = {
  /** Equals `fold(text)`. */
  folded: string
  /** `map[i]` is the index in `toNFC(text)` of the character that produced `folded[i]`; one extra entry marks the end. */
  map: number[]
}

const WHITESPACE = /\s/

/**
 * `fold(text)` with a map back to the NFC text: tones are stripped character by character, so a
 * position in the folded key can be turned into a position in the text a reader sees.
 */
export const foldWithMap = (text: string): FoldMap => {
  const source = toNFC(typeof text === 'string' ? text : '')
  let folded = ''
  const map: number[] = []
  let index = 0
  for (const char of source) {
    const units = foldChar(char)
    if (units === '') {
      // Invisible (a zero-width space, a byte order mark, which \s would take for a space):
      // fold() drops it before collapsing whitespace.
    } else if (WHITESPACE.test(char)) {
      // fold() collapses whitespace runs to one space and trims both ends.
      if (folded !== '' && !folded.endsWith(' ')) {
        folded += ' '
        map.push(index)
      }
    } else {
      for (const unit of units) {
        folded += unit
        map.push(index)
      }
    }
    index += char.length
  }
  if (folded.endsWith(' ')) {
    folded = folded.slice(0, -1)
    map.pop()
  }
  map.push(source.length)
  return { folded, map }
}

const ELLIPSIS = '…'

/** Moves a cut start forward to the next word start, never past `limit`. */
const startOnWord = (text: string, from: number, limit: number): number => {
  if (from <= 0 || WHITESPACE.test(text[from - 1])) {
    return Math.max(from, 0)
  }
  for (let i = from; i < limit; i += 1) {
    if (WHITESPACE.test(text[i])) {
      return i + 1
    }
  }
  return from
}

/** Moves a cut end back to the previous word end, never before `limit`. */
const endOnWord = (text: string, to: number, limit: number): number => {
  if (to >= text.length || WHITESPACE.test(text[to])) {
    return Math.min(to, text.length)
  }
  for (let i = to; i > limit; i -= 1) {
    if (WHITESPACE.test(text[i - 1])) {
      return i - 1
    }
  }
  return to
}

const cut = ({ text, from, to }: { text: string; from: number; to: number }): string => {
  const body = text.slice(from, to).replace(/\s+/g, ' ').trim()
  if (body === '') {
    return ''
  }
  const before = text.slice(0, from).trim() !== '' ? ELLIPSIS : ''
  const after = text.slice(to).trim() !== '' ? ELLIPSIS : ''
  return `${before}${body}${after}`
}

/**
 * A short excerpt of `text` around the whole query as a phrase, else the first place any term occurs, with its original diacritics,
 * cut on word boundaries and marked with '…' where cut; the beginning of the text when nothing matches.
 */
export const makeSnippet = ({
  text,
  terms,
  radius = 80,
}: {
  text: string
  terms: string[]
  radius?: number
}): string => {
  const source = toNFC(typeof text === 'string' ? text : '')
  const { folded, map } = foldWithMap(source)
  const needles = (Array.isArray(terms) ? terms : [])
    .map((term) => fold(String(term)))
    .filter((term) => term !== '')

  let hitStart = -1
  let hitEnd = -1
  // The whole query as a phrase shows the passage a reader asked for, not the first stray word.
  const phrase = needles.length > 1 ? folded.indexOf(needles.join(' ')) : -1
  if (phrase !== -1) {
    hitStart = phrase
    hitEnd = phrase + needles.join(' ').length
  } else {
    for (const needle of needles) {
      const at = folded.indexOf(needle)
      if (at !== -1 && (hitStart === -1 || at < hitStart)) {
        hitStart = at
        hitEnd = at + needle.length
      }
    }
  }

  if (hitStart === -1) {
    const to = endOnWord(source, Math.min(source.length, 2 * radius), 0)
    return cut({ text: source, from: 0, to })
  }

  const matchStart = map[hitStart]
  const matchEnd = map[hitEnd]
  const from = startOnWord(source, matchStart - radius, matchStart)
  const to = endOnWord(source, matchEnd + radius, matchEnd)
  return cut({ text: source, from, to })
}
