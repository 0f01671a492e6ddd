/**
 * The OpenAPI 3.1 document of the REST API, from plain facts about the configuration (no Payload
 * import: src/plugins/openapi gathers the facts). OpenAPI 3.1 schemas are JSON Schema 2020-12, so
 * the collection schemas Payload derives for payload-types.ts (`configToJSONSchema`) are used as
 * they are, with their `#/definitions/<slug>` references pointed at `#/components/schemas/<Name>`.
 */

export type JsonSchema = { [key: string]: unknown }

export type CollectionFacts = {
  /** Payload's `auth` with its local strategy (email + password login). */
  auth: boolean
  drafts: boolean
  idType: 'number' | 'string'
  /** The collection's JSON Schema, as `configToJSONSchema` gives it. */
  schema: JsonSchema
  slug: string
}

export type DocumentFacts = {
  /** Payload's API route (`/api`). */
  api: string
  collections: CollectionFacts[]
  /** Root and collection endpoints present, as `<method> <full path>` (`post /api/extract`). */
  endpoints: Set<string>
  /** Other top-level definitions `configToJSONSchema` made (fields with an `interfaceName`). */
  extraSchemas: Record<string, JsonSchema>
  locales: string[]
  version: string
}

type Operation = Record<string, unknown>
type PathItem = Record<string, Operation>

const ERROR = { $ref: '#/components/schemas/Error' }

/** `organizations` → `Organization`, as payload-types.ts names it (the schema's title). */
export const schemaName = (slug: string, schema: JsonSchema): string => {
  const title = typeof schema.title === 'string' ? schema.title : slug
  return title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())
}

/**
 * Points every `#/definitions/<key>` reference at the component named for it, and lets an
 * optional select's `enum` hold the `null` its `type` allows: Payload writes
 * `{ type: ['string', 'null'], enum: [...] }`, which a JSON Schema validator reads as never null
 * while the server answers `null` for an unset select.
 */
export const rewriteRefs = (value: unknown, names: Map<string, string>): unknown => {
  if (Array.isArray(value)) {
    return value.map((item) => rewriteRefs(item, names))
  }
  if (value && typeof value === 'object') {
    const out: JsonSchema = {}
    const { enum: options, type } = value as { enum?: unknown; type?: unknown }
    if (
      Array.isArray(options) &&
      Array.isArray(type) &&
      type.includes('null') &&
      !options.includes(null)
    ) {
      return {
        ...(rewriteRefs({ ...value, enum: undefined }, names) as JsonSchema),
        enum: [...options, null],
      }
    }
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref' && typeof inner === 'string' && inner.startsWith('#/definitions/')) {
        const target = inner.slice('#/definitions/'.length)
        out[key] = `#/components/schemas/${names.get(target) ?? target}`
      } else {
        out[key] = rewriteRefs(inner, names)
      }
    }
    return out
  }
  return value
}

/** The fields the server sets: a create or update sends none of them. */
const SERVER_SET = ['id', 'createdAt', 'updatedAt']

/** The write form of a collection schema: no server-set fields. */
export const writeSchema = (schema: JsonSchema, { partial }: { partial: boolean }): JsonSchema => {
  const properties = { ...(schema.properties as Record<string, unknown>) }
  for (const key of SERVER_SET) {
    delete properties[key]
  }
  const required = partial
    ? []
    : ((schema.required as string[] | undefined) ?? []).filter((key) => !SERVER_SET.includes(key))
  const { title: _title, ...rest } = schema
  return { ...rest, properties, required }
}

/**
 * The read form: a collection with drafts answers drafts (`?draft=true`) that may lack any field
 * a publish would require, so only what the server sets is sure to be there.
 */
export const readSchema = (schema: JsonSchema, drafts: boolean): JsonSchema =>
  drafts
    ? {
        ...schema,
        required: ((schema.required as string[] | undefined) ?? []).filter((key) =>
          SERVER_SET.includes(key),
        ),
      }
    : schema

const json = (schema: unknown) => ({ 'application/json': { schema } })

const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [String(code), { $ref: `#/components/responses/Error${code}` }]),
  )

const query = (name: string, description: string, schema: JsonSchema, extra: JsonSchema = {}) => ({
  description,
  in: 'query',
  name,
  schema,
  ...extra,
})

const readParams = (facts: DocumentFacts, drafts: boolean) => [
  query('depth', 'How deep relationships are populated (anonymous callers: at most 3).', {
    maximum: 10,
    minimum: 0,
    type: 'integer',
  }),
  ...(drafts
    ? [
        query('draft', 'Read the latest draft instead of the published version.', {
          type: 'boolean',
        }),
      ]
    : []),
  ...(facts.locales.length
    ? [
        query('locale', 'The locale of localized fields (`all` for every locale).', {
          enum: [...facts.locales, 'all'],
          type: 'string',
        }),
      ]
    : []),
  query(
    'select',
    'Only these fields, e.g. `select[title]=true`.',
    { additionalProperties: true, type: 'object' },
    { explode: true, style: 'deepObject' },
  ),
]

const listParams = (facts: DocumentFacts, drafts: boolean) => [
  query(
    'where',
    'Conditions, e.g. `where[slug][equals]=abc` (Payload query syntax).',
    { additionalProperties: true, type: 'object' },
    { explode: true, style: 'deepObject' },
  ),
  ...readParams(facts, drafts),
  query('limit', 'Documents per page (anonymous callers: at most 100).', {
    minimum: 0,
    type: 'integer',
  }),
  query('page', 'The page, from 1.', { minimum: 1, type: 'integer' }),
  query('sort', 'A field name; `-` first sorts descending (`-publishedAt`).', { type: 'string' }),
  query('pagination', '`false`: no paging counts (the limit still applies).', {
    type: 'boolean',
  }),
]

const idParam = (idType: 'number' | 'string') => ({
  in: 'path',
  name: 'id',
  required: true,
  schema: idType === 'number' ? { type: 'integer' } : { type: 'string' },
})

const paginated = (ref: string): JsonSchema => ({
  properties: {
    docs: { items: { $ref: ref }, type: 'array' },
    hasNextPage: { type: 'boolean' },
    hasPrevPage: { type: 'boolean' },
    limit: { type: 'integer' },
    nextPage: { type: ['integer', 'null'] },
    page: { type: 'integer' },
    pagingCounter: { type: 'integer' },
    prevPage: { type: ['integer', 'null'] },
    totalDocs: { type: 'integer' },
    totalPages: { type: 'integer' },
  },
  required: ['docs', 'hasNextPage', 'hasPrevPage', 'limit'],
  type: 'object',
})

const docMessage = (ref: string): JsonSchema => ({
  properties: { doc: { $ref: ref }, message: { type: 'string' } },
  required: ['doc'],
  type: 'object',
})

const collectionPaths = (facts: DocumentFacts, c: CollectionFacts, name: string) => {
  const base = `${facts.api}/${c.slug}`
  const ref = `#/components/schemas/${name}`
  const tags = [c.slug]
  const paths: Record<string, PathItem> = {
    [base]: {
      get: {
        operationId: `list_${c.slug}`,
        parameters: listParams(facts, c.drafts),
        responses: {
          '200': { content: json(paginated(ref)), description: 'A page.' },
          ...errors(400, 401, 403),
        },
        summary: `List ${c.slug}`,
        tags,
      },
      post: {
        operationId: `create_${c.slug}`,
        parameters: readParams(facts, c.drafts).filter((p) => p.name !== 'select'),
        requestBody: {
          content: json({ $ref: `#/components/schemas/${name}Create` }),
          required: true,
        },
        responses: {
          '201': { content: json(docMessage(ref)), description: 'Created.' },
          ...errors(400, 401, 403),
        },
        summary: `Create a ${name}`,
        tags,
      },
    },
    [`${base}/{id}`]: {
      delete: {
        operationId: `delete_${c.slug}`,
        responses: {
          '200': { content: json(docMessage(ref)), description: 'Deleted.' },
          ...errors(400, 401, 403, 404),
        },
        summary: `Delete a ${name}`,
        tags,
      },
      get: {
        operationId: `get_${c.slug}`,
        parameters: readParams(facts, c.drafts),
        responses: {
          '200': {
            content: json({ $ref: ref }),
            description: 'The document; the `ETag` header serves `If-Match` on a later PATCH.',
          },
          ...errors(400, 401, 403, 404),
        },
        summary: `Read a ${name}`,
        tags,
      },
      parameters: [idParam(c.idType)] as never,
      patch: {
        operationId: `update_${c.slug}`,
        parameters: [
          {
            description: 'The `ETag` last read: an older one answers 412 and changes nothing.',
            in: 'header',
            name: 'If-Match',
            schema: { type: 'string' },
          },
        ],
        requestBody: {
          content: json({ $ref: `#/components/schemas/${name}Update` }),
          required: true,
        },
        responses: {
          '200': { content: json(docMessage(ref)), description: 'Updated.' },
          ...errors(400, 401, 403, 404, 412),
        },
        summary: `Update a ${name}`,
        tags,
      },
    },
  }
  if (c.auth) {
    const credentials = {
      properties: {
        code: {
          description: 'The current six-digit code, for accounts with two-step sign-in.',
          type: 'string',
        },
        email: { format: 'email', type: 'string' },
        password: { type: 'string' },
        recoveryCode: {
          description: 'A recovery code instead of `code` (each works once).',
          type: 'string',
        },
      },
      required: ['email', 'password'],
      type: 'object',
    }
    paths[`${base}/login`] = {
      post: {
        operationId: `login_${c.slug}`,
        requestBody: { content: json(credentials), required: true },
        responses: {
          '200': {
            content: json({
              properties: {
                exp: { type: 'integer' },
                message: { type: 'string' },
                token: { type: 'string' },
                user: { $ref: ref },
              },
              required: ['token', 'user'],
              type: 'object',
            }),
            description: 'Send `Authorization: JWT <token>` afterwards.',
          },
          ...errors(400, 401, 429),
        },
        description:
          'An account with two-step sign-in answers 401 with `errors[0].data.twoFactorRequired: true` until a valid `code` or `recoveryCode` comes with the password.',
        security: [],
        summary: 'Log in',
        tags,
      },
    }
    paths[`${base}/me`] = {
      get: {
        operationId: `me_${c.slug}`,
        responses: {
          '200': {
            content: json({
              properties: { user: { oneOf: [{ $ref: ref }, { type: 'null' }] } },
              type: 'object',
            }),
            description: 'The caller (`user: null` when anonymous).',
          },
        },
        summary: 'Who am I',
        tags,
      },
    }
    paths[`${base}/forgot-password`] = {
      post: {
        operationId: `forgotPassword_${c.slug}`,
        requestBody: {
          content: json({
            properties: { email: { format: 'email', type: 'string' } },
            required: ['email'],
            type: 'object',
          }),
          required: true,
        },
        responses: {
          '200': {
            content: json({ type: 'object' }),
            description: 'Mailed, if the account exists.',
          },
          ...errors(400),
        },
        security: [],
        summary: 'Mail a password reset link',
        tags,
      },
    }
    paths[`${base}/reset-password`] = {
      post: {
        operationId: `resetPassword_${c.slug}`,
        requestBody: {
          content: json({
            properties: { password: { type: 'string' }, token: { type: 'string' } },
            required: ['token', 'password'],
            type: 'object',
          }),
          required: true,
        },
        responses: {
          '200': { content: json({ type: 'object' }), description: 'Reset.' },
          ...errors(400, 403),
        },
        security: [],
        summary: 'Set a new password with the mailed token',
        tags,
      },
    }
  }
  return paths
}

const text = (type: string, description: string) => ({
  content: { [type]: { schema: { type: 'string' } } },
  description,
})

/** The endpoints of the contract beyond the collections, each declared when the server has it. */
const contractPaths = (facts: DocumentFacts): Record<string, PathItem> => {
  const api = facts.api
  const has = (method: string, path: string) => facts.endpoints.has(`${method} ${api}${path}`)
  const paths: Record<string, PathItem> = {}
  const status = (value: string) => ({
    properties: { status: { const: value, type: 'string' } },
    required: ['status'],
    type: 'object',
  })
  paths[`${api}/health`] = {
    get: {
      operationId: 'health',
      responses: {
        '200': { content: json(status('ok')), description: 'The database answers.' },
        '503': { content: json({ type: 'object' }), description: 'The database does not answer.' },
      },
      security: [],
      summary: 'Liveness',
      tags: ['operations'],
    },
  }
  paths[`${api}/ready`] = {
    get: {
      operationId: 'ready',
      responses: {
        '200': { content: json(status('ready')), description: 'Database up, migrations applied.' },
        '503': { content: json({ type: 'object' }), description: 'Not ready.' },
      },
      security: [],
      summary: 'Readiness',
      tags: ['operations'],
    },
  }
  if (has('get', '/sync')) {
    paths[`${api}/sync`] = {
      get: {
        description:
          'The first call (no `since`) lists every published record the caller may read as `upsert`; each `next` token then gives what changed after it, an unpublished or deleted record as `delete`. Changes younger than 2 s wait for the next call.',
        operationId: 'sync',
        parameters: [
          query('since', 'The `next` token of the previous answer.', { type: 'string' }),
          query('limit', 'At most this many changes (default 500).', {
            maximum: 1000,
            minimum: 1,
            type: 'integer',
          }),
        ],
        responses: {
          '200': {
            content: json({ $ref: '#/components/schemas/SyncPage' }),
            description: 'A page of changes, oldest first.',
          },
          ...errors(400),
        },
        summary: 'Changes to mirror, deletions included',
        tags: ['integrators'],
      },
    }
  }
  if (has('get', '/search')) {
    paths[`${api}/search`] = {
      get: {
        operationId: 'search',
        parameters: [
          query(
            'q',
            'The words; case and Vietnamese diacritics do not matter.',
            { type: 'string' },
            { required: true },
          ),
          query('type', 'Only this collection.', { type: 'string' }),
          query('limit', 'At most this many hits.', { minimum: 1, type: 'integer' }),
        ],
        responses: {
          '200': {
            content: json({ $ref: '#/components/schemas/SearchResult' }),
            description: 'Best first; anonymous callers find published content only.',
          },
          ...errors(400),
        },
        summary: 'Search',
        tags: ['search'],
      },
    }
  }
  if (has('post', '/extract')) {
    paths[`${api}/extract`] = {
      post: {
        operationId: 'extract',
        requestBody: {
          content: json({
            properties: { text: { type: 'string' } },
            required: ['text'],
            type: 'object',
          }),
          required: true,
        },
        responses: {
          '200': {
            content: json({ $ref: '#/components/schemas/Extraction' }),
            description: 'What the text names.',
          },
          ...errors(400, 401, 413),
        },
        summary: 'Extract documents, people and organizations from a text',
        tags: ['extract'],
      },
    }
  }
  if (has('post', '/articles/:id/schedule')) {
    paths[`${api}/articles/{id}/schedule`] = {
      post: {
        operationId: 'schedule_articles',
        parameters: [idParam('number')],
        requestBody: {
          content: json({
            properties: {
              at: { format: 'date-time', type: 'string' },
              type: { enum: ['publish', 'unpublish'], type: 'string' },
            },
            required: ['type', 'at'],
            type: 'object',
          }),
          required: true,
        },
        responses: {
          '201': {
            content: json({
              properties: {
                article: {},
                at: { format: 'date-time', type: 'string' },
                id: {},
                type: { enum: ['publish', 'unpublish'], type: 'string' },
              },
              required: ['article', 'at', 'id', 'type'],
              type: 'object',
            }),
            description: 'Queued.',
          },
          ...errors(400, 401, 403, 404),
        },
        summary: 'Schedule a publish or unpublish (bbt, admin)',
        tags: ['articles'],
      },
    }
  }
  const object = { content: json({ type: 'object' }), description: 'Done.' }
  const twoFactor: [string, string, string, string, boolean][] = [
    ['get', '/users/two-factor', 'twoFactorStatus', 'Own two-step sign-in state', false],
    ['post', '/users/two-factor/setup', 'twoFactorSetup', 'Begin two-step sign-in setup', false],
    ['post', '/users/two-factor/confirm', 'twoFactorConfirm', 'Confirm setup with a code', true],
    ['post', '/users/two-factor/disable', 'twoFactorDisable', 'Turn two-step sign-in off', true],
    ['get', '/users/sessions', 'listSessions', 'Own active sessions', false],
  ]
  for (const [method, path, operationId, summary, withBody] of twoFactor) {
    if (has(method, path)) {
      paths[`${api}${path}`] = {
        ...paths[`${api}${path}`],
        [method]: {
          operationId,
          ...(withBody
            ? {
                requestBody: {
                  content: json({
                    properties: { code: { type: 'string' }, recoveryCode: { type: 'string' } },
                    type: 'object',
                  }),
                  required: true,
                },
              }
            : {}),
          responses: { '200': object, ...errors(400, 401) },
          summary,
          tags: ['users'],
        },
      }
    }
  }
  if (has('post', '/users/:id/two-factor/reset')) {
    paths[`${api}/users/{id}/two-factor/reset`] = {
      post: {
        operationId: 'twoFactorReset',
        parameters: [idParam('number')],
        responses: { '200': object, ...errors(401, 403, 404) },
        summary: "Reset an account's two-step sign-in (admin)",
        tags: ['users'],
      },
    }
  }
  if (has('delete', '/users/sessions/:sessionId')) {
    paths[`${api}/users/sessions/{sessionId}`] = {
      delete: {
        operationId: 'endSession',
        parameters: [{ in: 'path', name: 'sessionId', required: true, schema: { type: 'string' } }],
        responses: { '200': object, ...errors(401, 404) },
        summary: 'End one of own sessions',
        tags: ['users'],
      },
    }
  }
  if (has('post', '/articles/:id/preview')) {
    paths[`${api}/articles/{id}/preview`] = {
      post: {
        operationId: 'preview_articles',
        parameters: [idParam('number')],
        responses: {
          '201': {
            content: json({ type: 'object' }),
            description: 'A preview token (and its frontend URL when PREVIEW_URL is set).',
          },
          ...errors(401, 403, 404),
        },
        summary: 'Issue a preview token for a draft (staff)',
        tags: ['articles'],
      },
    }
  }
  if (has('get', '/preview/articles')) {
    paths[`${api}/preview/articles`] = {
      get: {
        operationId: 'readPreview_articles',
        parameters: [
          query('token', 'The preview token.', { type: 'string' }, { required: true }),
          ...(facts.locales.length
            ? [query('locale', 'The locale.', { enum: facts.locales, type: 'string' })]
            : []),
        ],
        responses: {
          '200': {
            content: json({ type: 'object' }),
            description: 'The latest draft, as the token’s issuer reads it.',
          },
          ...errors(400, 401, 404),
        },
        security: [],
        summary: 'Read a draft with a preview token',
        tags: ['articles'],
      },
    }
  }
  const narrow = [
    query('topic', 'A topic slug.', { type: 'string' }),
    query('department', 'A department short name.', { type: 'string' }),
  ]
  if (has('get', '/feeds/articles.xml')) {
    paths[`${api}/feeds/articles.xml`] = {
      get: {
        operationId: 'feedRss',
        parameters: narrow,
        responses: {
          '200': text('application/rss+xml', 'RSS 2.0, newest first.'),
          ...errors(400, 404),
        },
        security: [],
        summary: 'RSS feed of published articles',
        tags: ['feeds'],
      },
    }
  }
  if (has('get', '/feeds/articles.atom')) {
    paths[`${api}/feeds/articles.atom`] = {
      get: {
        operationId: 'feedAtom',
        parameters: narrow,
        responses: {
          '200': text('application/atom+xml', 'Atom, newest first.'),
          ...errors(400, 404),
        },
        security: [],
        summary: 'Atom feed of published articles',
        tags: ['feeds'],
      },
    }
  }
  if (has('get', '/sitemap.xml')) {
    paths[`${api}/sitemap.xml`] = {
      get: {
        operationId: 'sitemap',
        responses: { '200': text('application/xml', 'A sitemap, or a sitemap index.') },
        security: [],
        summary: 'Sitemap',
        tags: ['feeds'],
      },
    }
  }
  if (has('get', '/sitemaps/:file')) {
    paths[`${api}/sitemaps/{file}`] = {
      get: {
        operationId: 'sitemapPart',
        parameters: [{ in: 'path', name: 'file', required: true, schema: { type: 'string' } }],
        responses: { '200': text('application/xml', 'One sitemap of the index.'), ...errors(404) },
        security: [],
        summary: 'A sitemap of the sitemap index',
        tags: ['feeds'],
      },
    }
  }
  paths[`${api}/openapi.json`] = {
    get: {
      operationId: 'openapi',
      responses: { '200': { content: json({ type: 'object' }), description: 'This document.' } },
      security: [],
      summary: 'This OpenAPI document',
      tags: ['operations'],
    },
  }
  paths[`${api}/docs`] = {
    get: {
      operationId: 'docs',
      responses: { '200': text('text/html', 'This document as a page.') },
      security: [],
      summary: 'This document, readable',
      tags: ['operations'],
    },
  }
  return paths
}

const sharedSchemas: Record<string, JsonSchema> = {
  Error: {
    description: 'Every error: a 4xx for bad input, never a stack trace.',
    properties: {
      errors: {
        items: {
          properties: { message: { type: 'string' } },
          required: ['message'],
          type: 'object',
        },
        minItems: 1,
        type: 'array',
      },
    },
    required: ['errors'],
    type: 'object',
  },
  Extraction: {
    properties: {
      documents: {
        items: {
          properties: {
            issuedOn: { type: ['string', 'null'] },
            issuer: { type: ['string', 'null'] },
            kind: { type: 'string' },
            number: { type: ['string', 'null'] },
          },
          required: ['kind', 'number', 'issuedOn', 'issuer'],
          type: 'object',
        },
        type: 'array',
      },
      organizations: {
        items: { properties: { name: { type: 'string' } }, required: ['name'], type: 'object' },
        type: 'array',
      },
      people: {
        items: {
          properties: {
            honorific: { type: ['string', 'null'] },
            name: { type: 'string' },
            positions: {
              items: {
                properties: {
                  organization: { type: ['string', 'null'] },
                  title: { type: ['string', 'null'] },
                },
                type: 'object',
              },
              type: 'array',
            },
          },
          required: ['name', 'honorific', 'positions'],
          type: 'object',
        },
        type: 'array',
      },
    },
    required: ['documents', 'people', 'organizations'],
    type: 'object',
  },
  SyncPage: {
    properties: {
      changes: {
        items: {
          properties: {
            at: { format: 'date-time', type: 'string' },
            collection: { type: 'string' },
            id: { type: ['integer', 'string'] },
            type: { enum: ['upsert', 'delete'], type: 'string' },
          },
          required: ['collection', 'id', 'type', 'at'],
          type: 'object',
        },
        type: 'array',
      },
      hasMore: { type: 'boolean' },
      next: { type: 'string' },
    },
    required: ['changes', 'next', 'hasMore'],
    type: 'object',
  },
  SearchResult: {
    properties: {
      docs: {
        items: {
          properties: {
            collection: { type: 'string' },
            id: { type: ['integer', 'string'] },
            slug: { type: ['string', 'null'] },
            snippet: { type: ['string', 'null'] },
            title: { type: 'string' },
          },
          required: ['collection', 'id', 'title'],
          type: 'object',
        },
        type: 'array',
      },
      totalDocs: { type: 'integer' },
    },
    required: ['docs', 'totalDocs'],
    type: 'object',
  },
}

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad input.',
  401: 'Not logged in, or the credentials are wrong.',
  403: 'Not allowed.',
  404: 'Not found.',
  412: 'The `If-Match` ETag is not the current one.',
  413: 'The body is too large.',
  429: 'Too many requests; see `Retry-After`.',
}

export const buildOpenApiDocument = (facts: DocumentFacts): JsonSchema => {
  const names = new Map<string, string>()
  for (const c of facts.collections) {
    names.set(c.slug, schemaName(c.slug, c.schema))
  }
  const schemas: Record<string, JsonSchema> = { ...sharedSchemas }
  for (const [key, schema] of Object.entries(facts.extraSchemas)) {
    schemas[key] = rewriteRefs(schema, names) as JsonSchema
  }
  let paths: Record<string, PathItem> = {}
  for (const c of facts.collections) {
    const name = names.get(c.slug) as string
    const schema = rewriteRefs(c.schema, names) as JsonSchema
    schemas[name] = readSchema(schema, c.drafts)
    schemas[`${name}Create`] = writeSchema(schema, { partial: c.drafts })
    schemas[`${name}Update`] = writeSchema(schema, { partial: true })
    paths = { ...paths, ...collectionPaths(facts, c, name) }
  }
  paths = { ...paths, ...contractPaths(facts) }
  return {
    components: {
      responses: Object.fromEntries(
        Object.entries(ERROR_TEXT).map(([code, description]) => [
          `Error${code}`,
          { content: json(ERROR), description },
        ]),
      ),
      schemas,
      securitySchemes: {
        APIKey: {
          description: 'An integrator key: `Authorization: api-clients API-Key <key>`.',
          in: 'header',
          name: 'Authorization',
          type: 'apiKey',
        },
        Bearer: {
          description:
            "An integrator key as `Authorization: Bearer <key>`, or a person's token as `Bearer <token>`. A key past its expiry date is refused with 401.",
          scheme: 'bearer',
          type: 'http',
        },
        JWT: {
          description:
            'A person: `Authorization: JWT <token>`, the token from `POST /api/users/login`.',
          in: 'header',
          name: 'Authorization',
          type: 'apiKey',
        },
      },
    },
    info: {
      description:
        'REST API của cổng thông tin điện tử tỉnh (Payload CMS). Errors are `{ "errors": [{ "message" }] }`. Anonymous callers read published content.',
      title: 'Cổng thông tin – REST API',
      version: facts.version,
    },
    openapi: '3.1.0',
    paths,
    // Anonymous access is allowed wherever the collection's access rules allow it.
    security: [{}, { JWT: [] }, { APIKey: [] }, { Bearer: [] }],
    tags: [
      ...facts.collections.map((c) => ({ name: c.slug })),
      { name: 'search' },
      { name: 'extract' },
      { name: 'feeds' },
      { name: 'operations' },
    ],
  }
}
