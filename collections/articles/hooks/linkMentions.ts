import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'

import type { AccessUser } from '../../../src/access'
import { idsOf } from '../../../src/lib/ids'
import type { LinkedFieldsPresent, MentionsState } from '../../../src/linking/linkArticle'
import { LINKED, linkArticle, publishLinkedDrafts } from '../../../src/linking/linkArticle'
import { localApiStore } from '../../../src/linking/store'
import type { Article } from '../../../src/payload-types'

type LinkMentionsOptions = {
  fields: LinkedFieldsPresent
}

/**
 * On save, reads the article the way a clerk does and links the people, organizations and plans
 * it mentions (creating missing ones as drafts of the article's department) and lists other cited
 * documents. Each proposal is proposed once: what an editor unlinks stays unlinked. Skipped for
 * autosaves and when the text has not changed.
 */
export const linkMentions =
  ({ fields }: LinkMentionsOptions): CollectionBeforeChangeHook<Article> =>
  async ({ data, originalDoc, req }) => {
    if (
      req.context.skipLinking ||
      String((req.query as { autosave?: unknown })?.autosave) === 'true'
    ) {
      return data
    }
    const linked = await linkArticle({
      fields,
      merged: { ...originalDoc, ...data },
      previous: (originalDoc?.mentions ?? {}) as MentionsState,
      store: localApiStore(req),
      user: req.user as AccessUser | null,
    })
    return linked ? Object.assign(data, linked) : data
  }

/**
 * When an article goes live, the draft records it links (usually created by linking) go live with
 * it, so readers never meet a published article whose people or plans are missing. The board
 * approved the article with its links; this is system work on its behalf.
 */
export const publishMentions: CollectionAfterChangeHook<Article> = async ({ doc, req }) => {
  if (doc?._status === 'published') {
    await publishLinkedDrafts(
      req,
      Object.fromEntries(LINKED.map((collection) => [collection, idsOf(doc[collection])])),
    )
  }
  return doc
}
