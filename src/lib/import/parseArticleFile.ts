import { fold, toNFC } from '@/lib/vietnamese'

export type ArticleBlock = { type: 'paragraph'; text: string } | { type: 'caption'; text: string }

export type Placement = 'top-page' | 'desktop' | 'mobile' | 'featured'

export type ParsedArticle = {
  slug: string
  title: string
  type: string
  blocks: ArticleBlock[]
  byline: string | null
  placements: Placement[]
}

export type ArticleParseError = { ok: false; reason: string }

export type ArticleParseResult = { ok: true; article: ParsedArticle } | ArticleParseError

type Line = { no: number; text: string; indented: boolean }

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
// A type line is one ASCII word such as `Article`; anything longer is body text.
const TYPE_LINE = /^[A-Za-z][A-Za-z_-]{0,29}$/
const DEFAULT_TYPE = 'Article'
// Caption lines in the exports are indented with runs of spaces and no-break spaces.
const CAPTION_INDENT_COLUMNS = 4
const BYLINE_MAX_LENGTH = 60
const PLACEMENT_MAX_LENGTH = 60
// Labelled credits are bylines even when they end with a period ("Tin, ảnh: Trần B.").
const BYLINE_LABEL = /^(tin|anh|bai|nguon|theo|tin va anh|tin, anh|bai va anh|bai, anh)\s*:/
const SENTENCE_END = /[.!?…:;]$/
const PLACEMENT_WORDS: Array<[RegExp, Placement]> = [
  [/^top[\s-]?page\b/, 'top-page'],
  [/^desktop\b/, 'desktop'],
  [/^mobile\b/, 'mobile'],
  [/^featured\b/, 'featured'],
  [/^noi bat\b/, 'featured'],
]
const PLACEMENT_SEPARATORS = /^[\s,.;/|+&]+/
// Zero-width characters sneak in from copy-paste out of Word and web pages.
const INVISIBLES = /\u200b|\u200c|\u200d|\u2060|\ufeff/g

const quote = (value: string): string =>
  JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)

const indentColumns = (raw: string): number => {
  let columns = 0
  for (const char of raw) {
    if (char === '\t') {
      columns += CAPTION_INDENT_COLUMNS
    } else if (/\s/.test(char)) {
      columns += 1
    } else {
      break
    }
  }
  return columns
}

const toLines = (text: string): Line[] =>
  toNFC(text)
    .replace(INVISIBLES, '')
    .split(/\r\n|\r|\n/)
    .map((raw, index) => ({
      no: index + 1,
      text: raw.replace(/\s+/g, ' ').trim(),
      indented: indentColumns(raw) >= CAPTION_INDENT_COLUMNS,
    }))
    .filter((line) => line.text !== '')

/** The placements a line names, or null when the line holds anything else. */
const parsePlacements = (text: string): Placement[] | null => {
  if (text.length > PLACEMENT_MAX_LENGTH) {
    return null
  }
  let rest = fold(text)
  const found: Placement[] = []
  while (rest !== '') {
    const match = PLACEMENT_WORDS.find(([pattern]) => pattern.test(rest))
    if (!match) {
      return null
    }
    const [pattern, placement] = match
    if (!found.includes(placement)) {
      found.push(placement)
    }
    rest = rest.replace(pattern, '').replace(PLACEMENT_SEPARATORS, '')
  }
  return found.length > 0 ? found : null
}

const isByline = (line: Line): boolean => {
  if (line.text.length > BYLINE_MAX_LENGTH) {
    return false
  }
  if (BYLINE_LABEL.test(fold(line.text))) {
    return true
  }
  return !line.indented && !SENTENCE_END.test(line.text)
}

/**
 * Parses one exported article text file: slug, title, optional repeated title, optional type line,
 * body paragraphs and indented image captions, then an optional byline and placement line.
 */
export const parseArticleFile = (text: string): ArticleParseResult => {
  const lines = toLines(typeof text === 'string' ? text : '')
  if (lines.length === 0) {
    return { ok: false, reason: 'empty file' }
  }

  const [slugLine, titleLine, ...rest] = lines
  if (!SLUG.test(slugLine.text)) {
    return {
      ok: false,
      reason: `line ${slugLine.no} must be a slug (lowercase letters, digits, hyphens), got ${quote(slugLine.text)}`,
    }
  }
  if (!titleLine) {
    return { ok: false, reason: 'no title: the file ends after the slug' }
  }
  const title = titleLine.text

  // The repeated title and the type line are both optional and tolerated in either order.
  let type: string | null = null
  let repeatedTitleSeen = false
  while (rest.length > 0) {
    const next = rest[0].text
    if (!repeatedTitleSeen && fold(next) === fold(title)) {
      repeatedTitleSeen = true
    } else if (type === null && TYPE_LINE.test(next) && parsePlacements(next) === null) {
      type = next
    } else {
      break
    }
    rest.shift()
  }

  const body = [...rest]
  let placements: Placement[] = []
  const last = body[body.length - 1]
  const lastPlacements = last && !last.indented ? parsePlacements(last.text) : null
  if (lastPlacements) {
    placements = lastPlacements
    body.pop()
  }

  let byline: string | null = null
  const candidate = body[body.length - 1]
  const paragraphsBefore = body.slice(0, -1).filter((line) => !line.indented).length
  // Never take the only paragraph as a byline: a one-line article is body text.
  if (candidate && paragraphsBefore > 0 && isByline(candidate)) {
    byline = candidate.text
    body.pop()
  }

  const blocks: ArticleBlock[] = body.map((line) =>
    line.indented ? { type: 'caption', text: line.text } : { type: 'paragraph', text: line.text },
  )
  if (!blocks.some((block) => block.type === 'paragraph')) {
    return { ok: false, reason: `no body paragraphs after the title ${quote(title)}` }
  }

  return {
    ok: true,
    article: { slug: slugLine.text, title, type: type ?? DEFAULT_TYPE, blocks, byline, placements },
  }
}
