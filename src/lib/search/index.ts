export { makeSnippet, foldWithMap } from './snippet'
export type { FoldMap } from './snippet'
export { scoreHit } from './score'
export { searchTerms, splitTerms, MAX_TERMS, MAX_TERM_LENGTH } from './terms'
