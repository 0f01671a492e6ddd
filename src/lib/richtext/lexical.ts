import type { ArticleBlock } from '@/lib/import/parseArticleFile'

export type LexicalTextNode = {
  type: 'text'
  text: string
  format: number
  style: string
  mode: 'normal'
  detail: number
  version: 1
}

export type LexicalLineBreakNode = { type: 'linebreak'; version: 1 }

export type LexicalInlineNode = LexicalTextNode | LexicalLineBreakNode

export type LexicalParagraphNode = {
  type: 'paragraph'
  format: ''
  indent: 0
  version: 1
  direction: 'ltr'
  textFormat: number
  textStyle: ''
  children: LexicalInlineNode[]
}

export type LexicalQuoteNode = {
  type: 'quote'
  format: ''
  indent: 0
  version: 1
  direction: 'ltr'
  children: LexicalInlineNode[]
}

export type LexicalBlockNode = LexicalParagraphNode | LexicalQuoteNode

export type LexicalState = {
  root: {
    type: 'root'
    format: ''
    indent: 0
    version: 1
    direction: 'ltr'
    children: LexicalBlockNode[]
  }
}

/** Lexical's IS_ITALIC bit in a text node's `format`. */
export const ITALIC = 2

const textNode = (text: string, format = 0): LexicalTextNode => ({
  type: 'text',
  text,
  format,
  style: '',
  mode: 'normal',
  detail: 0,
  version: 1,
})

// Single newlines inside a block become Lexical line breaks, as the editor does on Shift+Enter.
const inlineNodes = (text: string, format = 0): LexicalInlineNode[] =>
  text
    .split(/\r\n|\r|\n/)
    .flatMap((line, index): LexicalInlineNode[] => [
      ...(index > 0 ? [{ type: 'linebreak', version: 1 } as const] : []),
      ...(line === '' ? [] : [textNode(line, format)]),
    ])

const paragraphNode = (text: string): LexicalParagraphNode => ({
  type: 'paragraph',
  format: '',
  indent: 0,
  version: 1,
  direction: 'ltr',
  textFormat: 0,
  textStyle: '',
  children: inlineNodes(text),
})

const quoteNode = (text: string, format: number): LexicalQuoteNode => ({
  type: 'quote',
  format: '',
  indent: 0,
  version: 1,
  direction: 'ltr',
  children: inlineNodes(text, format),
})

const rootOf = (children: LexicalBlockNode[]): LexicalState => ({
  root: { type: 'root', format: '', indent: 0, version: 1, direction: 'ltr', children },
})

/**
 * Article blocks as a Lexical editor state. Lexical rejects unknown node keys, so a caption
 * cannot carry a marker: it becomes a quote node of italic text, which editors render as a caption.
 */
export const blocksToLexical = (blocks: ArticleBlock[]): LexicalState =>
  rootOf(
    blocks.map((block) =>
      block.type === 'caption' ? quoteNode(block.text, ITALIC) : paragraphNode(block.text),
    ),
  )

/** A Lexical state of plain text: blank lines separate paragraphs, single newlines become line breaks. */
export const paragraphLexical = (text: string): LexicalState =>
  rootOf(
    text
      .split(/(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*/)
      .map((paragraph) => paragraph.trim())
      .filter((paragraph) => paragraph !== '')
      .map(paragraphNode),
  )

type Json = Record<string, unknown>

// Nodes that flow inside a line; everything else that has children is a block of its own.
const INLINE_TYPES = new Set([
  'text',
  'linebreak',
  'tab',
  'link',
  'autolink',
  'code-highlight',
  'mark',
  'hashtag',
  'emoji',
  'keyword',
])

// Guards against cyclic or absurdly deep input; real documents nest a few levels.
const MAX_DEPTH = 64

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const childrenOf = (node: Json): unknown[] => (Array.isArray(node.children) ? node.children : [])

const isInline = (node: unknown): boolean =>
  isObject(node) &&
  (INLINE_TYPES.has(String(node.type)) || (!Array.isArray(node.children) && node.type !== 'upload'))

/** Joins children: runs of inline nodes form one segment, each block child its own segment. */
const joinChildren = (children: unknown[], separator: string, depth: number): string => {
  const segments: string[] = []
  let inline = ''
  for (const child of children) {
    if (isInline(child)) {
      inline += inlineText(child, depth + 1)
    } else {
      segments.push(inline, blockText(child, depth + 1))
      inline = ''
    }
  }
  segments.push(inline)
  return segments
    .map((segment) => segment.trim())
    .filter((segment) => segment !== '')
    .join(separator)
}

const inlineText = (node: unknown, depth: number): string => {
  if (!isObject(node) || depth > MAX_DEPTH) {
    return ''
  }
  switch (node.type) {
    case 'linebreak':
      return '\n'
    case 'tab':
      return '\t'
    default:
      if (typeof node.text === 'string') {
        return node.text
      }
      return childrenOf(node)
        .map((child) => inlineText(child, depth + 1))
        .join('')
  }
}

const captionText = (caption: unknown, depth: number): string => {
  if (typeof caption === 'string') {
    return caption
  }
  // Upload captions configured as rich text hold a nested editor state.
  if (isObject(caption) && isObject(caption.root)) {
    return blockText(caption.root, depth + 1)
  }
  return ''
}

const blockText = (node: unknown, depth: number): string => {
  if (!isObject(node) || depth > MAX_DEPTH) {
    return ''
  }
  switch (node.type) {
    case 'upload':
      return isObject(node.fields) ? captionText(node.fields.caption, depth) : ''
    case 'list':
    case 'listitem':
    case 'tablerow':
      return joinChildren(childrenOf(node), node.type === 'tablerow' ? '\t' : '\n', depth)
    case 'table':
      return joinChildren(childrenOf(node), '\n', depth)
    case 'tablecell':
      return joinChildren(childrenOf(node), ' ', depth)
    default:
      return joinChildren(childrenOf(node), '\n\n', depth)
  }
}

/**
 * All text of a Lexical state in reading order: blocks separated by a blank line, list items and
 * table rows by a newline, table cells by a tab. Returns '' for anything that is not a state.
 */
export const lexicalToPlainText = (state: unknown): string => {
  try {
    let value = state
    if (typeof value === 'string') {
      // Some adapters hand rich text back as its JSON string.
      value = JSON.parse(value)
    }
    if (!isObject(value)) {
      return ''
    }
    const root = isObject(value.root) ? value.root : value.type === 'root' ? value : null
    return root ? blockText(root, 0) : ''
  } catch {
    return ''
  }
}
