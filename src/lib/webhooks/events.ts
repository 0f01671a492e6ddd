/** What a write means to a subscriber, named `<type>.<what>` (article.published, person.deleted). */
export type WebhookAction = 'created' | 'deleted' | 'published' | 'unpublished' | 'updated'

/** The content types that send events, by collection slug, with the name events use. */
export const EVENT_TYPES = {
  articles: 'article',
  organizations: 'organization',
  people: 'person',
  plans: 'plan',
} as const

export type EventCollection = keyof typeof EVENT_TYPES

const DRAFT_ACTIONS: WebhookAction[] = ['published', 'unpublished', 'updated', 'deleted']
const PLAIN_ACTIONS: WebhookAction[] = ['created', 'updated', 'deleted']

/** Every event a content type sends: with drafts the publishing ones, else created/updated. */
export const eventsOf = (collection: EventCollection, drafts: boolean): string[] =>
  (drafts ? DRAFT_ACTIONS : PLAIN_ACTIONS).map((action) => `${EVENT_TYPES[collection]}.${action}`)

export type Change = {
  /** Whether the type has drafts (`_status`). */
  drafts: boolean
  /** The status readers had before the write (the main record's `_status`); undefined on create. */
  liveBefore?: string
  /** The status readers have after it; undefined on delete. */
  liveAfter?: string
  operation: 'create' | 'delete' | 'update'
  /** The status of what the write saved (a draft saved over a published record leaves it live). */
  saved?: string
}

/**
 * The event a write sends, or null when readers see no change. With drafts, only what readers
 * can see counts: a draft never published, or saved over a published record, sends nothing.
 * A delete always sends (an integrator may still hold what an earlier event told it).
 */
export const actionOf = ({
  drafts,
  liveAfter,
  liveBefore,
  operation,
  saved,
}: Change): null | WebhookAction => {
  if (operation === 'delete') {
    return 'deleted'
  }
  if (!drafts) {
    return operation === 'create' ? 'created' : 'updated'
  }
  const before = liveBefore === 'published'
  const after = liveAfter === 'published'
  if (after && !before) {
    return 'published'
  }
  if (before && !after) {
    return 'unpublished'
  }
  // Published before and after: only a published save changed what readers see.
  return after && saved === 'published' ? 'updated' : null
}
