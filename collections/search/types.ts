export type SearchPluginOptions = {
  /** Set false to leave search out entirely (no index, no endpoint). */
  enabled?: boolean
  /** Content types to index, of `articles`, `people`, `organizations`, `plans`; default: all present. */
  collections?: SearchTargetSlug[]
}

/** The content types search knows how to index. */
export type SearchTargetSlug = 'articles' | 'organizations' | 'people' | 'plans'

/** One row of the `search-index` collection, as system code writes it. */
export type SearchEntry = {
  target: SearchTargetSlug
  docId: string
  /** The live document is published (always true for types without drafts). */
  published: boolean
  /** The owning department's id as a string; null for organizations. */
  department: null | string
  /** The display title, with its original diacritics. */
  title: string
  slug: null | string
  /** fold() of everything that names the record. */
  keyTitle: string
  /** fold() of its body text. */
  keyBody: string
}

/** One hit as the API returns it. */
export type SearchHit = {
  collection: SearchTargetSlug
  id: number | string
  title: string
  slug: null | string
  snippet: string
}

export type SearchResult = {
  docs: SearchHit[]
  totalDocs: number
}

/** A validated search request. */
export type SearchQuery = {
  /** Folded search terms (searchTerms()), at least one. */
  terms: string[]
  /** Restricts hits to one content type. */
  type?: SearchTargetSlug
  limit: number
}
