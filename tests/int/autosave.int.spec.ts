import { request } from '../helpers/http'
import type { TestServer } from '../helpers/startServer'
import { startServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { buildWorld } from '../helpers/world'

// Setup and read-backs are system work (overrideAccess: true); the saves under test carry the
// caller's own credentials, as the admin's autosave does (PATCH …?autosave=true&draft=true).

/** The admin's autosave of article drafts against the conflict checks and the workflow. */
describe('autosave of article drafts', () => {
  let server: TestServer
  let world: World

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    world = await buildWorld(server.payload, server.url)
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  const article = async (data: Record<string, unknown>) =>
    server.payload.create({
      collection: 'articles',
      data: { _status: 'draft', department: world.orgs.bql as number, ...data } as never,
      overrideAccess: true,
    })

  /** One save as the admin's form sends it: the whole form, `updatedAt` included. */
  const save = (
    id: number | string,
    data: Record<string, unknown>,
    authorization: string,
    autosave = true,
  ) =>
    request(
      `${server.url}/api/articles/${id}?depth=0&draft=true${autosave ? '&autosave=true' : ''}&locale=vi`,
      { headers: { authorization }, json: { _status: 'draft', ...data }, method: 'PATCH' },
    )

  const latest = async (id: number | string) =>
    server.payload.findByID({
      collection: 'articles',
      depth: 0,
      draft: true,
      id,
      overrideAccess: true,
    })

  it("should have autosave on for articles, and let an editor's first open make their empty draft", async () => {
    const drafts = server.payload.collections.articles.config.versions?.drafts
    expect(drafts && drafts.autosave).toMatchObject({ interval: 10_000, showSaveDraftButton: true })
    // What the admin's "create" view does when autosave is on, acting for the editor.
    const doc = await server.payload.create({
      collection: 'articles',
      data: {},
      depth: 0,
      draft: true,
      overrideAccess: false,
      user: world.actors.editorBql.user as never,
    })
    expect(doc).toMatchObject({
      _status: 'draft',
      department: world.orgs.bql,
      reviewState: 'draft',
    })
    expect((await request(`${server.url}/api/articles/${doc.id}`)).status).toBe(404)
  })

  it('should take autosaves one after another, each based on the last, and refuse a stale one', async () => {
    const doc = await article({ title: 'Tin nháp tự lưu' })
    const editor = world.actors.editorBql.authorization!
    const first = await save(
      doc.id,
      { title: 'Tin nháp tự lưu (1)', updatedAt: doc.updatedAt },
      editor,
    )
    expect([first.status, first.body.doc?.title]).toEqual([200, 'Tin nháp tự lưu (1)'])
    // The form takes the answered updatedAt; the next autosave sends it.
    const second = await save(
      doc.id,
      { title: 'Tin nháp tự lưu (2)', updatedAt: first.body.doc.updatedAt },
      editor,
    )
    expect(second.status).toBe(200)
    // The explicit save after it, from the same form, is based on the autosave too.
    const explicit = await save(
      doc.id,
      { title: 'Tin nháp tự lưu (3)', updatedAt: second.body.doc.updatedAt },
      editor,
      false,
    )
    expect(explicit.status).toBe(200)
    // Another form still holding an older version is refused, and changes nothing.
    const stale = await save(
      doc.id,
      { title: 'Bản cũ', updatedAt: first.body.doc.updatedAt },
      editor,
    )
    expect(stale.status).toBe(409)
    expect((await latest(doc.id)).title).toBe('Tin nháp tự lưu (3)')
  })

  it("should keep the editor's document lock through an autosave, and release it on an explicit save", async () => {
    const doc = await article({ title: 'Tin đang được sửa' })
    const editor = world.actors.editorBql.authorization!
    const locks = async () =>
      (
        await server.payload.count({
          collection: 'payload-locked-documents',
          overrideAccess: true,
          where: {
            and: [
              { 'document.relationTo': { equals: 'articles' } },
              { 'document.value': { equals: doc.id } },
            ],
          },
        })
      ).totalDocs
    const autosaved = await save(doc.id, { title: 'Tin đang được sửa (1)' }, editor)
    expect(autosaved.status).toBe(200)
    expect(await locks()).toBe(1)
    // Another person's save meanwhile is refused, and changes nothing.
    const other = await save(
      doc.id,
      { title: 'Bản của Ban Biên tập' },
      world.actors.bbt.authorization!,
      false,
    )
    expect(other.status).toBeGreaterThanOrEqual(400)
    expect(other.status).toBeLessThan(500)
    expect((await latest(doc.id)).title).toBe('Tin đang được sửa (1)')
    // The explicit save ends the editing: the lock goes, as it did before autosave.
    const explicit = await save(doc.id, { title: 'Tin đang được sửa (2)' }, editor, false)
    expect(explicit.status).toBe(200)
    expect(await locks()).toBe(0)
  })

  it('should never change the workflow state: not submit, return or publish', async () => {
    const editor = world.actors.editorBql.authorization!
    const bbt = world.actors.bbt.authorization!
    const draft = await article({ title: 'Tin chưa gửi duyệt' })
    const picked = await save(
      draft.id,
      { reviewState: 'submitted', title: 'Tin chưa gửi duyệt', updatedAt: draft.updatedAt },
      editor,
    )
    expect(picked.status).toBe(200)
    expect(await latest(draft.id)).toMatchObject({ reviewState: 'draft' })
    expect((await latest(draft.id)).review?.submittedAt ?? null).toBeNull()
    // The explicit save submits.
    const submitted = await save(
      draft.id,
      {
        reviewState: 'submitted',
        title: 'Tin chưa gửi duyệt',
        updatedAt: picked.body.doc.updatedAt,
      },
      editor,
      false,
    )
    expect([submitted.status, submitted.body.doc?.reviewState]).toEqual([200, 'submitted'])
    // The board picking "returned" with a note: the autosave keeps it submitted.
    const returning = await save(
      draft.id,
      {
        reviewNote: 'Bổ sung số liệu.',
        reviewState: 'returned',
        title: 'Tin chưa gửi duyệt',
        updatedAt: submitted.body.doc.updatedAt,
      },
      bbt,
    )
    expect(returning.status).toBe(200)
    expect(await latest(draft.id)).toMatchObject({ _status: 'draft', reviewState: 'submitted' })
    expect((await request(`${server.url}/api/articles/${draft.id}`)).status).toBe(404)
    // An editor's autosave asking to publish is refused like any other save.
    const publish = await save(
      draft.id,
      {
        _status: 'published',
        title: 'Tin chưa gửi duyệt',
        updatedAt: returning.body.doc.updatedAt,
      },
      editor,
    )
    expect(publish.status).toBe(403)
    expect((await request(`${server.url}/api/articles/${draft.id}`)).status).toBe(404)
  })

  it('should make an editor’s autosave of a published article a draft, leaving the live one as it was', async () => {
    const live = await article({ _status: 'published', title: 'Tin đã đăng' })
    const editor = world.actors.editorBql.authorization!
    const autosaved = await save(
      live.id,
      { title: 'Tin đã đăng (đang sửa)', updatedAt: live.updatedAt },
      editor,
    )
    expect(autosaved.status).toBe(200)
    const anonymous = await request(`${server.url}/api/articles/${live.id}?depth=0`)
    expect([anonymous.status, anonymous.body.title, anonymous.body._status]).toEqual([
      200,
      'Tin đã đăng',
      'published',
    ])
    expect(await latest(live.id)).toMatchObject({
      _status: 'draft',
      reviewState: 'published',
      title: 'Tin đã đăng (đang sửa)',
    })
  })
})
