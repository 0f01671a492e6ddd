import type { Endpoint, PayloadRequest, Plugin, SanitizedConfig } from 'payload'

import { configToJSONSchema } from 'payload'

import type { CollectionFacts, JsonSchema } from '../../lib/openapi/document'

import { buildOpenApiDocument } from '../../lib/openapi/document'
import { renderDocsHtml } from '../../lib/openapi/html'

/** The API's version in the document; bump it when a published shape changes. */
const API_VERSION = '1.0.0'

type Rendered = { html: string; json: string }

/** Computed from the configuration, which does not change while the process runs: once each. */
const rendered = new WeakMap<SanitizedConfig, Rendered>()

/** Fields no API answers with (`hidden`, e.g. the sealed second-step secret) are not declared. */
const withoutHiddenFields = (
  schema: JsonSchema,
  collection: SanitizedConfig['collections'][number],
): JsonSchema => {
  const hidden = new Set(
    collection.flattenedFields
      .filter((f) => 'hidden' in f && f.hidden === true && 'name' in f)
      .map((f) => f.name),
  )
  const properties = (schema as { properties?: Record<string, unknown> }).properties
  if (!hidden.size || !properties) {
    return schema
  }
  const required = (schema as { required?: string[] }).required
  return {
    ...schema,
    properties: Object.fromEntries(
      Object.entries(properties).filter(([name]) => !hidden.has(name)),
    ),
    ...(required ? { required: required.filter((name) => !hidden.has(name)) } : {}),
  } as JsonSchema
}

const render = (req: PayloadRequest): Rendered => {
  const config = req.payload.config
  const known = rendered.get(config)
  if (known) {
    return known
  }
  const defaultIDType = req.payload.db.defaultIDType === 'number' ? 'number' : 'text'
  const definitions = (configToJSONSchema(config, defaultIDType, req.i18n).definitions ??
    {}) as Record<string, JsonSchema>
  const api = config.routes.api
  // Payload's own bookkeeping (preferences, migrations, locks, jobs) is not for integrators.
  const visible = config.collections.filter((c) => !c.slug.startsWith('payload-'))
  for (const c of visible) {
    const select = definitions[`${c.slug}_select`]
    if (select) {
      definitions[`${c.slug}_select`] = withoutHiddenFields(select, c)
    }
  }
  const collections: CollectionFacts[] = visible.map((c) => {
    const idField = c.flattenedFields.find((f) => 'name' in f && f.name === 'id')
    const idType = idField ? (idField.type === 'number' ? 'number' : 'string') : defaultIDType
    return {
      auth: Boolean(c.auth) && !c.auth.disableLocalStrategy,
      drafts: Boolean(c.versions?.drafts),
      idType: idType === 'text' ? 'string' : idType,
      schema: withoutHiddenFields(definitions[c.slug] ?? { type: 'object' }, c),
      slug: c.slug,
    }
  })
  const endpoints = new Set<string>()
  for (const e of config.endpoints ?? []) {
    endpoints.add(`${e.method} ${api}${e.path}`)
  }
  for (const c of config.collections) {
    for (const e of c.endpoints || []) {
      endpoints.add(`${e.method} ${api}/${c.slug}${e.path}`)
    }
  }
  const skip = new Set(['auth', ...config.collections.map((c) => c.slug)])
  const extraSchemas = Object.fromEntries(
    Object.entries(definitions).filter(
      ([key]) => !skip.has(key) && !config.globals.some((g) => g.slug === key),
    ),
  )
  const document = buildOpenApiDocument({
    api,
    collections,
    endpoints,
    extraSchemas,
    locales: config.localization ? config.localization.localeCodes : [],
    version: API_VERSION,
  })
  const result = {
    html: renderDocsHtml(document as never, `${api}/openapi.json`),
    json: JSON.stringify(document),
  }
  rendered.set(config, result)
  return result
}

const CACHE_CONTROL = 'public, max-age=300'

/** `GET /api/openapi.json`: the OpenAPI 3.1 document of the REST API, anonymous. */
export const openApiEndpoint: Endpoint = {
  handler: (req) =>
    new Response(render(req).json, {
      headers: { 'Cache-Control': CACHE_CONTROL, 'Content-Type': 'application/json' },
    }),
  method: 'get',
  path: '/openapi.json',
}

/** `GET /api/docs`: the same document as a page, served whole from here (no outside script). */
export const docsEndpoint: Endpoint = {
  handler: (req) =>
    new Response(render(req).html, {
      headers: { 'Cache-Control': CACHE_CONTROL, 'Content-Type': 'text/html; charset=utf-8' },
    }),
  method: 'get',
  path: '/docs',
}

/**
 * The API's OpenAPI document and its page. The document is built in the handler, from the
 * sanitized configuration, so it lists every plugin's collections and endpoints.
 */
export const openApiPlugin: Plugin = (config) => ({
  ...config,
  endpoints: [...(config.endpoints ?? []), openApiEndpoint, docsEndpoint],
})
