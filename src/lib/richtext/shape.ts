/**
 * Whether a value sent for a rich-text field is a Lexical document the editor, the HTML renderer
 * and Payload's own hooks can walk: `{ root: { type: 'root', children: [...] } }`, each node an
 * object with a string `type`, `children` (where present) a list, a text node's `text` a string.
 * Payload validates rich text only on published saves, and its hooks throw a TypeError on a
 * non-list `children`, so a draft with such a body answered 500 on save and on every read after.
 */

// Real documents nest a few levels (lists in lists, tables); deeper is refused, not walked.
const MAX_DEPTH = 64

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const nodeProblem = (node: unknown, path: string, depth: number): null | string => {
  if (depth > MAX_DEPTH) {
    return `${path}: nested deeper than ${MAX_DEPTH} levels`
  }
  if (!isObject(node) || typeof node.type !== 'string') {
    return `${path}: not a node (an object with a type)`
  }
  if (node.type === 'text' && typeof node.text !== 'string') {
    return `${path}: a text node without text`
  }
  if (node.children === undefined) {
    return null
  }
  if (!Array.isArray(node.children)) {
    return `${path}.children: not a list`
  }
  for (const [index, child] of node.children.entries()) {
    const problem = nodeProblem(child, `${path}.children[${index}]`, depth + 1)
    if (problem) {
      return problem
    }
  }
  return null
}

/** Null when `value` is empty (null, undefined) or a well-formed Lexical document; else what is wrong. */
export const lexicalShapeProblem = (value: unknown): null | string => {
  if (value === null || value === undefined) {
    return null
  }
  if (!isObject(value) || !isObject(value.root)) {
    return 'not a Lexical document ({ "root": { "type": "root", "children": [] } })'
  }
  if (value.root.type !== 'root' || !Array.isArray(value.root.children)) {
    return 'root: not a root node with a list of children'
  }
  return nodeProblem(value.root, 'root', 0)
}
