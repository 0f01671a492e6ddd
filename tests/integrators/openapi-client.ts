/**
 * What an integrator writes: a typed client from the served OpenAPI document. The types are made
 * by `npm run generate:openapi-client` (openapi-typescript); `tsc` checks this file against them.
 */
import createClient from 'openapi-fetch'

import type { paths } from './openapi-types'

export const portalClient = (baseUrl: string, authorization?: string) =>
  createClient<paths>({
    baseUrl,
    headers: authorization ? { Authorization: authorization } : {},
  })

/** The newest published articles' ids and titles. */
export const latestArticles = async (baseUrl: string) => {
  const { data, error } = await portalClient(baseUrl).GET('/api/articles', {
    params: { query: { depth: 0, limit: 5, sort: '-publishedAt' } },
  })
  if (error) {
    throw new Error(error.errors.map((e) => e.message).join('; '))
  }
  return data.docs.map((doc) => ({ id: doc.id, slug: doc.slug, title: doc.title }))
}

/** One organization by id, or the API's error message. */
export const organization = async (baseUrl: string, id: number) => {
  const { data, error } = await portalClient(baseUrl).GET('/api/organizations/{id}', {
    params: { path: { id } },
  })
  return error ? { message: error.errors[0].message } : { name: data.name }
}
