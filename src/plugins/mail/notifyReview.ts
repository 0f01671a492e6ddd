import type { CollectionAfterChangeHook, PayloadRequest } from 'payload'

import { idOf } from '../../access'
import { asSystem } from '../../access/asSystem'
import type { MailSettings } from '../../lib/env/mail'
import {
  articlePublishedMail,
  articleReturnedMail,
  articleSubmittedMail,
} from '../../lib/mail/templates'
import { slugs } from '../../slugs'
import { queueMail } from './queue'

type Account = { email?: null | string; id: number | string; name?: null | string }

type ReviewedArticle = {
  _status?: null | string
  author?: unknown
  id: number | string
  review?: { submittedBy?: unknown } | null
  reviewNote?: null | string
  reviewState?: null | string
  title?: null | string
}

/** The acting staff account, or null for system work and write keys. */
const actorOf = (req: PayloadRequest): Account | null => {
  const user = req.user as (Account & { collection?: string }) | null
  return user?.collection === slugs.users ? user : null
}

/**
 * The article's author: who created it (`author`), else who submitted it (imported articles have
 * no creator). System read: the author's address, whoever the actor is.
 */
const authorOf = async (req: PayloadRequest, article: ReviewedArticle): Promise<Account | null> => {
  const id = idOf(article.author) ?? idOf(article.review?.submittedBy)
  if (id === null) {
    return null
  }
  return (await req.payload.findByID({
    collection: slugs.users,
    depth: 0,
    disableErrors: true,
    id,
    select: { email: true, name: true },
    ...asSystem(req),
  })) as Account | null
}

/** Every board account. System read: an editor may not list the board, but their submission mails it. */
const boardOf = async (req: PayloadRequest): Promise<Account[]> =>
  (
    await req.payload.find({
      collection: slugs.users,
      depth: 0,
      pagination: false,
      select: { email: true, name: true },
      ...asSystem(req),
      where: { roles: { in: ['bbt'] } },
    })
  ).docs as Account[]

const sameAccount = (a: Account | null, b: Account | null): boolean =>
  Boolean(a && b && String(a.id) === String(b.id))

/**
 * Tells people of the review steps: a submission mails every board (`bbt`) account; a return mails
 * the author with the board's note; a publish mails the author. Nobody is mailed about what they
 * did themselves. Autosaves never mail.
 */
export const notifyReview =
  (settings: MailSettings): CollectionAfterChangeHook =>
  async ({ doc, previousDoc, req }) => {
    if (String((req.query as { autosave?: unknown } | undefined)?.autosave) === 'true') {
      return doc
    }
    const article = doc as ReviewedArticle
    const before = (previousDoc ?? {}) as ReviewedArticle
    const actor = actorOf(req)
    const args = {
      actor: actor ? actor.name?.trim() || actor.email || null : null,
      article: { id: article.id, title: article.title },
      serverUrl: settings.serverUrl,
    }
    if (article._status === 'published' && before._status !== 'published') {
      const author = await authorOf(req, article)
      if (author?.email && !sameAccount(author, actor)) {
        await queueMail(
          req,
          settings,
          'article-published',
          articlePublishedMail(author.email, args),
        )
      }
    } else if (article.reviewState === 'submitted' && before.reviewState !== 'submitted') {
      for (const member of await boardOf(req)) {
        if (member.email && !sameAccount(member, actor)) {
          await queueMail(
            req,
            settings,
            'article-submitted',
            articleSubmittedMail([member.email], args),
          )
        }
      }
    } else if (article.reviewState === 'returned' && before.reviewState !== 'returned') {
      const author = await authorOf(req, article)
      if (author?.email && !sameAccount(author, actor)) {
        const note = String(article.reviewNote ?? '')
        await queueMail(
          req,
          settings,
          'article-returned',
          articleReturnedMail(author.email, { ...args, note }),
        )
      }
    }
    return doc
  }
