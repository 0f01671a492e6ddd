/**
 * The world the fuzz suite and the regressions it found run against: the test accounts, drafts and
 * published records of two departments in each scoped collection, a sandbox record per collection
 * that tests may edit, and the checks every answer goes through (shape, internals, leaks).
 * Setup and read-backs are system work (overrideAccess: true); every request under test goes
 * through HTTP with the caller's own credentials.
 */
import type { Where } from 'payload'

import type { Id } from '../../src/lib/types'
import type { RequestShape, Sent } from './answers'
import type { TestServer } from './startServer'
import type { World } from './world'

import { afterAll, beforeAll } from '@jest/globals'

import { slugs } from '../../src/slugs'
import { assertWellFormed, problem, send, topDocs } from './answers'
import { startServer } from './startServer'
import { buildWorld } from './world'

export type Doc = Record<string, any>
export type FuzzActor = 'anonymous' | 'editor' | 'junk'

export const SCOPED = [slugs.articles, slugs.people, slugs.plans] as const
export type Scoped = (typeof SCOPED)[number]
export const isScoped = (slug: string): slug is Scoped =>
  (SCOPED as readonly string[]).includes(slug)

/** Words only drafts contain: finding one in an answer is a leak, whatever the shape. */
export const MARK = {
  bqlDraft: 'zqxnhapbql',
  orgDraft: 'zqxcoquannhap',
  snvDraft: 'zqxnhapsnv',
  snvPending: 'zqxchoduyetsnv',
}
export const ANONYMOUS_MUST_NOT_SEE = Object.values(MARK)
export const EDITOR_MUST_NOT_SEE = [MARK.snvDraft, MARK.snvPending]

/** Collections an anonymous caller never reads a record of. */
export const STAFF_ONLY = [
  slugs.users,
  slugs.apiClients,
  slugs.auditLog,
  'search-index',
  'payload-preferences',
  'payload-locked-documents',
  'payload-migrations',
  'payload-jobs',
  'webhooks',
  'webhook-deliveries',
]
/** Collections the editor never reads (users: only their own account). */
export const EDITOR_NEVER = [
  slugs.apiClients,
  slugs.auditLog,
  'search-index',
  'payload-migrations',
  'webhooks',
  'webhook-deliveries',
]

/** The search endpoint, `GET /api/search`; its hits name their collection. */
export const SEARCH = 'search'

/** Organizations' join fields and the collection each lists. */
export const JOINS: Record<string, Scoped> = {
  articles: 'articles',
  departmentArticles: 'articles',
  people: 'people',
  plans: 'plans',
}

export const idOf = (value: unknown): unknown =>
  value && typeof value === 'object' && 'id' in value ? (value as { id: unknown }).id : value
export const sameId = (a: unknown, b: unknown) =>
  a !== null && a !== undefined && String(a) === String(b)

/** Builds the world on a started server; returns its records and the calls that check answers. */
export const buildFuzzWorld = async (server: TestServer) => {
  const world: World = await buildWorld(server.payload, server.url)
  const ids = {} as Record<
    Scoped,
    {
      bqlDraft: Id
      bqlPublished: Id
      sandbox: Id
      snvDraft: Id
      snvPending: Id
      snvPublished: Id
    }
  >
  /** Ids anonymous callers must never receive, per collection. */
  const hiddenFromAnonymous: Record<string, Set<string>> = {}
  /** Ids the BQLKKT editor must never receive, per collection. */
  const hiddenFromEditor: Record<string, Set<string>> = {}
  /** How many records of each collection anonymous callers / the editor may see at most. */
  const visibleToAnonymous: Record<string, number> = {}
  const visibleToEditor: Record<string, number> = {}
  let allSlugs: string[] = []
  let junkCredentials: Record<string, string>[] = []

  const editorHeaders = () => ({
    authorization: world.actors.editorBql.authorization!,
  })
  const headersFor = (actor: FuzzActor, junk: number): Record<string, string> =>
    actor === 'editor'
      ? editorHeaders()
      : actor === 'junk'
        ? junkCredentials[junk % junkCredentials.length]!
        : {}

  /** Every record's id and updatedAt, and each collection's version count: the database's state. */
  const snapshot = async (except: string[] = []) => {
    const state: Record<string, unknown> = {}
    for (const slug of allSlugs.filter((slug) => !except.includes(slug))) {
      const collection = server.payload.collections[slug as 'articles']
      // System verification: the whole table, whatever any caller may read.
      const { docs } = await server.payload.find({
        collection: slug as 'articles',
        depth: 0,
        overrideAccess: true,
        pagination: false,
        select: { updatedAt: true } as never,
      })
      state[slug] = (docs as Doc[]).map((doc) => `${doc.id}@${String(doc.updatedAt)}`).sort()
      if (collection.config.versions) {
        const versions = await server.payload.countVersions({
          collection: slug as 'articles',
          overrideAccess: true,
        })
        state[`${slug}:versions`] = versions.totalDocs
      }
    }
    return state
  }

  const { payload } = server
  const { bql, snv } = world.orgs
  // System setup: the records under test are created without access control.
  const topic: Id = (
    await payload.create({
      collection: 'topics',
      data: { name: 'Kinh tế' },
      overrideAccess: true,
    })
  ).id
  const orgDraft: Id = (
    await payload.create({
      collection: 'organizations',
      data: { _status: 'draft', name: `Phòng ${MARK.orgDraft}` },
      overrideAccess: true,
    })
  ).id
  let serial = 0
  const record = async (
    collection: Scoped,
    department: Id,
    status: 'draft' | 'published',
    words: string,
  ) => {
    serial += 1
    const data: Record<Scoped, Doc> = {
      articles: {
        organizations: [department],
        summary: `Tóm tắt ${words}`,
        title: `Tin ${words}`,
      },
      people: {
        name: `Nguyễn Văn ${words}`,
        positions: [{ organization: department, title: `Chuyên viên ${words}` }],
      },
      plans: {
        issuedOn: '2024-03-01',
        issuer: department,
        number: `${serial}/KH-FUZZ`,
        title: `Kế hoạch ${words}`,
      },
    }
    return (
      await payload.create({
        collection,
        data: { ...data[collection], _status: status, department } as never,
        // System setup: the world the fuzzed requests run against.
        overrideAccess: true,
      })
    ).id
  }
  for (const collection of SCOPED) {
    const snvPending = await record(collection, snv, 'published', 'chờ sửa SNV')
    // A published record with a newer, unpublished edit: the edit is a draft too.
    await payload.update({
      collection,
      data: (collection === 'people'
        ? { name: `Nguyễn Văn ${MARK.snvPending}` }
        : { title: `Bản sửa ${MARK.snvPending}` }) as never,
      draft: true,
      id: snvPending,
      // System setup, as above.
      overrideAccess: true,
    })
    ids[collection] = {
      bqlDraft: await record(collection, bql, 'draft', `nháp ${MARK.bqlDraft}`),
      bqlPublished: await record(collection, bql, 'published', 'công khai BQL'),
      sandbox: await record(collection, bql, 'draft', 'hộp cát'),
      snvDraft: await record(collection, snv, 'draft', `nháp ${MARK.snvDraft}`),
      snvPending,
      snvPublished: await record(collection, snv, 'published', 'công khai SNV'),
    }
    const { bqlDraft, sandbox, snvDraft } = ids[collection]
    hiddenFromAnonymous[collection] = new Set([bqlDraft, sandbox, snvDraft].map(String))
    hiddenFromEditor[collection] = new Set([String(snvDraft)])
  }
  hiddenFromAnonymous.organizations = new Set([String(orgDraft)])

  allSlugs = payload.config.collections.map(({ slug }) => slug)
  const fieldsOf: Record<string, string[]> = Object.fromEntries(
    payload.config.collections.map(({ flattenedFields, slug }) => {
      const names: string[] = ['id']
      for (const field of flattenedFields) {
        names.push(field.name)
        if ('flattenedFields' in field && Array.isArray(field.flattenedFields)) {
          names.push(...field.flattenedFields.map((inner) => `${field.name}.${inner.name}`))
        }
        if (field.type === 'relationship' || field.type === 'upload') {
          names.push(`${field.name}.name`, `${field.name}.title`, `${field.name}._status`)
        }
      }
      return [slug, names]
    }),
  )
  for (const slug of allSlugs) {
    // System verification of the world: how many records each caller could possibly see.
    const total = (where?: Where) =>
      payload
        .count({
          collection: slug as 'articles',
          overrideAccess: true,
          where,
        })
        .then((result) => result.totalDocs)
    const published = payload.collections[slug as 'articles'].config.versions?.drafts
    visibleToAnonymous[slug] = STAFF_ONLY.includes(slug)
      ? 0
      : published
        ? await total({ _status: { equals: 'published' } })
        : await total()
    visibleToEditor[slug] = isScoped(slug)
      ? await total({
          or: [{ _status: { equals: 'published' } }, { department: { equals: bql } }],
        })
      : slug === slugs.users
        ? 1
        : EDITOR_NEVER.includes(slug)
          ? 0
          : await total()
  }
  const allIds: Id[] = [
    ...Object.values(world.orgs),
    orgDraft,
    topic,
    ...SCOPED.flatMap((collection) => Object.values(ids[collection])),
    ...Object.values(world.actors).map((actor) => (actor.user?.id as Id | undefined) ?? 0),
  ]
  const editorId: Id = world.actors.editorBql.user!.id as Id
  const token = world.actors.editorBql.authorization!.replace(/^JWT /, '')
  const [header, claims, signature] = token.split('.')
  junkCredentials = [
    { authorization: 'JWT not-a-token' },
    { authorization: 'Bearer abc.def.ghi' },
    {
      authorization: `JWT ${header}.${claims}.${signature!.slice(0, -4)}AAAA`,
    },
    {
      authorization: `JWT ${header}.${Buffer.from('{"id":1,"collection":"users"}').toString('base64url')}.${signature}`,
    },
    { authorization: 'api-clients API-Key not-a-key-0123456789abcdef' },
    { authorization: 'users API-Key nothing' },
    { authorization: 'JWT ' },
    { cookie: 'payload-token=junk' },
    { cookie: `payload-token=${header}.${claims}.AAAA` },
  ]

  /** Leak checks of an answer to `actor` about `collection`; `strict` when all fields were asked. */
  const assertNoLeak = (
    sent: Sent,
    request: unknown,
    actor: FuzzActor,
    collection: null | string,
    { strict = false, versions = false }: { strict?: boolean; versions?: boolean } = {},
  ) => {
    if (sent.status >= 300) {
      return
    }
    const anonymous = actor !== 'editor'
    const words = anonymous ? ANONYMOUS_MUST_NOT_SEE : EDITOR_MUST_NOT_SEE
    const word = words.find((mark) => sent.text.includes(mark))
    if (word) {
      problem(`${actor} received a draft ("${word}")`, sent, request)
    }
    if (!collection) {
      return
    }
    const body = sent.json as Doc
    const docs = topDocs(body)
    const limit = (anonymous ? visibleToAnonymous : visibleToEditor)[collection]
    const total = typeof body?.totalDocs === 'number' ? body.totalDocs : docs.length
    if (limit !== undefined && total > limit) {
      problem(
        `${actor} counted ${total} ${collection}, more than the ${limit} it may see`,
        sent,
        request,
      )
    }
    if (versions) {
      const ownOnly = !anonymous && isScoped(collection)
      for (const doc of docs) {
        if (!ownOnly || !sameId(idOf(doc.version?.department), world.orgs.bql)) {
          problem(`${actor} received a version of ${collection}`, sent, request)
        }
      }
      return
    }
    const hiddenSets = anonymous ? hiddenFromAnonymous : hiddenFromEditor
    for (const doc of docs) {
      // A search hit names its collection; a record is of the collection asked.
      const owner = collection === SEARCH ? String(doc.collection) : collection
      if (hiddenSets[owner]?.has(String(doc.id))) {
        problem(`${actor} received hidden ${owner} ${doc.id}`, sent, request)
      }
      if (anonymous && STAFF_ONLY.includes(collection)) {
        problem(`${actor} received a ${collection} record`, sent, request)
      }
      if (!anonymous && EDITOR_NEVER.includes(collection)) {
        problem(`the editor received a ${collection} record`, sent, request)
      }
      if (!anonymous && collection === slugs.users && !sameId(doc.id, editorId)) {
        problem('the editor received another account', sent, request)
      }
      if (anonymous && (isScoped(collection) || collection === slugs.organizations)) {
        if (doc._status !== 'published' && (strict || '_status' in doc)) {
          problem(`${actor} received ${collection} with _status ${doc._status}`, sent, request)
        }
      }
      if (!anonymous && isScoped(collection) && doc._status === 'draft' && 'department' in doc) {
        if (!sameId(idOf(doc.department), world.orgs.bql)) {
          problem(`the editor received another department's draft ${collection}`, sent, request)
        }
      }
      if (collection === slugs.organizations) {
        for (const [field, target] of Object.entries(JOINS)) {
          const joined = Array.isArray(doc[field]?.docs) ? doc[field].docs : []
          const hiddenJoined = (anonymous ? hiddenFromAnonymous : hiddenFromEditor)[target]
          const leaked = joined.find((item: unknown) => hiddenJoined?.has(String(idOf(item))))
          if (leaked !== undefined) {
            problem(`${actor} received hidden ${target} through join ${field}`, sent, request)
          }
        }
      }
    }
  }

  /** A request as an actor, answered and checked for shape and internals. */
  const call = async (
    actor: FuzzActor,
    path: string,
    { body, contentType = 'application/json', method = 'GET' }: RequestShape = {},
  ) => {
    const request = { actor, body, contentType, method, path }
    const sent = await send(`${server.url}${path}`, {
      body: typeof body === 'string' || body === undefined ? body : JSON.stringify(body),
      headers: {
        ...headersFor(actor, 0),
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      method,
    })
    assertWellFormed(sent, request)
    return sent
  }

  /** Fails on a GraphQL error from inside the server; returns the answer. */
  const graphqlCall = async (actor: FuzzActor, query: string) => {
    const sent = await call(actor, '/api/graphql', { body: { query }, method: 'POST' })
    const errors = (sent.json as { errors?: Doc[] }).errors ?? []
    const internal = errors.find((error) => (error.extensions?.statusCode ?? 0) >= 500)
    if (internal) {
      problem('a GraphQL error from inside the server', sent, { actor, query })
    }
    return sent.json as { data?: Doc; errors?: Doc[] }
  }

  // The smallest failing cases the fuzzer found, kept as they were found: each was a 5xx, a
  // hang or a leak before its fix.
  // Regressions it found that need the world below (an editor, drafts, sandbox records); those

  return {
    allIds,
    allSlugs,
    assertNoLeak,
    call,
    editorId,
    fieldsOf,
    graphqlCall,
    headersFor,
    hiddenFromAnonymous,
    hiddenFromEditor,
    ids,
    junkCredentials,
    orgDraft,
    snapshot,
    topic,
    visibleToAnonymous,
    visibleToEditor,
    world,
  }
}

export type FuzzWorld = Awaited<ReturnType<typeof buildFuzzWorld>>

/**
 * The fuzz world of one describe block: its own server (no rate limits) started and the world built
 * before the block's tests, the server stopped after them. Read `suite.fuzz` and `suite.server`
 * inside tests (they are set once `beforeAll` has run).
 */
export const fuzzWorldPerSuite = (): { fuzz: FuzzWorld; server: TestServer } => {
  const suite = {} as { fuzz: FuzzWorld; server: TestServer }
  beforeAll(async () => {
    suite.server = await startServer({ rateLimits: false })
    suite.fuzz = await buildFuzzWorld(suite.server)
  })
  afterAll(async () => {
    await suite.server?.cleanup()
  })
  return suite
}
