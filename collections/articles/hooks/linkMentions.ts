import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'

import crypto from 'node:crypto'

import { idOf } from '../../../src/access'
import { inferEventDate } from '../../../src/lib/extract'
import { lexicalToPlainText } from '../../../src/lib/richtext/lexical'
import { fold } from '../../../src/lib/vietnamese'
import { resolveMentions } from '../../../src/linking/resolveMentions'

type Id = number | string

/** What linking did last time: the text it read and every key it proposed. */
export type MentionsState = { hash?: string; keys?: string[] }

type LinkMentionsOptions = {
  /** Which relationship fields exist (a removed plugin drops its field). */
  fields: { people: boolean; plans: boolean }
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '')

const ids = (value: unknown): Id[] =>
  Array.isArray(value) ? value.map(idOf).filter((id): id is Id => id !== null) : []

const union = (current: Id[], added: Id[]): Id[] => {
  const seen = new Set(current.map(String))
  return [...current, ...added.filter((id) => !seen.has(String(id)) && seen.add(String(id)))]
}

/**
 * On save, reads the article the way a clerk does and links the people, organizations and plans
 * it mentions (creating missing ones as drafts of the article's department) and lists other cited
 * documents. Each proposal is proposed once: what an editor unlinks stays unlinked. Skipped for
 * autosaves and when the text has not changed.
 */
export const linkMentions =
  ({ fields }: LinkMentionsOptions): CollectionBeforeChangeHook =>
  async ({ data, originalDoc, req }) => {
    if (req.context.skipLinking || String((req.query as { autosave?: unknown })?.autosave) === 'true') {
      return data
    }
    const merged = { ...originalDoc, ...data }
    const text = [textOf(merged.title), textOf(merged.summary), lexicalToPlainText(merged.body)]
      .filter(Boolean)
      .join('\n\n')
    const hash = crypto.createHash('sha1').update(text).digest('hex')
    const previous = (originalDoc?.mentions ?? {}) as MentionsState
    const department = idOf(merged.department)
    if (previous.hash === hash || department === null || !text.trim()) {
      return data
    }

    const known = new Set(previous.keys ?? [])
    // A save that leaves the article published takes its new links live with it (as
    // publishMentions would, right after); any other save creates them as drafts.
    const publishing = merged._status === 'published'
    const found = await resolveMentions({ department, known, publishing, req, text })

    data.organizations = union(ids(merged.organizations), found.organizations.map((p) => p.id))
    if (fields.people) {
      data.people = union(ids(merged.people), found.people.map((p) => p.id))
    }
    if (fields.plans) {
      data.plans = union(ids(merged.plans), found.plans.map((p) => p.id))
    }
    const citations = Array.isArray(merged.citations) ? [...merged.citations] : []
    const cited = new Set(citations.map((citation: { number?: string }) => fold(citation.number ?? '')))
    for (const { issuedOn, issuer, kind, number } of found.citations) {
      if (!cited.has(fold(number))) {
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

    const keys = [...found.organizations, ...found.people, ...found.plans, ...found.citations].map((p) => p.key)
    data.mentions = { hash, keys: [...new Set([...known, ...keys])] } satisfies MentionsState
    return data
  }

const LINKED = ['organizations', 'people', 'plans'] as const

/**
 * When an article goes live, the draft records it links (usually created by linking) go live with
 * it, so readers never meet a published article whose people or plans are missing. The board
 * approved the article with its links; this is system work on its behalf.
 */
export const publishMentions: CollectionAfterChangeHook = async ({ doc, req }) => {
  if (doc?._status !== 'published') {
    return doc
  }
  for (const collection of LINKED) {
    const linked = ids(doc[collection])
    if (linked.length === 0 || !req.payload.collections[collection]) {
      continue
    }
    const drafts = await req.payload.find({
      collection,
      depth: 0,
      // Reverse joins are never needed here, and each is a query over the archive.
      joins: false,
      limit: linked.length,
      // System work: the board published the article; its linked drafts go live with it.
      overrideAccess: true,
      pagination: false,
      req,
      select: { _status: true },
      where: { and: [{ id: { in: linked } }, { _status: { equals: 'draft' } }] },
    })
    for (const draft of drafts.docs) {
      await req.payload.update({
        collection,
        depth: 0,
        context: { skipLinking: true },
        data: { _status: 'published' },
        id: draft.id,
        // System work: the board published the article; its linked drafts go live with it.
        overrideAccess: true,
        req,
      })
    }
  }
  return doc
}
