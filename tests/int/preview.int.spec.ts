import { createLocalReq } from 'payload'
import { SignJWT } from 'jose'

import type { Actor } from '../helpers/doors'
import { request } from '../helpers/http'
import type { TestServer } from '../helpers/startServer'
import { startServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { buildWorld } from '../helpers/world'
import { previewSigningKey } from '../../src/lib/preview/token'

// Fixtures and read-backs are system work (overrideAccess: true); what is under test goes over
// real HTTP as the people who use it.

const onDrizzle = process.env.TEST_DATABASE === 'mongodb' ? describe.skip : describe
const SETTINGS = ['PREVIEW_TOKEN_TTL', 'PREVIEW_URL', 'SITE_URL'] as const
const saved: Record<string, string | undefined> = {}

beforeAll(() => {
  for (const name of SETTINGS) {
    saved[name] = process.env[name]
    delete process.env[name]
  }
  process.env.SITE_URL = 'https://portal.example.gov.vn'
})

afterAll(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) {
      delete process.env[name]
    } else {
      process.env[name] = value
    }
  }
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

onDrizzle('draft preview for an outside frontend', () => {
  let server: TestServer
  let world: World
  let articleA: { id: number | string; slug: string }
  let articleB: { id: number | string; slug: string }

  beforeAll(async () => {
    server = await startServer()
    world = await buildWorld(server.payload, server.url)
    const create = async (title: string, department: number | string) => {
      const published = await server.payload.create({
        collection: 'articles',
        data: { _status: 'published', department: department as number, title },
        overrideAccess: true,
      })
      // A newer draft over the published article: what a preview must show.
      await server.payload.update({
        collection: 'articles',
        data: { title: `${title} (bản nháp)` },
        draft: true,
        id: published.id,
        overrideAccess: true,
      })
      return { id: published.id, slug: published.slug as string }
    }
    articleA = await create('Bài A của Ban Quản lý', world.orgs.bql)
    articleB = await create('Bài B của Sở Nội vụ', world.orgs.snv)
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  const issue = (actor: Actor, id: number | string = articleA.id) =>
    request(`${server.url}/api/articles/${id}/preview`, {
      headers: actor.authorization ? { authorization: actor.authorization } : {},
      method: 'POST',
    })

  const read = (token: string, extra = '') =>
    request(`${server.url}/api/preview/articles?token=${encodeURIComponent(token)}${extra}`)

  it('should issue a preview token to the board and to editors of the article department only', async () => {
    const { actors } = world
    const expected: [Actor, number][] = [
      [actors.anonymous, 401],
      [actors.clientRead, 403],
      [actors.clientDrafts, 403],
      [actors.editorSnv, 404],
      [actors.editorBql, 201],
      [actors.bbt, 201],
      [actors.admin, 201],
    ]
    for (const [actor, status] of expected) {
      const res = await issue(actor)
      expect([actor.name, res.status]).toEqual([actor.name, status])
      expect(res.headers.get('cache-control')).toBe('private, no-store')
      if (status === 201) {
        expect(typeof res.body.token).toBe('string')
        const left = new Date(res.body.expiresAt).getTime() - Date.now()
        expect(left).toBeGreaterThan(500_000)
        expect(left).toBeLessThanOrEqual(600_000)
        expect(res.body.url).toBe(
          `https://portal.example.gov.vn/preview?token=${encodeURIComponent(res.body.token)}&slug=${encodeURIComponent(articleA.slug)}`,
        )
      } else {
        expect(res.body.token).toBeUndefined()
        expect(res.body.errors[0].message).toEqual(expect.any(String))
      }
    }
    // The SNV editor gets one for their own department's article.
    expect((await issue(actors.editorSnv, articleB.id)).status).toBe(201)
    // An article that does not exist, and an id that is no id.
    expect((await issue(actors.bbt, 999_999)).status).toBe(404)
    expect((await issue(actors.bbt, 'abc')).status).toBe(404)
  })

  it('should return the latest draft with a valid token, private and never cached', async () => {
    const { token } = (await issue(world.actors.bbt)).body
    const first = await read(token)
    expect(first.status).toBe(200)
    expect(first.body.id).toBe(articleA.id)
    expect(first.body.title).toBe('Bài A của Ban Quản lý (bản nháp)')
    expect(first.body._status).toBe('draft')
    // Depth 1: the department is populated, as GET /api/articles/<id>?draft=true&depth=1 gives it.
    expect(first.body.department).toEqual(expect.objectContaining({ id: world.orgs.bql }))
    expect(first.headers.get('cache-control')).toBe('private, no-store')
    // The same shape as the staff's REST read of the draft.
    const rest = await request(`${server.url}/api/articles/${articleA.id}?draft=true&depth=1`, {
      headers: { authorization: world.actors.bbt.authorization! },
    })
    expect(Object.keys(first.body).sort()).toEqual(Object.keys(rest.body).sort())
    // Readers still get the published version.
    const published = await request(`${server.url}/api/articles/${articleA.id}`)
    expect(published.body.title).toBe('Bài A của Ban Quản lý')
    // A new draft shows at once: the answer was not kept by the response cache.
    await server.payload.update({
      collection: 'articles',
      data: { title: 'Bài A (bản nháp thứ hai)' },
      draft: true,
      id: articleA.id,
      overrideAccess: true,
    })
    const second = await read(token)
    expect(second.body.title).toBe('Bài A (bản nháp thứ hai)')
    expect(second.headers.get('x-cache')).toBeNull()
    expect((await read(token, '&locale=en')).status).toBe(200)
    const badLocale = await read(token, '&locale=zz')
    expect([badLocale.status, badLocale.body.errors?.[0]?.message]).toEqual([
      400,
      'Unknown locale "zz".',
    ])
    const third = await read(token)
    expect(third.headers.get('x-cache')).toBeNull()
    expect(third.headers.get('cache-control')).toBe('private, no-store')
  })

  it('should give only the one article its token names', async () => {
    const { token } = (await issue(world.actors.bbt, articleA.id)).body
    const res = await read(token, `&id=${articleB.id}&where[id][equals]=${articleB.id}`)
    expect(res.status).toBe(200)
    expect(res.body.id).toBe(articleA.id)
    expect(JSON.stringify(res.body)).not.toContain('Bài B')
    // A token naming another collection is refused, even when signed right.
    const people = await new SignJWT({ collection: 'people', id: String(articleB.id) })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('preview')
      .setExpirationTime('5m')
      .sign(previewSigningKey(server.payload.secret))
    expect((await read(people)).status).toBe(401)
  })

  it('should answer 401 to expired, forged, tampered and other-audience tokens', async () => {
    const key = previewSigningKey(server.payload.secret)
    const claims = { collection: 'articles', id: String(articleA.id) }
    const refused = async (token: string, message: RegExp) => {
      const res = await read(token)
      expect(res.status).toBe(401)
      expect(res.body.errors[0].message).toMatch(message)
      expect(res.headers.get('cache-control')).toBe('private, no-store')
    }
    process.env.PREVIEW_TOKEN_TTL = '1'
    try {
      const short = (await issue(world.actors.bbt)).body.token
      expect((await read(short)).status).toBe(200)
      await sleep(2_500)
      await refused(short, /expired/)
    } finally {
      delete process.env.PREVIEW_TOKEN_TTL
    }
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('preview')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('not the secret'))
    await refused(forged, /not valid/)
    // Signed with the Payload secret itself (as session tokens are), not the preview key.
    const withSecret = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('preview')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(server.payload.secret))
    await refused(withSecret, /not valid/)
    const otherAudience = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('admin')
      .setExpirationTime('5m')
      .sign(key)
    await refused(otherAudience, /not valid/)
    // A valid token for A with its claims edited to name B: the signature no longer matches.
    const good = (await issue(world.actors.bbt)).body.token as string
    const [header, body, signature] = good.split('.')
    const edited = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(body!, 'base64url').toString()),
        id: String(articleB.id),
      }),
    ).toString('base64url')
    await refused(`${header}.${edited}.${signature}`, /not valid/)
    // A staff session token is no preview token.
    await refused(world.actors.bbt.authorization!.replace(/^JWT /, ''), /not valid/)
    await refused('not-a-token', /not valid/)
    const none = await request(`${server.url}/api/preview/articles`)
    expect(none.status).toBe(401)
    // A preview token is no session token either.
    const me = await request(`${server.url}/api/users/me`, {
      headers: { authorization: `JWT ${good}` },
    })
    expect(me.body.user).toBeNull()
  })

  it('should fill PREVIEW_URL, and have the admin Preview button hand out the frontend address', async () => {
    process.env.PREVIEW_URL = 'https://portal.example.gov.vn/api/preview?token={token}&slug={slug}'
    try {
      const res = await issue(world.actors.editorBql)
      expect(res.body.url).toBe(
        `https://portal.example.gov.vn/api/preview?token=${encodeURIComponent(res.body.token)}&slug=${encodeURIComponent(articleA.slug)}`,
      )
      const preview = server.payload.collections.articles.config.admin.preview!
      const doc = { id: articleA.id, slug: articleA.slug }
      const asUser = async (actor: Actor) =>
        preview(doc, {
          locale: 'vi',
          req: await createLocalReq({ user: actor.user as never }, server.payload),
          token: null,
        })
      const url = new URL(String(await asUser(world.actors.editorBql)))
      expect(url.origin + url.pathname).toBe('https://portal.example.gov.vn/api/preview')
      const given = await read(url.searchParams.get('token')!)
      expect(given.status).toBe(200)
      expect(given.body.id).toBe(articleA.id)
      // Another department's editor keeps the built-in preview (which checks them itself).
      expect(await asUser(world.actors.editorSnv)).toBe(
        `/preview/articles/${articleA.id}?locale=vi`,
      )
    } finally {
      delete process.env.PREVIEW_URL
    }
    // Without PREVIEW_URL the button opens the built-in preview for staff.
    const preview = server.payload.collections.articles.config.admin.preview!
    const req = await createLocalReq({ user: world.actors.bbt.user as never }, server.payload)
    expect(await preview({ id: articleA.id }, { locale: 'vi', req, token: null })).toBe(
      `/preview/articles/${articleA.id}?locale=vi`,
    )
  })

  it('should show the token holder what its issuer reads of the draft, never accounts or notes beyond that', async () => {
    // The editor submits, the board returns with a note: the stamps name both accounts.
    const editor = world.actors.editorBql
    const patch = (actor: Actor, json: Record<string, unknown>) =>
      request(`${server.url}/api/articles/${articleA.id}?draft=true&depth=0`, {
        headers: { authorization: actor.authorization! },
        json,
        method: 'PATCH',
      })
    expect((await patch(editor, { reviewState: 'submitted' })).status).toBe(200)
    expect(
      (await patch(world.actors.bbt, { reviewNote: 'Bổ sung ảnh.', reviewState: 'returned' }))
        .status,
    ).toBe(200)
    const { token } = (await issue(editor)).body
    const previewed = await read(token)
    expect(previewed.status).toBe(200)
    const rest = await request(`${server.url}/api/articles/${articleA.id}?draft=true&depth=1`, {
      headers: { authorization: editor.authorization! },
    })
    expect(previewed.body).toEqual(rest.body)
    // The board's account is an id to the editor, so it is to the token's holder: not its record
    // (email, roles, sessions), which the system read populated.
    expect(previewed.body.review.reviewedBy).toBe(world.actors.bbt.user!.id)
    expect(JSON.stringify(previewed.body)).not.toContain('"roles":["bbt"]')
    // A token naming no account (signed before tokens named one) is refused: ask for a new one.
    const anonymousToken = await new SignJWT({ collection: 'articles', id: String(articleA.id) })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('preview')
      .setExpirationTime('5m')
      .sign(previewSigningKey(server.payload.secret))
    const refused = await read(anonymousToken)
    expect([refused.status, refused.body.errors?.[0]?.message]).toEqual([
      401,
      'The preview token names no account: ask for a new one.',
    ])
  })
})
