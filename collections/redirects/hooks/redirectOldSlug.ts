import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'
import type { Article } from '../../../src/payload-types'

import type { RedirectEdge } from '../../../src/lib/redirects/chain'
import { articlePath, planSlugChange } from '../../../src/lib/redirects/chain'
import { slugs } from '../../../src/slugs'
import { asSystem } from '../../../src/access/asSystem'

const PUBLISHED_SLUG = 'redirects.publishedSlug'

type Stash = Record<string, string | undefined>

/**
 * Notes the slug readers currently reach the article at (the published row: a draft save leaves it
 * alone), so the publish that changes it can redirect from there.
 */
export const notePublishedSlug: CollectionBeforeChangeHook<Article> = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  if (operation !== 'update' || data._status !== 'published' || originalDoc?.id === undefined) {
    return data
  }
  // The address the public sees, whoever publishes.
  const live = await req.payload.findByID({
    collection: slugs.articles,
    depth: 0,
    disableErrors: true,
    draft: false,
    id: originalDoc.id,
    ...asSystem(req),
    select: { _status: true, slug: true },
  })
  if (live?._status === 'published' && live.slug) {
    req.context[PUBLISHED_SLUG] = {
      ...(req.context[PUBLISHED_SLUG] as Stash),
      [String(originalDoc.id)]: live.slug,
    }
  }
  return data
}

/**
 * A published article whose slug changed keeps its old address: `/articles/<old>` redirects to the
 * new one, redirects that reached the old address now reach the new one directly (no chains), and
 * a redirect from the address taken back is removed (no loops).
 */
export const redirectOldSlug: CollectionAfterChangeHook<Article> = async ({ doc, req }) => {
  const stash = req.context[PUBLISHED_SLUG] as Stash | undefined
  const oldSlug = stash?.[String(doc.id)]
  if (!oldSlug || doc._status !== 'published' || !doc.slug || doc.slug === oldSlug) {
    return doc
  }
  delete stash[String(doc.id)]
  const oldPath = articlePath(oldSlug)
  const newPath = articlePath(String(doc.slug))
  // The redirects follow the board's publish; editors cannot write them directly.
  const existing = await req.payload.find({
    collection: slugs.redirects,
    depth: 0,
    limit: 0,
    ...asSystem(req),
    pagination: false,
    where: {
      or: [
        { from: { in: [oldPath, newPath] } },
        { and: [{ 'to.type': { equals: 'custom' } }, { 'to.url': { equals: oldPath } }] },
      ],
    },
  })
  const edges: RedirectEdge[] = existing.docs.map((redirect) => ({
    from: redirect.from,
    id: redirect.id,
    to: redirect.to?.type === 'custom' ? (redirect.to.url ?? '') : '',
  }))
  const changes = planSlugChange(edges, oldPath, newPath)
  const to = { type: 'custom' as const, url: newPath }
  // The writes below are the same system work: redirects follow the publish, whoever made it.
  for (const id of changes.remove) {
    await req.payload.delete({ collection: slugs.redirects, id, ...asSystem(req) })
  }
  for (const id of changes.retarget) {
    await req.payload.update({
      collection: slugs.redirects,
      data: { to },
      id,
      ...asSystem(req),
    })
  }
  if (changes.upsert?.id !== undefined) {
    await req.payload.update({
      collection: slugs.redirects,
      data: { to },
      id: changes.upsert.id,
      ...asSystem(req),
    })
  } else if (changes.upsert) {
    await req.payload.create({
      collection: slugs.redirects,
      data: { from: changes.upsert.from, to },
      ...asSystem(req),
    })
  }
  return doc
}
