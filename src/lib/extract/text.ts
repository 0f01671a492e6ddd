import { asReadVietnamese, fold, toNFC } from '../vietnamese'

export type TokenType = 'word' | 'number' | 'punct' | 'break'

export type Token = {
  /** as written (NFC) */
  text: string
  /** lowercase NFC with modern tone placement: the lexicon key, tone-sensitive ("phòng" ≠ "phong") */
  norm: string
  /** folded (no tones, đ → d): the identity key for merging */
  key: string
  start: number
  end: number
  type: TokenType
  /** first letter upper case */
  cap: boolean
  /** an acronym: two or more characters, every letter upper case ("UBND", "GD&ĐT", "QH13") */
  upper: boolean
  /** shaped like one syllable of a personal name: "Nguyễn", "Văn", "A" */
  nameLike: boolean
}

/** Everything an extractor needs about one text, computed once per `extract` call. */
export type Prepared = {
  text: string
  tokens: Token[]
}

// "Đ/c" is a single honorific; "GD&ĐT" a single acronym; a newline is kept as a paragraph break.
// An apostrophe after a capital stays in the syllable: Ê Đê and Jrai women's names open with "H'"
// ("H' Yim Kđoh", "Siu H'Mai"), Tây Nguyên and S'tiêng names carry "K'" ("Điểu K'Ré", "K'Ho").
const TOKEN_RE =
  /([Đđ]\/[Cc](?![\p{L}\p{N}])|\p{Lu}['’](?:[\p{L}\p{M}]+)?(?![\p{L}\p{M}\p{N}'’])|[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:&[\p{L}\p{M}\p{N}]+)*)|(\p{N}+)|(\n)|[^\s\p{L}\p{M}\p{N}]/gu
const UPPER_FIRST_RE = /^\p{Lu}/u
const HAS_LOWER_RE = /\p{Ll}/u
const NAME_LIKE_RE = /^(?:\p{Lu}|\p{Lu}['’]\p{Lu}?)\p{Ll}{0,6}$/u
const LETTERS_ONLY_RE = /^(?:[a-z]['’])?[a-z]*$/

// Old-style tone placement on a final "oa/oe/uy" ("hoà", "Uỷ") moved to the modern position.
const OLD_TONES: Readonly<Record<string, string>> = {
  oà: 'òa',
  oá: 'óa',
  oả: 'ỏa',
  oã: 'õa',
  oạ: 'ọa',
  oè: 'òe',
  oé: 'óe',
  oẻ: 'ỏe',
  oẽ: 'õe',
  oẹ: 'ọe',
  uỳ: 'ùy',
  uý: 'úy',
  uỷ: 'ủy',
  uỹ: 'ũy',
  uỵ: 'ụy',
}
const OLD_TONE_RE = /(?<!q)(?:o[àáảãạèéẻẽẹ]|u[ỳýỷỹỵ])$/u

/** Lowercase NFC with modern tone placement: "Uỷ" and "Ủy" give the same key. */
export const normWord = (word: string): string =>
  toNFC(word)
    .toLowerCase()
    .replace(OLD_TONE_RE, (m) => OLD_TONES[m] ?? m)

// Syllables repeat endlessly across articles; caching their keys keeps tokenizing cheap.
type WordInfo = [norm: string, key: string, nameLike: boolean, cap: boolean, upper: boolean]
const wordCache = new Map<string, WordInfo>()
const WORD_CACHE_LIMIT = 50000

const describeWord = (word: string): WordInfo => {
  const hit = wordCache.get(word)
  if (hit) {
    return hit
  }
  const key = fold(word)
  const cap = UPPER_FIRST_RE.test(word)
  const entry: WordInfo = [
    normWord(word),
    key,
    NAME_LIKE_RE.test(word) && LETTERS_ONLY_RE.test(key),
    cap,
    cap && word.length > 1 && !HAS_LOWER_RE.test(word),
  ]
  if (wordCache.size >= WORD_CACHE_LIMIT) {
    wordCache.clear()
  }
  wordCache.set(word, entry)
  return entry
}

// Agency names and titles repeat across mentions and articles; folding each once is enough.
const keyCache = new Map<string, string>()

/** `fold` with a bounded cache, for the short names and titles compared while merging. */
export const foldKey = (value: string): string => {
  let key = keyCache.get(value)
  if (key === undefined) {
    key = fold(value)
    if (keyCache.size >= WORD_CACHE_LIMIT) {
      keyCache.clear()
    }
    keyCache.set(value, key)
  }
  return key
}

/** Splits NFC text into words, numbers, punctuation and line breaks with their offsets. */
export const tokenize = (text: string): Token[] => {
  const tokens: Token[] = []
  for (const match of text.matchAll(TOKEN_RE)) {
    const value = match[0]
    const start = match.index ?? 0
    const end = start + value.length
    if (match[3] !== undefined) {
      if (!isSoftBreak(text, end, tokens[tokens.length - 1])) {
        tokens.push(blank(value, start, end, 'break'))
      }
      continue
    }
    if (match[2] !== undefined) {
      tokens.push(blank(value, start, end, 'number'))
      continue
    }
    if (match[1] === undefined) {
      tokens.push(blank(value, start, end, 'punct'))
      continue
    }
    const [norm, key, nameLike, cap, upper] = describeWord(value)
    tokens.push({ text: value, norm, key, start, end, type: 'word', cap, upper, nameLike })
  }
  return tokens
}

const SOFT_NEXT_RE = /[\p{Ll}\p{N}]/u
const HARD_BEFORE = new Set(['.', '!', '?', ':', ';'])

/**
 * A line break inside a sentence (hard-wrapped text: "của Bộ\ntrưởng Bộ Tư pháp") is only
 * whitespace: the next line goes on in lowercase or with a number and the line did not end a clause.
 */
const isSoftBreak = (text: string, after: number, previous: Token | undefined): boolean => {
  if (!previous || previous.type === 'break' || HARD_BEFORE.has(previous.text)) {
    return false
  }
  let j = after
  while (text[j] === ' ' || text[j] === '\t' || text[j] === '\r') {
    j += 1
  }
  return SOFT_NEXT_RE.test(text[j] ?? '')
}

const blank = (text: string, start: number, end: number, type: TokenType): Token => ({
  text,
  norm: text,
  key: text,
  start,
  end,
  type,
  cap: false,
  upper: false,
  nameLike: false,
})

/**
 * NFC-normalizes and tokenizes once, so the three extractors share the work. Pasted text is read
 * as a reader sees it: Đ for its look-alike Ð, without zero-width characters that split words.
 */
export const prepare = (text: string): Prepared => {
  const nfc = asReadVietnamese(toNFC(text ?? ''))
  return { text: nfc, tokens: tokenize(nfc) }
}

/** Index of the first token starting at or after `offset` (binary search). */
export const tokenIndexAt = (tokens: Token[], offset: number): number => {
  let lo = 0
  let hi = tokens.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((tokens[mid] as Token).start < offset) {
      lo = mid + 1
    } else {
      hi = mid
    }
  }
  return lo
}

/** The original text of tokens [from, to), runs of whitespace collapsed to one space. */
export const sliceText = (prepared: Prepared, from: number, to: number): string => {
  const first = prepared.tokens[from]
  const last = prepared.tokens[to - 1]
  if (!first || !last) {
    return ''
  }
  return prepared.text.slice(first.start, last.end).replace(/\s+/g, ' ').trim()
}

/** A word trie over `norm` keys, longest match first. */
export type Trie<T> = { next: Map<string, Trie<T>>; value?: T }

export const buildTrie = <T>(entries: ReadonlyArray<[string, T]>): Trie<T> => {
  const root: Trie<T> = { next: new Map() }
  for (const [phrase, value] of entries) {
    let node = root
    for (const word of splitWords(phrase)) {
      let child = node.next.get(word)
      if (!child) {
        child = { next: new Map() }
        node.next.set(word, child)
      }
      node = child
    }
    if (node.value === undefined) {
      node.value = value
    }
  }
  return root
}

/** Words of a lexicon phrase as `norm` keys, split the way `tokenize` splits text. */
export const splitWords = (phrase: string): string[] =>
  [...toNFC(phrase).matchAll(TOKEN_RE)].map((m) => normWord(m[0]))

export type TrieMatch<T> = { value: T; end: number }

/** Longest phrase of `trie` starting at token `i`; `end` is the exclusive token index. */
export const matchTrie = <T>(tokens: Token[], i: number, trie: Trie<T>): TrieMatch<T> | null => {
  let node: Trie<T> | undefined = trie
  let best: TrieMatch<T> | null = null
  for (let k = i; k < tokens.length && node; k += 1) {
    const token = tokens[k] as Token
    if (token.type === 'break') {
      break
    }
    node = node.next.get(token.norm)
    if (node?.value !== undefined) {
      best = { value: node.value, end: k + 1 }
    }
  }
  return best
}

export const isSentenceEnd = (token: Token | undefined): boolean =>
  !token ||
  token.type === 'break' ||
  (token.type === 'punct' && (token.text === '.' || token.text === '!' || token.text === '?'))
