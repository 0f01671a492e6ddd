import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormatsImport from 'ajv-formats'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import openapiTS, { astToString } from 'openapi-typescript'

import type { TestServer } from '../helpers/startServer'
import type { World } from '../helpers/world'

import { latestArticles, organization } from '../integrators/openapi-client'
import { request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { buildWorld } from '../helpers/world'

// ajv-formats is CommonJS: its function is the default export's default under ESM.
const addFormats = ((addFormatsImport as unknown as { default?: unknown }).default ??
  addFormatsImport) as typeof addFormatsImport

const TYPES_FILE = path.resolve(process.cwd(), 'tests/integrators/openapi-types.ts')

type Doc = {
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> }
  openapi: string
  paths: Record<string, Record<string, any>>
}

/** JSON Pointer escaping of one path segment. */
const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1')

describe('OpenAPI document (GET /api/openapi.json) and its page (GET /api/docs)', () => {
  let server: TestServer
  let world: World
  let doc: Doc
  let ajv: Ajv2020
  let articleId: number

  /** Checks a real response against what the document declares for it. */
  const conforms = (
    route: string,
    method: string,
    response: { body: unknown; status: number },
  ): void => {
    const declared = doc.paths[route]?.[method]?.responses?.[String(response.status)]
    expect(declared).toBeDefined()
    const schemaPath = declared.$ref
      ? `${declared.$ref}/content/application~1json/schema`
      : `#/paths/${pointer(route)}/${method}/responses/${response.status}/content/application~1json/schema`
    const validate = ajv.getSchema(`openapi.json${schemaPath}`)
    if (!validate) {
      throw new Error(`no schema at ${schemaPath}`)
    }
    const ok = validate(response.body)
    if (!ok) {
      throw new Error(
        `${method.toUpperCase()} ${route} ${response.status} does not match: ${ajv.errorsText(validate.errors)}`,
      )
    }
  }

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    world = await buildWorld(server.payload, server.url)
    // System setup: a published article to read.
    const article = await server.payload.create({
      collection: 'articles',
      data: {
        _status: 'published',
        department: world.orgs.bql,
        publishedAt: new Date().toISOString(),
        title: 'Hội nghị triển khai kế hoạch',
      } as never,
      overrideAccess: true,
    })
    articleId = article.id as number
    const fetched = await request<Doc>(`${server.url}/api/openapi.json`)
    expect(fetched.status).toBe(200)
    doc = fetched.body
    ajv = new Ajv2020({ allErrors: true, strict: false })
    addFormats(ajv)
    ajv.addSchema(doc as object, 'openapi.json')
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should serve an OpenAPI 3.1 document anonymously, as JSON, the same each time', async () => {
    const again = await fetch(`${server.url}/api/openapi.json`)
    expect(again.status).toBe(200)
    expect(again.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await again.json()).toEqual(doc)
    expect(doc.openapi).toMatch(/^3\.1\./)
  })

  it('should declare every collection, the contract endpoints, the auth schemes and the error shape', () => {
    for (const slug of ['articles', 'people', 'organizations', 'plans', 'users', 'media']) {
      expect(Object.keys(doc.paths[`/api/${slug}`])).toEqual(
        expect.arrayContaining(['get', 'post']),
      )
      expect(Object.keys(doc.paths[`/api/${slug}/{id}`])).toEqual(
        expect.arrayContaining(['get', 'patch', 'delete']),
      )
    }
    const listParams = doc.paths['/api/articles'].get.parameters.map((p: any) => p.name)
    expect(listParams).toEqual(
      expect.arrayContaining([
        'where',
        'depth',
        'draft',
        'locale',
        'limit',
        'page',
        'sort',
        'select',
        'pagination',
      ]),
    )
    for (const route of [
      '/api/search',
      '/api/sync',
      '/api/extract',
      '/api/articles/{id}/schedule',
      '/api/articles/{id}/preview',
      '/api/preview/articles',
      '/api/feeds/articles.xml',
      '/api/sitemap.xml',
      '/api/health',
      '/api/ready',
      '/api/users/login',
    ]) {
      expect(doc.paths[route]).toBeDefined()
    }
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['APIKey', 'Bearer', 'JWT'])
    expect(doc.components.schemas.Error).toMatchObject({ required: ['errors'] })
    // The write form has no server-set fields.
    const create = doc.components.schemas.ArticleCreate as { properties: object }
    expect(Object.keys(create.properties)).not.toEqual(expect.arrayContaining(['id']))
    expect(Object.keys(create.properties)).not.toContain('createdAt')
  })

  it('should describe real list, read and create answers by their declared schemas', async () => {
    const list = await request(
      `${server.url}/api/articles?depth=1&limit=10&where[title][like]=${encodeURIComponent('Hội nghị')}`,
    )
    expect(list.status).toBe(200)
    expect(list.body.docs.length).toBeGreaterThan(0)
    conforms('/api/articles', 'get', list)

    const one = await request(`${server.url}/api/articles/${articleId}?depth=2`)
    expect(one.status).toBe(200)
    conforms('/api/articles/{id}', 'get', one)

    for (const slug of ['organizations', 'users']) {
      const read = await request(`${server.url}/api/${slug}?depth=1`, {
        headers: { authorization: world.actors.admin.authorization as string },
      })
      expect(read.status).toBe(200)
      conforms(`/api/${slug}`, 'get', read)
    }

    const created = await request(`${server.url}/api/articles`, {
      headers: { authorization: world.actors.bbt.authorization as string },
      json: { _status: 'draft', department: world.orgs.snv, title: 'Bản nháp của ban biên tập' },
      method: 'POST',
    })
    expect(created.status).toBe(201)
    conforms('/api/articles', 'post', created)

    const draft = await request(`${server.url}/api/articles/${created.body.doc.id}?draft=true`, {
      headers: { authorization: world.actors.bbt.authorization as string },
    })
    expect(draft.status).toBe(200)
    conforms('/api/articles/{id}', 'get', draft)
  })

  it('should describe real 400, 401, 403 and 404 answers by the error shape', async () => {
    const bad = await request(`${server.url}/api/articles`, {
      headers: { authorization: world.actors.bbt.authorization as string },
      json: { _status: 'published', title: '' },
      method: 'POST',
    })
    expect(bad.status).toBe(400)
    conforms('/api/articles', 'post', bad)

    const anonymous = await request(`${server.url}/api/extract`, {
      json: { text: 'Kế hoạch số 82/KH-BQLKKT' },
      method: 'POST',
    })
    expect(anonymous.status).toBe(401)
    conforms('/api/extract', 'post', anonymous)

    const forbidden = await request(`${server.url}/api/articles`, {
      json: { title: 'x' },
      method: 'POST',
    })
    expect(forbidden.status).toBe(403)
    conforms('/api/articles', 'post', forbidden)

    const missing = await request(`${server.url}/api/articles/987654`)
    expect(missing.status).toBe(404)
    conforms('/api/articles/{id}', 'get', missing)

    const editorSchedules = await request(`${server.url}/api/articles/${articleId}/schedule`, {
      headers: { authorization: world.actors.editorBql.authorization as string },
      json: { at: new Date(Date.now() + 3_600_000).toISOString(), type: 'publish' },
      method: 'POST',
    })
    expect(editorSchedules.status).toBe(403)
    conforms('/api/articles/{id}/schedule', 'post', editorSchedules)
  })

  it('should describe the contract endpoints by what they answer', async () => {
    const health = await request(`${server.url}/api/health`)
    conforms('/api/health', 'get', health)
    const ready = await request(`${server.url}/api/ready`)
    conforms('/api/ready', 'get', ready)
    const search = await request(`${server.url}/api/search?q=hoi%20nghi`)
    expect(search.body.totalDocs).toBeGreaterThan(0)
    conforms('/api/search', 'get', search)
    const sync = await request(`${server.url}/api/sync?limit=5`)
    expect(sync.status).toBe(200)
    expect(sync.body.changes.length).toBeGreaterThan(0)
    conforms('/api/sync', 'get', sync)
    const badToken = await request(`${server.url}/api/sync?since=nonsense`)
    expect(badToken.status).toBe(400)
    conforms('/api/sync', 'get', badToken)
    const extract = await request(`${server.url}/api/extract`, {
      headers: { authorization: world.actors.editorBql.authorization as string },
      json: { text: 'Thực hiện Kế hoạch số 82/KH-BQLKKT ngày 15/3/2024 của Ban Quản lý.' },
      method: 'POST',
    })
    expect(extract.status).toBe(200)
    conforms('/api/extract', 'post', extract)
    const schedule = await request(`${server.url}/api/articles/${articleId}/schedule`, {
      headers: { authorization: world.actors.bbt.authorization as string },
      json: { at: new Date(Date.now() + 3_600_000).toISOString(), type: 'unpublish' },
      method: 'POST',
    })
    expect(schedule.status).toBe(201)
    conforms('/api/articles/{id}/schedule', 'post', schedule)
    const login = await request(`${server.url}/api/users/login`, {
      json: { email: 'bbt@test.vn', password: 'wrong-password' },
      method: 'POST',
    })
    expect(login.status).toBe(401)
    conforms('/api/users/login', 'post', login)
  })

  it('should declare only routes the server has: no declared GET without parameters is a 404', async () => {
    const plain = Object.entries(doc.paths).filter(
      ([route, item]) => !route.includes('{') && item.get,
    )
    expect(plain.length).toBeGreaterThan(10)
    for (const [route] of plain) {
      const response = await fetch(`${server.url}${route}`, {
        headers: { authorization: world.actors.admin.authorization as string },
      })
      await response.arrayBuffer()
      expect([route, response.status < 500 && response.status !== 404]).toEqual([route, true])
    }
  })

  it('should give a client generated from it that compiles and reads the real server', async () => {
    // The committed types are what openapi-typescript makes of the served document (tsc checks
    // tests/integrators/openapi-client.ts against them); OPENAPI_WRITE=1 rewrites them.
    const generated = astToString(await openapiTS(doc as never))
    if (process.env.OPENAPI_WRITE === '1') {
      writeFileSync(
        TYPES_FILE,
        `/* eslint-disable */\n// Generated by openapi-typescript from GET /api/openapi.json.\n${generated}`,
      )
    }
    expect(readFileSync(TYPES_FILE, 'utf8')).toContain(generated)
    const articles = await latestArticles(server.url)
    expect(articles).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: articleId, title: 'Hội nghị triển khai kế hoạch' }),
      ]),
    )
    expect(await organization(server.url, world.orgs.bql as number)).toEqual({
      name: 'Ban Quản lý Khu kinh tế tỉnh',
    })
    expect(await organization(server.url, 987654)).toEqual({ message: expect.any(String) })
  })

  it('should serve a readable page of the document with nothing from another origin', async () => {
    const response = await fetch(`${server.url}/api/docs`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await response.text()
    expect(html).toContain('/api/articles/{id}')
    expect(html).toContain('/api/openapi.json')
    expect(html).not.toMatch(/<script|<link[^>]+https?:|src="https?:/)
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'")
  })
})
