import { Ajv2020 } from 'ajv/dist/2020.js'

import type { CollectionFacts } from '../../src/lib/openapi/document'

import {
  buildOpenApiDocument,
  readSchema,
  rewriteRefs,
  schemaName,
  writeSchema,
} from '../../src/lib/openapi/document'
import { renderDocsHtml } from '../../src/lib/openapi/html'

const organization: CollectionFacts = {
  auth: false,
  drafts: true,
  idType: 'number',
  schema: {
    additionalProperties: false,
    properties: {
      createdAt: { type: 'string' },
      id: { type: 'number' },
      kind: { enum: ['so', 'ban'], type: ['string', 'null'] },
      name: { type: 'string' },
      parent: { oneOf: [{ type: ['number', 'null'] }, { $ref: '#/definitions/organizations' }] },
      updatedAt: { type: 'string' },
    },
    required: ['id', 'name', 'updatedAt', 'createdAt'],
    title: 'Organization',
    type: 'object',
  },
  slug: 'organizations',
}

const facts = (endpoints: string[] = []) => ({
  api: '/api',
  collections: [organization],
  endpoints: new Set(endpoints),
  extraSchemas: {},
  locales: ['vi', 'en'],
  version: '1.0.0',
})

describe('OpenAPI document helpers', () => {
  it('should name schemas as payload-types.ts does and point references at components', () => {
    expect(schemaName('api-clients', { title: 'ApiClient' })).toBe('ApiClient')
    expect(schemaName('audit-log', {})).toBe('auditLog')
    const names = new Map([['organizations', 'Organization']])
    expect(rewriteRefs({ items: [{ $ref: '#/definitions/organizations' }] }, names)).toEqual({
      items: [{ $ref: '#/components/schemas/Organization' }],
    })
  })

  it('should let an optional select be null, as the server answers it', () => {
    const schema = rewriteRefs(organization.schema, new Map()) as any
    const ajv = new Ajv2020({ strict: false })
    expect(ajv.validate(schema.properties.kind, null)).toBe(true)
    expect(ajv.validate(schema.properties.kind, 'other')).toBe(false)
  })

  it('should leave server-set fields out of the write forms and relax drafts on read', () => {
    const create = writeSchema(organization.schema, { partial: false }) as any
    expect(Object.keys(create.properties)).toEqual(['kind', 'name', 'parent'])
    expect(create.required).toEqual(['name'])
    expect((writeSchema(organization.schema, { partial: true }) as any).required).toEqual([])
    expect(readSchema(organization.schema, true).required).toEqual(['id', 'updatedAt', 'createdAt'])
    expect(readSchema(organization.schema, false).required).toEqual(organization.schema.required)
  })

  it('should declare contract endpoints only when the server has them', () => {
    const bare = buildOpenApiDocument(facts()) as any
    expect(bare.paths['/api/search']).toBeUndefined()
    expect(bare.paths['/api/health']).toBeDefined()
    const full = buildOpenApiDocument(facts(['get /api/search', 'post /api/extract'])) as any
    expect(full.paths['/api/search'].get.parameters[0]).toMatchObject({ name: 'q', required: true })
    expect(full.paths['/api/extract'].post).toBeDefined()
    expect(full.paths['/api/organizations'].get.parameters.map((p: any) => p.name)).toEqual([
      'where',
      'depth',
      'draft',
      'locale',
      'select',
      'limit',
      'page',
      'sort',
      'pagination',
    ])
    expect(full.paths['/api/organizations/login']).toBeUndefined()
  })

  it('should render a page that escapes what it shows and loads nothing', () => {
    const html = renderDocsHtml(
      {
        info: { title: 'A <b>API</b>' },
        paths: {
          '/api/x': { get: { responses: { '200': { description: 'ok' } }, summary: '<script>' } },
        },
      },
      '/api/openapi.json',
    )
    expect(html).toContain('A &lt;b&gt;API&lt;/b&gt;')
    expect(html).not.toContain('<script')
    expect(html).toContain('<code>/api/x</code>')
  })
})
