import type { TypedLocale } from 'payload'

import config from '@payload-config'
import { getPayload } from 'payload'

import {
  renderArticlePreview,
  renderNotFound,
} from '../../../../../components/preview/renderArticle'
import type { Article } from '../../../../../payload-types'
import { slugs } from '../../../../../slugs'

type RouteContext = { params: Promise<{ id: string }> }

const html = (body: string, status: number): Response =>
  new Response(body, {
    headers: {
      'cache-control': 'private, no-store',
      'content-type': 'text/html; charset=utf-8',
      'x-robots-tag': 'noindex',
    },
    status,
  })

/**
 * The admin's "Preview" (admin.preview on articles): the latest draft as a frontend would render
 * it, read as the signed-in user, so a preview shows exactly what that user may read.
 */
export const GET = async (request: Request, { params }: RouteContext): Promise<Response> => {
  const { id } = await params
  const payload = await getPayload({ config })
  const { user } = await payload.auth({ headers: request.headers })
  const url = new URL(request.url)
  if (!user) {
    const login = `${payload.config.routes.admin}/login?redirect=${encodeURIComponent(url.pathname + url.search)}`
    return new Response(null, { headers: { location: login }, status: 302 })
  }
  const locale = url.searchParams.get('locale') ?? undefined
  const article = await payload
    .findByID({
      collection: slugs.articles,
      depth: 2,
      draft: true,
      id,
      locale: locale as TypedLocale | undefined,
      overrideAccess: false,
      user,
    })
    .catch(() => null)
  return article ? html(renderArticlePreview(article as Article), 200) : html(renderNotFound(), 404)
}
