import type { PayloadRequest } from 'payload'

import crypto from 'node:crypto'

import type { AccessUser } from '../access'
import { asSystem } from '../access/asSystem'
import { documentIdentity, inferEventDate } from '../lib/extract'
import { idOf, idsOf } from '../lib/ids'
import { lexicalToPlainText } from '../lib/richtext/lexical'
import type { Doc, Id } from '../lib/types'
import type { ResolvedMentions } from './resolveMentions'
import { resolveMentions } from './resolveMentions'
import type { MentionStore } from './store'

/** Which relationship fields exist (a removed plugin drops its field). */
export type LinkedFieldsPresent = { people: boolean; plans: boolean }

/** What linking did last time: the text it read and every key it proposed. */
export type MentionsState = { hash?: string; keys?: string[] }

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '')

const union = (current: Id[], added: Id[]): Id[] => {
  const seen = new Set(current.map(String))
  return [...current, ...added.filter((id) => !seen.has(String(id)) && seen.add(String(id)))]
}

/** The text linking reads: title, summary and body, as plain text. */
export const linkingText = (article: Doc): string =>
  [textOf(article.title), textOf(article.summary), lexicalToPlainText(article.body)]
    .filter(Boolean)
    .join('\n\n')

export const textHash = (text: string): string =>
  crypto.createHash('sha1').update(text).digest('hex')

/**
 * The fields linking sets on an article from what it found: its links (added to those it has),
 * citations, an inferred event date when it has none, and the linking state.
 */
export const linkedFields = ({
  fields,
  found,
  hash,
  known,
  merged,
  text,
}: {
  fields: LinkedFieldsPresent
  found: ResolvedMentions
  hash: string
  known: Set<string>
  merged: Doc
  text: string
}): Doc => {
  const data: Doc = {}
  data.organizations = union(
    idsOf(merged.organizations),
    found.organizations.map((p) => p.id),
  )
  if (fields.people) {
    data.people = union(
      idsOf(merged.people),
      found.people.map((p) => p.id),
    )
  }
  if (fields.plans) {
    data.plans = union(
      idsOf(merged.plans),
      found.plans.map((p) => p.id),
    )
  }
  const citations = Array.isArray(merged.citations) ? [...merged.citations] : []
  const cited = new Set(
    citations.map((citation: { kind?: string; number?: string }) =>
      documentIdentity({ kind: citation.kind ?? '', number: citation.number ?? '' }),
    ),
  )
  for (const { issuedOn, issuer, kind, number } of found.citations) {
    if (!cited.has(documentIdentity({ kind, number }))) {
      citations.push({ issuedOn, issuer, kind, number })
    }
  }
  data.citations = citations

  if (!merged.eventDate) {
    const event = inferEventDate(text)
    if (event.date) {
      data.eventDate = event.date
      data.eventDateInferred = event.inferred
    }
  }

  const keys = [...found.organizations, ...found.people, ...found.plans, ...found.citations].map(
    (p) => p.key,
  )
  data.mentions = { hash, keys: [...new Set([...known, ...keys])] } satisfies MentionsState
  return data
}

/**
 * Links an article being saved: what linkMentions does, with records found and filed in `store`.
 * Returns the fields to set, or null when there is nothing to do (text unchanged or empty, no
 * department).
 */
export const linkArticle = async ({
  fields,
  merged,
  previous,
  store,
  user,
}: {
  fields: LinkedFieldsPresent
  merged: Doc
  previous: MentionsState
  store: MentionStore
  user: AccessUser | null
}): Promise<Doc | null> => {
  const text = linkingText(merged)
  const hash = textHash(text)
  const department = idOf(merged.department)
  if (previous.hash === hash || department === null || !text.trim()) {
    return null
  }
  const known = new Set(previous.keys ?? [])
  const publishing = merged._status === 'published'
  const found = await resolveMentions({ department, known, publishing, store, text, user })
  return linkedFields({ fields, found, hash, known, merged, text })
}

export const LINKED = ['organizations', 'people', 'plans'] as const

/**
 * The drafts among these linked records go live (the Local API's save of each, as system work:
 * publishing what the board approved with the article). `linked` lists ids per collection.
 */
export const publishLinkedDrafts = async (
  req: PayloadRequest,
  linked: Partial<Record<(typeof LINKED)[number], Id[]>>,
): Promise<void> => {
  for (const collection of LINKED) {
    const wanted = linked[collection] ?? []
    if (wanted.length === 0 || !req.payload.collections[collection]) {
      continue
    }
    // In slices, so a bulk import's thousands of ids stay within what one statement may bind.
    for (let start = 0; start < wanted.length; start += 1000) {
      const slice = wanted.slice(start, start + 1000)
      const drafts = await req.payload.find({
        collection,
        depth: 0,
        joins: false,
        limit: slice.length,
        ...asSystem(req),
        pagination: false,
        select: { _status: true },
        where: { and: [{ id: { in: slice } }, { _status: { equals: 'draft' } }] },
      })
      for (const draft of drafts.docs) {
        await req.payload.update({
          collection,
          depth: 0,
          context: { skipLinking: true },
          data: { _status: 'published' },
          id: draft.id,
          ...asSystem(req),
        })
      }
    }
  }
}
