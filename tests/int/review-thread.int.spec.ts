import type { TestServer } from '../helpers/startServer'
import type { Actor } from '../helpers/doors'
import type { World } from '../helpers/world'
import { login, request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { buildWorld, PASSWORD } from '../helpers/world'
import type { Id } from '../../src/lib/types'

// Setup and read-backs pass overrideAccess: true as system work; the requests under test use the caller's own access.

type Entry = {
  at: string
  kind: string
  note: string
  userId: null | string
  userName: null | string
}

const FIRST_NOTE = 'Bổ sung ảnh và số liệu giải ngân quý III.'
const REPLY = 'Đã bổ sung ảnh; số liệu giải ngân chờ Sở Tài chính gửi.'
const SECOND_NOTE = 'Vẫn thiếu số liệu; ghi rõ nguồn trước khi gửi lại.'

describe('review thread: every return note and reply kept, for the author and the board', () => {
  let server: TestServer
  let world: World
  let articleId: Id
  let otherBql: Actor

  const patch = (authorization: string | undefined, data: Record<string, unknown>) =>
    request(`${server.url}/api/articles/${articleId}?depth=0&draft=true`, {
      headers: authorization ? { authorization } : {},
      json: data,
      method: 'PATCH',
    })
  const gqlAs = (actor: Actor, query: string) =>
    request(`${server.url}/api/graphql`, {
      headers: actor.authorization ? { authorization: actor.authorization } : {},
      json: { query },
      method: 'POST',
    })
  const stored = async (): Promise<Entry[]> =>
    ((
      (await server.payload.findByID({
        collection: 'articles',
        depth: 0,
        draft: true,
        id: articleId,
        overrideAccess: true,
      })) as { reviewThread?: Entry[] }
    ).reviewThread ?? []) as Entry[]
  const restThread = async (actor: Actor, draft = true) => {
    const res = await request(
      `${server.url}/api/articles/${articleId}?depth=0${draft ? '&draft=true' : ''}`,
      { headers: actor.authorization ? { authorization: actor.authorization } : {} },
    )
    return { body: res.body, status: res.status, thread: res.body?.reviewThread }
  }
  const gqlThread = async (actor: Actor, draft = true) => {
    const res = await gqlAs(
      actor,
      `{ Article(id: ${JSON.stringify(articleId)}, draft: ${draft}) { id reviewThread { kind note userId userName at } } }`,
    )
    return res.body?.data?.Article as null | { id: Id; reviewThread: Entry[] | null }
  }

  beforeAll(async () => {
    server = await startServer()
    world = await buildWorld(server.payload, server.url)
    const second = await server.payload.create({
      collection: 'users',
      data: {
        department: world.orgs.bql as number,
        email: 'ed2.bql@test.vn',
        name: 'Lê Thị Hoa',
        password: PASSWORD,
        roles: ['editor'],
      },
      overrideAccess: true,
    })
    otherBql = {
      authorization: `JWT ${await login(server.url, 'ed2.bql@test.vn', PASSWORD)}`,
      name: 'second BQL editor',
      user: { ...second, collection: 'users' },
    }
    await server.payload.update({
      collection: 'users',
      data: { name: 'Nguyễn Văn An' },
      id: world.actors.editorBql.user!.id as number,
      overrideAccess: true,
    })
    const created = await request(`${server.url}/api/articles?depth=0`, {
      headers: { authorization: world.actors.editorBql.authorization! },
      json: { title: 'Khu kinh tế giải ngân vốn đầu tư công' },
      method: 'POST',
    })
    expect(created.status).toBe(201)
    articleId = created.body.doc.id
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should keep a note sent with the submission as a submit note', async () => {
    const res = await patch(world.actors.editorBql.authorization, {
      reviewReply: 'Kính gửi Ban Biên tập bài về giải ngân.',
      reviewState: 'submitted',
    })
    expect(res.status).toBe(200)
    expect(res.body.doc.reviewReply ?? null).toBeNull()
    const thread = await stored()
    expect(thread).toHaveLength(1)
    expect(thread[0]).toMatchObject({
      kind: 'submit',
      note: 'Kính gửi Ban Biên tập bài về giải ngân.',
      userId: String(world.actors.editorBql.user!.id),
      userName: 'Nguyễn Văn An',
    })
  })

  it('should keep the first return note (REST) with who and when', async () => {
    const before = Date.now()
    const res = await patch(world.actors.bbt.authorization, {
      reviewNote: FIRST_NOTE,
      reviewState: 'returned',
    })
    expect(res.status).toBe(200)
    const thread = await stored()
    expect(thread.map((entry) => entry.kind)).toEqual(['submit', 'return'])
    expect(thread[1]).toMatchObject({
      note: FIRST_NOTE,
      userId: String(world.actors.bbt.user!.id),
      userName: 'bbt@test.vn',
    })
    expect(Date.parse(thread[1].at)).toBeGreaterThanOrEqual(before - 1000)
  })

  it("should add the author's reply and ignore a reply from an editor who is not the author", async () => {
    expect((await patch(world.actors.editorBql.authorization, { reviewReply: REPLY })).status).toBe(
      200,
    )
    // Same department, so the write itself is allowed; the reply is not theirs to make.
    const stranger = await patch(otherBql.authorization, { reviewReply: 'Tôi không viết bài này.' })
    expect(stranger.status).toBe(200)
    const thread = await stored()
    expect(thread.map((entry) => entry.kind)).toEqual(['submit', 'return', 'reply'])
    expect(thread[2]).toMatchObject({
      note: REPLY,
      userId: String(world.actors.editorBql.user!.id),
    })
  })

  it('should keep both return notes in order when the board returns again through GraphQL', async () => {
    expect(
      (await patch(world.actors.editorBql.authorization, { reviewState: 'submitted' })).status,
    ).toBe(200)
    const res = await gqlAs(
      world.actors.bbt,
      `mutation { updateArticle(id: ${JSON.stringify(articleId)}, draft: true, data: { reviewState: returned, reviewNote: ${JSON.stringify(SECOND_NOTE)} }) { id reviewState reviewNote } }`,
    )
    expect(res.body.errors).toBeUndefined()
    expect(res.body.data.updateArticle.reviewNote).toBe(SECOND_NOTE)
    const thread = await stored()
    expect(thread.map((entry) => [entry.kind, entry.note])).toEqual([
      ['submit', 'Kính gửi Ban Biên tập bài về giải ngân.'],
      ['return', FIRST_NOTE],
      ['reply', REPLY],
      ['return', SECOND_NOTE],
    ])
    const times = thread.map((entry) => Date.parse(entry.at))
    expect([...times].sort((a, b) => a - b)).toEqual(times)
  })

  it('should let the board reply through GraphQL with reviewReply', async () => {
    const res = await gqlAs(
      world.actors.bbt,
      `mutation { updateArticle(id: ${JSON.stringify(articleId)}, draft: true, data: { reviewReply: "Số liệu xin ở Phòng Kế hoạch." }) { id } }`,
    )
    expect(res.body.errors).toBeUndefined()
    const thread = await stored()
    expect(thread).toHaveLength(5)
    expect(thread[4]).toMatchObject({ kind: 'reply', userId: String(world.actors.bbt.user!.id) })
  })

  it('should show the thread to the author and the board, through REST and GraphQL', async () => {
    for (const actor of [world.actors.editorBql, world.actors.bbt, world.actors.admin]) {
      const rest = await restThread(actor)
      expect(rest.status).toBe(200)
      expect(rest.thread.map((entry: Entry) => entry.note)).toEqual([
        'Kính gửi Ban Biên tập bài về giải ngân.',
        FIRST_NOTE,
        REPLY,
        SECOND_NOTE,
        'Số liệu xin ở Phòng Kế hoạch.',
      ])
      const gql = await gqlThread(actor)
      expect(gql?.reviewThread?.map((entry) => entry.kind)).toEqual([
        'submit',
        'return',
        'reply',
        'return',
        'reply',
      ])
    }
  })

  it('should hide the thread from other editors, API keys and anonymous callers', async () => {
    // Published, so every caller reads the article itself.
    expect((await patch(world.actors.bbt.authorization, { _status: 'published' })).status).toBe(200)
    const callers = [
      otherBql,
      world.actors.editorSnv,
      world.actors.clientRead,
      world.actors.clientDrafts,
      world.actors.anonymous,
    ]
    for (const actor of callers) {
      for (const draft of [false, true]) {
        const rest = await restThread(actor, draft)
        expect(rest.status).toBe(200)
        expect(rest.body.title).toBeTruthy()
        expect(rest.thread).toBeUndefined()
        const gql = await gqlThread(actor, draft)
        expect(gql?.id).toBe(articleId)
        expect(gql?.reviewThread ?? null).toBeNull()
      }
      const list = await request(`${server.url}/api/articles?depth=0&limit=10`, {
        headers: actor.authorization ? { authorization: actor.authorization } : {},
      })
      expect(list.body.docs.length).toBeGreaterThan(0)
      expect(list.body.docs.every((doc: Record<string, unknown>) => !('reviewThread' in doc))).toBe(
        true,
      )
      // Nor can a query on the thread's text tell whether a note says something.
      const probe = await request(
        `${server.url}/api/articles?depth=0&where[reviewThread.note][like]=${encodeURIComponent('số liệu')}`,
        { headers: actor.authorization ? { authorization: actor.authorization } : {} },
      )
      expect(probe.status === 400 || probe.status === 403 || probe.body.docs.length === 0).toBe(
        true,
      )
    }
  })

  it('should hide the thread in the versions a same-department editor reads', async () => {
    const res = await request(
      `${server.url}/api/articles/versions?depth=0&where[parent][equals]=${articleId}`,
      { headers: { authorization: otherBql.authorization! } },
    )
    expect(res.status).toBe(200)
    expect(res.body.docs.length).toBeGreaterThan(0)
    expect(res.body.docs.every((doc: any) => doc.version.reviewThread === undefined)).toBe(true)
    const mine = await request(
      `${server.url}/api/articles/versions?depth=0&where[parent][equals]=${articleId}&sort=-updatedAt`,
      { headers: { authorization: world.actors.editorBql.authorization! } },
    )
    expect(mine.body.docs[0].version.reviewThread).toHaveLength(5)
  })

  it('should refuse forged or erased thread entries from any door', async () => {
    const before = await stored()
    const forged = [
      {
        at: '2020-01-01T00:00:00.000Z',
        kind: 'return',
        note: 'Bài đã được duyệt.',
        userId: '1',
        userName: 'bbt@test.vn',
      },
    ]
    for (const actor of [world.actors.editorBql, world.actors.bbt]) {
      const rest = await patch(actor.authorization, { reviewThread: forged, title: 'Sửa tiêu đề' })
      expect(rest.status).toBe(200)
      expect(await stored()).toEqual(before)
      await patch(actor.authorization, { reviewThread: [] })
      expect(await stored()).toEqual(before)
      const gql = await gqlAs(
        actor,
        `mutation { updateArticle(id: ${JSON.stringify(articleId)}, draft: true, data: { reviewThread: [{ kind: return, note: "Giả mạo", at: "2020-01-01T00:00:00.000Z" }] }) { id } }`,
      )
      expect(gql.status).toBeLessThan(500)
      expect(await stored()).toEqual(before)
    }
    // Even system work through the Local API starts from the stored thread.
    await server.payload.update({
      collection: 'articles',
      data: { reviewThread: [] } as never,
      draft: true,
      id: articleId,
      overrideAccess: true,
    })
    expect(await stored()).toEqual(before)
  })

  it('should keep the board note in reviewNote as before', async () => {
    const doc = await server.payload.findByID({
      collection: 'articles',
      depth: 0,
      draft: true,
      id: articleId,
      overrideAccess: true,
    })
    expect(doc.reviewNote).toBe(SECOND_NOTE)
  })

  it("should show the board's latest note (reviewNote) to the article's department and the board only", async () => {
    // The article is published by now, so every caller reads it; the note is still the board's word to the department.
    const noteOf = async (actor: Actor, draft: boolean) => {
      const headers = actor.authorization ? { authorization: actor.authorization } : undefined
      const rest = await request(
        `${server.url}/api/articles/${articleId}?depth=0${draft ? '&draft=true' : ''}`,
        { headers },
      )
      expect(rest.status).toBe(200)
      const gql = await gqlAs(
        actor,
        `{ Article(id: ${JSON.stringify(articleId)}, draft: ${draft}) { id reviewNote } }`,
      )
      expect(gql.body?.data?.Article?.id).toBe(articleId)
      return { gql: gql.body.data.Article.reviewNote ?? null, rest: rest.body.reviewNote ?? null }
    }
    for (const actor of [world.actors.editorBql, otherBql, world.actors.bbt]) {
      expect(await noteOf(actor, true)).toEqual({ gql: SECOND_NOTE, rest: SECOND_NOTE })
    }
    for (const actor of [
      world.actors.editorSnv,
      world.actors.clientRead,
      world.actors.clientDrafts,
      world.actors.anonymous,
    ]) {
      for (const draft of [false, true]) {
        expect(await noteOf(actor, draft)).toEqual({ gql: null, rest: null })
      }
      const headers = actor.authorization ? { authorization: actor.authorization } : undefined
      const list = await request(`${server.url}/api/articles?depth=0&limit=100`, { headers })
      expect(JSON.stringify(list.body)).not.toContain(SECOND_NOTE)
      // Nor can a query on the note tell what it says.
      const probe = await request(
        `${server.url}/api/articles?depth=0&where[reviewNote][like]=${encodeURIComponent('số liệu')}`,
        { headers },
      )
      expect(probe.status === 400 || probe.status === 403 || probe.body.docs.length === 0).toBe(
        true,
      )
    }
    const versions = await request(
      `${server.url}/api/articles/versions?depth=0&where[parent][equals]=${articleId}`,
      { headers: { authorization: world.actors.clientDrafts.authorization! } },
    )
    expect(JSON.stringify(versions.body)).not.toContain(SECOND_NOTE)
  })

  it('should start a copy with no thread, note or review stamps, whoever duplicates it', async () => {
    const copies: Id[] = []
    const rest = await request(`${server.url}/api/articles/${articleId}/duplicate?depth=0`, {
      headers: { authorization: world.actors.editorSnv.authorization! },
      json: { slug: 'ban-sao-rest' },
      method: 'POST',
    })
    expect(rest.status).toBe(200)
    copies.push(rest.body.doc.id)
    const gql = await gqlAs(
      world.actors.editorSnv,
      `mutation { duplicateArticle(id: ${JSON.stringify(articleId)}, data: { slug: "ban-sao-gql", _status: draft }) { id reviewNote reviewThread { note } } }`,
    )
    expect(gql.body.errors).toBeUndefined()
    copies.push(gql.body.data.duplicateArticle.id)
    const board = await request(`${server.url}/api/articles/${articleId}/duplicate?depth=0`, {
      headers: { authorization: world.actors.bbt.authorization! },
      json: { slug: 'ban-sao-bbt' },
      method: 'POST',
    })
    expect(board.status).toBe(200)
    copies.push(board.body.doc.id)
    for (const id of copies) {
      const copy = (await server.payload.findByID({
        collection: 'articles',
        depth: 0,
        draft: true,
        id,
        overrideAccess: true,
      })) as Record<string, any>
      expect(copy.reviewThread ?? []).toEqual([])
      expect(copy.reviewNote ?? null).toBeNull()
      expect(copy.reviewState).toBe('draft')
      expect(copy.review?.submittedBy ?? null).toBeNull()
      expect(copy.review?.reviewedBy ?? null).toBeNull()
      expect(copy.review?.publishedBy ?? null).toBeNull()
    }
    // The copier is the copy's author and reads its thread: nothing of the original is in it.
    const mine = await request(`${server.url}/api/articles/${copies[0]}?depth=0&draft=true`, {
      headers: { authorization: world.actors.editorSnv.authorization! },
    })
    expect(JSON.stringify(mine.body)).not.toContain(SECOND_NOTE)
    expect(JSON.stringify(mine.body)).not.toContain(FIRST_NOTE)
  })

  it('should not add a reply an autosave carries while it is being typed', async () => {
    const res = await request(
      `${server.url}/api/articles/${articleId}?depth=0&draft=true&autosave=true`,
      {
        headers: { authorization: world.actors.editorBql.authorization! },
        json: { reviewReply: 'Đang viết dở' },
        method: 'PATCH',
      },
    )
    expect(res.status).toBe(200)
    expect((await stored()).length).toBe(5)
  })

  it('should answer a reply that is not text with a 4xx, never a 5xx', async () => {
    const res = await patch(world.actors.editorBql.authorization, { reviewReply: { x: 1 } })
    expect(res.status).toBeLessThan(500)
    expect((await stored()).length).toBe(5)
  })
})
