import { idOf } from '../../src/access'
import { lexicalToPlainText } from '../../src/lib/richtext/lexical'
import { fold } from '../../src/lib/vietnamese'
import { slugs } from '../../src/slugs'
import type { SearchEntry, SearchTargetSlug } from './types'
import type { Doc } from '../../src/lib/types'

/** What search needs to know about one content type. */
export type SearchTarget = {
  slug: SearchTargetSlug
  /** The fields entryOf() and snippetTextOf() read, for `select`. */
  select: Record<string, true>
  /** The index entry of a document, except its identity and publication state. */
  entryOf: (doc: Doc) => Omit<SearchEntry, 'docId' | 'published' | 'target'>
  /** The original text a snippet is cut from. */
  snippetTextOf: (doc: Doc) => string
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

const joined = (parts: unknown[], separator = '\n\n'): string =>
  parts
    .map(text)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(separator)

const departmentOf = (doc: Doc): null | string => {
  const id = idOf(doc.department)
  return id === null ? null : String(id)
}

const articleBody = (doc: Doc): string => joined([doc.summary, lexicalToPlainText(doc.body)])

const positionTitles = (doc: Doc): string =>
  joined(
    (Array.isArray(doc.positions) ? doc.positions : []).map(
      (position) => (position as { title?: unknown } | null)?.title,
    ),
    '; ',
  )

const personBody = (doc: Doc): string => joined([positionTitles(doc), doc.bio])

const planTitle = (doc: Doc): string => joined([doc.number, doc.title], ' ')

// A short name equal to the document code would count the same word twice in the ranking.
const organizationNames = (doc: Doc): string =>
  joined([...new Set([text(doc.name), text(doc.shortName), text(doc.documentCode)])], ' ')

export const SEARCH_TARGETS: Record<SearchTargetSlug, SearchTarget> = {
  articles: {
    slug: slugs.articles,
    select: { body: true, department: true, slug: true, summary: true, title: true },
    entryOf: (doc) => ({
      department: departmentOf(doc),
      keyBody: fold(articleBody(doc)),
      keyTitle: fold(text(doc.title)),
      slug: text(doc.slug) || null,
      title: text(doc.title),
    }),
    snippetTextOf: articleBody,
  },
  people: {
    slug: slugs.people,
    select: { bio: true, department: true, name: true, positions: true, slug: true },
    entryOf: (doc) => ({
      department: departmentOf(doc),
      keyBody: fold(personBody(doc)),
      keyTitle: fold(text(doc.name)),
      slug: text(doc.slug) || null,
      title: text(doc.name),
    }),
    snippetTextOf: personBody,
  },
  organizations: {
    slug: slugs.organizations,
    select: { description: true, documentCode: true, name: true, shortName: true, slug: true },
    entryOf: (doc) => ({
      department: null,
      keyBody: fold(text(doc.description)),
      keyTitle: fold(organizationNames(doc)),
      slug: text(doc.slug) || null,
      title: text(doc.name),
    }),
    snippetTextOf: (doc) => text(doc.description),
  },
  plans: {
    slug: slugs.plans,
    select: { department: true, number: true, slug: true, title: true },
    entryOf: (doc) => ({
      department: departmentOf(doc),
      keyBody: '',
      keyTitle: fold(planTitle(doc)),
      slug: text(doc.slug) || null,
      title: planTitle(doc),
    }),
    snippetTextOf: planTitle,
  },
}

export const ALL_TARGETS = Object.keys(SEARCH_TARGETS) as SearchTargetSlug[]

export const isSearchTarget = (value: unknown): value is SearchTargetSlug =>
  typeof value === 'string' && (ALL_TARGETS as string[]).includes(value)
