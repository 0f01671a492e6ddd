import type {
  CollectionConfig,
  Config,
  Endpoint,
  PayloadRequest,
  Plugin,
  TypedLocale,
} from 'payload'

import type { AccessUser } from '../../access'
import { idOf, isBoardUser, isStaffUser } from '../../access'
import { readFrontendSettings, readSiteUrl } from '../../lib/env'
import { previewAddress, signPreviewToken, verifyPreviewToken } from '../../lib/preview/token'
import { slugs } from '../../slugs'
import { errorShape } from '../../lib/errorShape'
import { asSystem } from '../../access/asSystem'

const error = (status: number, message: string) =>
  Response.json(errorShape(message), { headers: { 'Cache-Control': 'private, no-store' }, status })

const idFor = (req: PayloadRequest, raw: string): null | number | string => {
  if (req.payload.db.defaultIDType !== 'number') {
    return raw || null
  }
  return /^\d{1,15}$/.test(raw) ? Number(raw) : null
}

/**
 * The article as `user` may read its latest draft, or null: the same check REST makes for
 * `GET /api/articles/<id>?draft=true`. Editors get tokens for their own department's articles
 * only, though they may read other departments' published ones.
 */
const previewable = async (
  req: PayloadRequest,
  user: AccessUser,
  id: number | string,
): Promise<null | { department?: unknown; id: number | string; slug?: unknown }> => {
  const doc = await req.payload.findByID({
    collection: slugs.articles,
    depth: 0,
    disableErrors: true,
    draft: true,
    id,
    overrideAccess: false,
    req,
    select: { department: true, slug: true },
    user,
  })
  if (!doc) {
    return null
  }
  if (isBoardUser(user)) {
    return doc
  }
  const mine = idOf(user.department)
  return mine !== null && String(idOf(doc.department as never)) === String(mine) ? doc : null
}

/** Signs a token for one article and builds the frontend's address for it. */
const issue = async (
  req: PayloadRequest,
  user: AccessUser,
  doc: { id: number | string; slug?: unknown },
) => {
  const settings = readFrontendSettings()
  const { expiresAt, token } = await signPreviewToken({
    collection: slugs.articles,
    id: String(doc.id),
    issuer: String(user.id),
    secret: req.payload.secret,
    ttlSeconds: settings.previewTokenTtl,
  })
  const url = previewAddress({
    id: String(doc.id),
    siteUrl: readSiteUrl(),
    slug: typeof doc.slug === 'string' ? doc.slug : '',
    template: settings.previewUrl,
    token,
  })
  return { expiresAt: expiresAt.toISOString(), token, url }
}

/**
 * `POST /api/articles/<id>/preview` → `{ token, expiresAt, url }`: a short-lived token the
 * frontend exchanges for the article's latest draft. Staff accounts that may read that draft only
 * (the board; editors for their own department); integrator keys never.
 */
export const issuePreviewEndpoint: Endpoint = {
  handler: async (req) => {
    const user = req.user as AccessUser | null
    if (!user) {
      return error(401, 'Log in to preview a draft.')
    }
    if (req.user?.collection !== slugs.users || !isStaffUser(user)) {
      return error(403, 'Only editors and the editorial board preview drafts.')
    }
    const rawId = String(req.routeParams?.id ?? '')
    const id = idFor(req, rawId)
    const doc = id === null ? null : await previewable(req, user, id)
    if (!doc) {
      return error(404, `No article with id "${rawId}" that you may preview.`)
    }
    return Response.json(await issue(req, user, doc), {
      headers: { 'Cache-Control': 'private, no-store' },
      status: 201,
    })
  },
  method: 'post',
  path: '/:id/preview',
}

/**
 * `GET /api/preview/articles?token=<t>`: the latest draft of the one article the token names, as
 * `GET /api/articles/<id>?draft=true&depth=1` gives it to the staff member who asked for the token.
 */
export const readPreviewEndpoint: Endpoint = {
  handler: async (req) => {
    const token = req.searchParams.getAll('token')
    if (token.length !== 1 || !token[0]) {
      return error(401, 'Send the preview token as ?token=<token>.')
    }
    const verdict = await verifyPreviewToken(req.payload.secret, token[0])
    if ('error' in verdict) {
      return error(401, verdict.error)
    }
    if (verdict.claims.collection !== slugs.articles) {
      return error(401, 'The preview token is not for an article.')
    }
    const id = idFor(req, verdict.claims.id)
    const locale = req.searchParams.get('locale') ?? undefined
    const { localization } = req.payload.config
    if (locale !== undefined && !(localization && localization.localeCodes.includes(locale))) {
      return error(400, `Unknown locale "${locale.slice(0, 20)}".`)
    }
    // The token is the credential, signed for this one document by someone allowed to read its
    // draft; the draft is read as that person reads it (their access to it, to its fields and to
    // the accounts it names), never as the system, whose read named every account's email and
    // sessions and the board's notes to whoever held the link.
    const issuerId = verdict.claims.issuer === undefined ? null : idFor(req, verdict.claims.issuer)
    if (issuerId === null) {
      return error(401, 'The preview token names no account: ask for a new one.')
    }
    const issuer = await req.payload.findByID({
      collection: slugs.users,
      depth: 0,
      disableErrors: true,
      id: issuerId,
      ...asSystem(req),
    })
    if (!issuer || !isStaffUser(issuer as AccessUser)) {
      return error(401, 'The account that asked for this preview can no longer read drafts.')
    }
    const doc =
      id === null
        ? null
        : await req.payload.findByID({
            collection: slugs.articles,
            depth: 1,
            disableErrors: true,
            draft: true,
            id,
            locale: locale as TypedLocale | undefined,
            overrideAccess: false,
            user: { ...issuer, collection: slugs.users },
          })
    if (!doc) {
      return error(404, 'The article of this preview token no longer exists.')
    }
    return Response.json(doc, {
      headers: { 'Cache-Control': 'private, no-store', 'X-Robots-Tag': 'noindex' },
    })
  },
  method: 'get',
  path: '/preview/articles',
}

type PreviewFn = NonNullable<NonNullable<CollectionConfig['admin']>['preview']>

/**
 * With PREVIEW_URL set, the admin's "Preview" button opens the frontend with a fresh token
 * (Payload calls admin.preview on the server with the signed-in `req`); without it, or for a
 * user who may not preview, the built-in preview stays.
 */
const externalFirst =
  (internal: PreviewFn | undefined): PreviewFn =>
  async (doc, options) => {
    const { req } = options
    const user = req.user as AccessUser | null
    if (readFrontendSettings().previewUrl && user && doc?.id !== undefined) {
      const allowed = await previewable(req, user, doc.id as number | string).catch(() => null)
      if (allowed) {
        return (await issue(req, user, allowed)).url
      }
    }
    return internal ? internal(doc, options) : null
  }

/** Draft preview for an outside frontend: the token endpoints and the admin's button. */
export const previewPlugin: Plugin = (incoming: Config) => {
  const articles = incoming.collections?.find(({ slug }) => slug === slugs.articles)
  if (!articles) {
    return incoming
  }
  return {
    ...incoming,
    collections: incoming.collections!.map((collection) =>
      collection === articles
        ? {
            ...collection,
            admin: { ...collection.admin, preview: externalFirst(collection.admin?.preview) },
            endpoints: [...(collection.endpoints || []), issuePreviewEndpoint],
          }
        : collection,
    ),
    endpoints: [...(incoming.endpoints ?? []), readPreviewEndpoint],
  }
}
