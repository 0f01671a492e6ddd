import type { DefaultServerFunctionArgs } from 'payload'

import { createLocalReq } from 'payload'

import type { AccessUser } from '../../src/access'
import { loadScheduled } from '../../src/components/dashboard/scheduled'
import { boardOnlySchedulePublish } from '../../src/components/schedule/serverFunctions'
import { graphql, request } from '../helpers/http'
import type { TestServer } from '../helpers/startServer'
import { startServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { buildWorld } from '../helpers/world'

// Setup and read-backs are system work (overrideAccess: true); what is under test acts as a person.

const HOUR = 60 * 60 * 1000

/** The dashboard's "Đã lên lịch" panel and the admin's scheduling drawer, per role and door. */
describe('the scheduled list and who may schedule or cancel', () => {
  let server: TestServer
  let world: World
  const ids: Record<'bqlDraft' | 'bqlLive' | 'snvDraft', number> = {
    bqlDraft: 0,
    bqlLive: 0,
    snvDraft: 0,
  }

  const article = async (title: string, department: number | string, published = false) =>
    (
      await server.payload.create({
        collection: 'articles',
        data: {
          _status: published ? 'published' : 'draft',
          department: department as number,
          title,
        },
        overrideAccess: true,
      })
    ).id as number

  const schedule = async (id: number, type: string, at: Date, authorization: string) => {
    const res = await request(`${server.url}/api/articles/${id}/schedule`, {
      headers: { authorization },
      json: { at: at.toISOString(), type },
      method: 'POST',
    })
    expect([res.status, res.body]).toEqual([201, expect.objectContaining({ type })])
    return res.body.id as number
  }

  const userOf = (name: keyof World['actors']) => world.actors[name].user as unknown as AccessUser

  const listed = async (name: keyof World['actors']) =>
    (await loadScheduled({ payload: server.payload, user: userOf(name) })).map((row) => ({
      by: row.by,
      title: row.title,
      type: row.type,
    }))

  const jobExists = async (id: number | string) =>
    (await server.payload.db.count({ collection: 'payload-jobs', where: { id: { equals: id } } }))
      .totalDocs === 1

  /** Calls the admin's scheduling server function as `name`, as handleServerFunctions would. */
  const drawer = async (name: keyof World['actors'], args: Record<string, unknown>) => {
    const req = await createLocalReq({ user: world.actors[name].user as never }, server.payload)
    return boardOnlySchedulePublish({
      ...(args as object),
      req,
      user: req.user,
    } as DefaultServerFunctionArgs & Record<string, unknown>)
  }

  let soon = 0
  let later = 0
  let latest = 0

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    world = await buildWorld(server.payload, server.url)
    ids.bqlDraft = await article('Khánh thành nhà máy xử lý nước thải KCN', world.orgs.bql)
    ids.bqlLive = await article('Thông báo tuyển dụng viên chức 2025', world.orgs.bql, true)
    ids.snvDraft = await article('Sở Nội vụ tổ chức thi nâng ngạch', world.orgs.snv)
    const now = Date.now()
    // Queued out of order: the list is soonest first.
    latest = await schedule(
      ids.snvDraft,
      'publish',
      new Date(now + 3 * HOUR),
      world.actors.bbt.authorization!,
    )
    soon = await schedule(
      ids.bqlDraft,
      'publish',
      new Date(now + HOUR),
      world.actors.bbt.authorization!,
    )
    later = await schedule(
      ids.bqlLive,
      'unpublish',
      new Date(now + 2 * HOUR),
      world.actors.admin.authorization!,
    )
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should list every pending schedule to the board, soonest first, with type and who', async () => {
    for (const name of ['bbt', 'admin'] as const) {
      expect(await listed(name)).toEqual([
        { by: 'bbt@test.vn', title: 'Khánh thành nhà máy xử lý nước thải KCN', type: 'publish' },
        { by: 'admin@test.vn', title: 'Thông báo tuyển dụng viên chức 2025', type: 'unpublish' },
        { by: 'bbt@test.vn', title: 'Sở Nội vụ tổ chức thi nâng ngạch', type: 'publish' },
      ])
    }
    const [first] = await loadScheduled({ payload: server.payload, user: userOf('bbt') })
    expect(first).toMatchObject({ docId: String(ids.bqlDraft), jobId: soon })
    expect(Date.parse(first!.at)).toBeGreaterThan(Date.now())
  })

  it("should list an editor their own department's schedules only, without account names", async () => {
    expect(await listed('editorBql')).toEqual([
      { by: null, title: 'Khánh thành nhà máy xử lý nước thải KCN', type: 'publish' },
      { by: null, title: 'Thông báo tuyển dụng viên chức 2025', type: 'unpublish' },
    ])
    expect(await listed('editorSnv')).toEqual([
      { by: null, title: 'Sở Nội vụ tổ chức thi nâng ngạch', type: 'publish' },
    ])
  })

  it('should list nothing to anonymous callers or integrator keys', async () => {
    expect(await loadScheduled({ payload: server.payload, user: null })).toEqual([])
    expect(await listed('clientDrafts')).toEqual([])
  })

  it('should refuse an editor the drawer: no schedule queued, no schedule cancelled', async () => {
    const before = await listed('bbt')
    await expect(
      drawer('editorBql', {
        date: new Date(Date.now() + HOUR),
        doc: { relationTo: 'articles', value: String(ids.bqlDraft) },
        type: 'publish',
      }),
    ).rejects.toMatchObject({ status: 403 })
    await expect(drawer('editorBql', { deleteID: soon })).rejects.toMatchObject({ status: 403 })
    await expect(drawer('editorSnv', { deleteID: latest })).rejects.toMatchObject({ status: 403 })
    expect(await jobExists(soon)).toBe(true)
    expect(await jobExists(latest)).toBe(true)
    expect(await listed('bbt')).toEqual(before)
  })

  it('should refuse an editor cancelling through REST, GraphQL and the Local API', async () => {
    const rest = await request(`${server.url}/api/payload-jobs/${later}`, {
      headers: { authorization: world.actors.editorBql.authorization! },
      method: 'DELETE',
    })
    expect(rest.status).toBeGreaterThanOrEqual(400)
    expect(rest.status).toBeLessThan(500)
    const token = world.actors.editorBql.authorization!.slice('JWT '.length)
    const mutation = await graphql(
      server.url,
      `mutation { deletePayloadJob(id: ${later}) { id } }`,
      {},
      token,
    )
    expect(mutation.body.errors?.length).toBeGreaterThan(0)
    const read = await graphql(server.url, '{ PayloadJobs { docs { id input } } }', {}, token)
    expect(read.body.data?.PayloadJobs?.docs ?? []).toEqual([])
    const req = await createLocalReq({ user: world.actors.editorBql.user as never }, server.payload)
    await expect(
      server.payload.delete({
        collection: 'payload-jobs',
        id: later,
        overrideAccess: false,
        req,
      }),
    ).rejects.toMatchObject({ status: 403 })
    await expect(
      server.payload.jobs.cancelByID({ id: later, overrideAccess: false, req }),
    ).rejects.toMatchObject({ status: 403 })
    expect(await jobExists(later)).toBe(true)
    expect((await listed('editorBql')).map((row) => row.type)).toEqual(['publish', 'unpublish'])
  })

  it('should let the board schedule and cancel in the drawer, and list what it did', async () => {
    const at = new Date(Date.now() + 4 * HOUR)
    await drawer('bbt', {
      date: at,
      doc: { relationTo: 'articles', value: String(ids.bqlDraft) },
      type: 'unpublish',
    })
    const rows = await loadScheduled({ payload: server.payload, user: userOf('editorBql') })
    expect(rows.map((row) => [row.type, row.at])).toEqual([
      ['publish', expect.any(String)],
      ['unpublish', expect.any(String)],
      ['unpublish', at.toISOString()],
    ])
    const added = rows[2]!.jobId
    const jobs = async () =>
      (await server.payload.db.count({ collection: 'payload-jobs' })).totalDocs
    const before = await jobs()
    expect(await drawer('bbt', { deleteID: added })).toEqual({ message: 'Đã xoá thành công.' })
    expect(await jobExists(added)).toBe(false)
    // Payload's own handler queued an empty job after each cancel.
    expect(await jobs()).toBe(before - 1)
    expect(await listed('editorBql')).toHaveLength(2)
  })

  it('should drop a schedule from the list once it ran, and one that failed', async () => {
    const id = await article('Hội nghị xúc tiến đầu tư 2025', world.orgs.bql)
    await schedule(id, 'publish', new Date(Date.now() - 1000), world.actors.bbt.authorization!)
    // An editor's schedule queued past every door fails when run, as that editor cannot publish.
    await server.payload.jobs.queue({
      input: {
        doc: { relationTo: 'articles', value: String(ids.bqlDraft) },
        type: 'publish',
        user: { relationTo: 'users', value: world.actors.editorBql.user!.id },
      } as never,
      task: 'schedulePublish',
      waitUntil: new Date(Date.now() - 1000),
    })
    expect(await listed('editorBql')).toHaveLength(4)
    // Payload retries a failed task; run the queue until nothing due is left.
    for (let round = 0; round < 5; round += 1) {
      await server.payload.jobs.run({ queue: 'default', silent: true })
    }
    expect((await request(`${server.url}/api/articles/${id}?depth=0`)).status).toBe(200)
    expect(await listed('editorBql')).toEqual([
      { by: null, title: 'Khánh thành nhà máy xử lý nước thải KCN', type: 'publish' },
      { by: null, title: 'Thông báo tuyển dụng viên chức 2025', type: 'unpublish' },
    ])
  })
})
