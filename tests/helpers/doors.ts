import type { Payload } from 'payload'

import { graphql, request } from './http'

/** The three ways in: the Local API acting for a user, REST, and GraphQL. */
export type Door = 'graphql' | 'local' | 'rest'
export const DOORS: Door[] = ['local', 'rest', 'graphql']

export type Actor = {
  name: string
  /** The user document, for the Local API; null for anonymous. */
  user: null | Record<string, unknown>
  /** How REST and GraphQL authenticate: `JWT <token>`, `api-clients API-Key <key>`, or none. */
  authorization?: string
}

type Names = { plural: string; singular: string }
export const GRAPHQL_NAMES: Record<string, Names> = {
  articles: { plural: 'Articles', singular: 'Article' },
  'audit-log': { plural: 'AuditLog', singular: 'AuditRecord' },
  organizations: { plural: 'Organizations', singular: 'Organization' },
  people: { plural: 'People', singular: 'Person' },
  plans: { plural: 'Plans', singular: 'Plan' },
  redirects: { plural: 'Redirects', singular: 'Redirect' },
  users: { plural: 'Users', singular: 'User' },
  'webhook-deliveries': { plural: 'WebhookDeliveries', singular: 'WebhookDelivery' },
  webhooks: { plural: 'Webhooks', singular: 'Webhook' },
}

/** Keys whose values are GraphQL enums, written unquoted. */
const ENUM_KEYS = new Set(['_status', 'reviewState', 'roles', 'honorific', 'status', 'kind'])

/** Prints a JS value as a GraphQL input literal. */
export const literal = (value: unknown, key = ''): string => {
  if (Array.isArray(value)) {
    return `[${value.map((item) => literal(item, key)).join(', ')}]`
  }
  if (value && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([name, item]) => `${name}: ${literal(item, name)}`)
      .join(', ')} }`
  }
  if (typeof value === 'string' && ENUM_KEYS.has(key)) {
    return value.replace(/-/g, '_')
  }
  return JSON.stringify(value)
}

export type DoorContext = { baseUrl: string; payload: Payload }

const headersOf = (actor: Actor): Record<string, string> =>
  actor.authorization ? { authorization: actor.authorization } : {}

/** Reads one document; null when the actor may not see it (denied or hidden). */
export const readOne = async (
  ctx: DoorContext,
  door: Door,
  actor: Actor,
  collection: string,
  id: number | string,
  { draft = false }: { draft?: boolean } = {},
): Promise<null | Record<string, any>> => {
  if (door === 'local') {
    try {
      return (await ctx.payload.findByID({
        collection: collection as 'articles',
        depth: 0,
        draft,
        id,
        overrideAccess: false,
        user: actor.user as never,
      })) as Record<string, any>
    } catch {
      return null
    }
  }
  if (door === 'rest') {
    const res = await request(
      `${ctx.baseUrl}/api/${collection}/${id}?depth=0${draft ? '&draft=true' : ''}`,
      {
        headers: headersOf(actor),
      },
    )
    return res.status === 200 ? res.body : null
  }
  const names = GRAPHQL_NAMES[collection]!
  const res = await request(`${ctx.baseUrl}/api/graphql`, {
    headers: headersOf(actor),
    json: {
      query: `{ ${names.singular}(id: ${JSON.stringify(id)}${draft ? ', draft: true' : ''}) { id } }`,
    },
    method: 'POST',
  })
  return res.body?.data?.[names.singular] ?? null
}

/** Counts what a list returns to the actor. */
export const countList = async (
  ctx: DoorContext,
  door: Door,
  actor: Actor,
  collection: string,
): Promise<null | number> => {
  if (door === 'local') {
    try {
      const result = await ctx.payload.find({
        collection: collection as 'articles',
        depth: 0,
        limit: 100,
        overrideAccess: false,
        user: actor.user as never,
      })
      return result.totalDocs
    } catch {
      return null
    }
  }
  if (door === 'rest') {
    const res = await request(`${ctx.baseUrl}/api/${collection}?depth=0&limit=100`, {
      headers: headersOf(actor),
    })
    return res.status === 200 ? res.body.totalDocs : null
  }
  const names = GRAPHQL_NAMES[collection]!
  const res = await request(`${ctx.baseUrl}/api/graphql`, {
    headers: headersOf(actor),
    json: { query: `{ ${names.plural}(limit: 100) { totalDocs } }` },
    method: 'POST',
  })
  return res.body?.data?.[names.plural]?.totalDocs ?? null
}

export type WriteResult = { doc?: Record<string, any>; ok: boolean; status?: number }

export const createDoc = async (
  ctx: DoorContext,
  door: Door,
  actor: Actor,
  collection: string,
  data: Record<string, unknown>,
): Promise<WriteResult> => {
  if (door === 'local') {
    try {
      const doc = await ctx.payload.create({
        collection: collection as 'articles',
        data: data as never,
        depth: 0,
        overrideAccess: false,
        user: actor.user as never,
      })
      return { doc: doc as Record<string, any>, ok: true }
    } catch {
      return { ok: false }
    }
  }
  if (door === 'rest') {
    const res = await request(`${ctx.baseUrl}/api/${collection}?depth=0`, {
      headers: headersOf(actor),
      json: data,
      method: 'POST',
    })
    return { doc: res.body?.doc, ok: res.status === 201, status: res.status }
  }
  const names = GRAPHQL_NAMES[collection]!
  const res = await request(`${ctx.baseUrl}/api/graphql`, {
    headers: headersOf(actor),
    json: { query: `mutation { create${names.singular}(data: ${literal(data)}) { id } }` },
    method: 'POST',
  })
  const doc = res.body?.data?.[`create${names.singular}`]
  return { doc, ok: Boolean(doc && !res.body.errors), status: res.status }
}

export const updateDoc = async (
  ctx: DoorContext,
  door: Door,
  actor: Actor,
  collection: string,
  id: number | string,
  data: Record<string, unknown>,
  { draft = false }: { draft?: boolean } = {},
): Promise<WriteResult> => {
  if (door === 'local') {
    try {
      const doc = await ctx.payload.update({
        collection: collection as 'articles',
        data: data as never,
        depth: 0,
        draft,
        id,
        overrideAccess: false,
        user: actor.user as never,
      })
      return { doc: doc as Record<string, any>, ok: true }
    } catch {
      return { ok: false }
    }
  }
  if (door === 'rest') {
    const res = await request(
      `${ctx.baseUrl}/api/${collection}/${id}?depth=0${draft ? '&draft=true' : ''}`,
      {
        headers: headersOf(actor),
        json: data,
        method: 'PATCH',
      },
    )
    return { doc: res.body?.doc, ok: res.status === 200, status: res.status }
  }
  const names = GRAPHQL_NAMES[collection]!
  const res = await request(`${ctx.baseUrl}/api/graphql`, {
    headers: headersOf(actor),
    json: {
      query: `mutation { update${names.singular}(id: ${JSON.stringify(id)}, data: ${literal(data)}${draft ? ', draft: true' : ''}) { id } }`,
    },
    method: 'POST',
  })
  const doc = res.body?.data?.[`update${names.singular}`]
  return { doc, ok: Boolean(doc && !res.body.errors), status: res.status }
}

export const deleteDoc = async (
  ctx: DoorContext,
  door: Door,
  actor: Actor,
  collection: string,
  id: number | string,
): Promise<WriteResult> => {
  if (door === 'local') {
    try {
      await ctx.payload.delete({
        collection: collection as 'articles',
        id,
        overrideAccess: false,
        user: actor.user as never,
      })
      return { ok: true }
    } catch {
      return { ok: false }
    }
  }
  if (door === 'rest') {
    const res = await request(`${ctx.baseUrl}/api/${collection}/${id}`, {
      headers: headersOf(actor),
      method: 'DELETE',
    })
    return { ok: res.status === 200, status: res.status }
  }
  const names = GRAPHQL_NAMES[collection]!
  const res = await request(`${ctx.baseUrl}/api/graphql`, {
    headers: headersOf(actor),
    json: { query: `mutation { delete${names.singular}(id: ${JSON.stringify(id)}) { id } }` },
    method: 'POST',
  })
  return {
    ok: Boolean(res.body?.data?.[`delete${names.singular}`] && !res.body.errors),
    status: res.status,
  }
}

/** Graphql helper re-exported for specs that need a raw query. */
export { graphql }
