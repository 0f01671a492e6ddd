import { createLocalReq } from 'payload'

import { graphql, request } from '../helpers/http'
import type { TestServer } from '../helpers/startServer'
import { startServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { buildWorld } from '../helpers/world'

// Setup and read-backs are system work (overrideAccess: true); the requests under test carry the
// caller's own credentials.

const HOUR = 60 * 60 * 1000

/** Scheduled publishing: `POST /api/articles/<id>/schedule` and the job that carries it out. */
describe('scheduled publish and unpublish', () => {
  let server: TestServer
  let world: World

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    world = await buildWorld(server.payload, server.url)
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  const draftArticle = async (title: string) =>
    (
      await server.payload.create({
        collection: 'articles',
        data: { _status: 'draft', department: world.orgs.bql as number, title },
        overrideAccess: true,
      })
    ).id

  const schedule = (id: number | string, body: unknown, authorization?: string) =>
    request(`${server.url}/api/articles/${id}/schedule`, {
      headers: authorization ? { authorization } : {},
      json: body,
      method: 'POST',
    })

  const jobCount = async () =>
    (
      await server.payload.db.count({
        collection: 'payload-jobs',
        where: { taskSlug: { equals: 'schedulePublish' } },
      })
    ).totalDocs

  /** The admin's "upcoming" list for a document: Payload UI's own query (buildUpcomingScheduleWhere). */
  const upcomingInAdmin = async (id: number | string) =>
    (
      await server.payload.db.find({
        collection: 'payload-jobs',
        limit: 0,
        pagination: false,
        where: {
          and: [
            { taskSlug: { equals: 'schedulePublish' } },
            { waitUntil: { greater_than: new Date() } },
            { 'input.doc.value': { equals: String(id) } },
            { 'input.doc.relationTo': { equals: 'articles' } },
          ],
        },
      })
    ).docs

  const anonymousStatus = async (id: number | string) =>
    (await request(`${server.url}/api/articles/${id}?depth=0`)).status

  const auditedActions = async (id: number | string) =>
    (
      await server.payload.find({
        collection: 'audit-log',
        limit: 0,
        overrideAccess: true,
        pagination: false,
        where: {
          and: [
            { targetCollection: { equals: 'articles' } },
            { targetId: { equals: String(id) } },
            { action: { in: ['publish', 'unpublish', 'update'] } },
          ],
        },
      })
    ).docs.map((doc) => ({ action: doc.action, actor: doc.actorEmail }))

  const publishedVersions = async (id: number | string) =>
    (
      await server.payload.countVersions({
        collection: 'articles',
        overrideAccess: true,
        where: {
          and: [{ parent: { equals: id } }, { 'version._status': { equals: 'published' } }],
        },
      })
    ).totalDocs

  it("should start no job runner in a server started without them, even once Payload's handlers served a request", async () => {
    // Payload's REST handlers ask for the runners on their first request (initReq, cron: true).
    expect((await request(`${server.url}/api/articles?limit=1`)).status).toBe(200)
    expect([401, 403]).toContain((await request(`${server.url}/api/payload-jobs?limit=1`)).status)
    expect(server.payload.crons).toHaveLength(0)
  })

  it("should keep the queue's statistics to the admin: no GraphQL field, no anonymous REST read", async () => {
    // Payload adds this global for scheduled tasks; its GraphQL access query failed with a 500.
    const access = await graphql(server.url, '{ docAccessPayloadJobsStat { __typename } }')
    expect([200, 400]).toContain(access.status)
    expect(access.body.data).toBeUndefined()
    expect(access.body.errors[0].message).toMatch(/docAccessPayloadJobsStat/)
    for (const path of ['globals/payload-jobs-stats', 'globals/payload-jobs-stats/access']) {
      const rest = await request(`${server.url}/api/${path}`)
      expect([path, rest.status < 500, JSON.stringify(rest.body)]).toEqual([
        path,
        true,
        expect.not.stringMatching(/stats"\s*:\s*\{/),
      ])
    }
  })

  it('should refuse anonymous callers, editors and integrator keys, queuing nothing', async () => {
    const id = await draftArticle('Tin chưa được hẹn giờ')
    const body = { at: new Date(Date.now() + HOUR).toISOString(), type: 'publish' }
    const before = await jobCount()
    const anonymous = await schedule(id, body)
    expect([401, 403]).toContain(anonymous.status)
    expect(anonymous.body.errors[0].message).toMatch(/Log in/)
    const editor = await schedule(id, body, world.actors.editorBql.authorization)
    expect(editor.status).toBe(403)
    expect(editor.body.errors[0].message).toMatch(/editorial board/)
    expect((await schedule(id, body, world.actors.clientDrafts.authorization)).status).toBe(403)
    expect(await jobCount()).toBe(before)
  })

  it('should not let an editor queue or run jobs through the other doors', async () => {
    const id = await draftArticle('Tin biên tập viên muốn tự xuất bản')
    const before = await jobCount()
    // Local API acting for the editor.
    const req = await createLocalReq({ user: world.actors.editorBql.user as never }, server.payload)
    await expect(
      server.payload.jobs.queue({
        input: { doc: { relationTo: 'articles', value: String(id) }, type: 'publish' } as never,
        overrideAccess: false,
        req,
        task: 'schedulePublish',
      }),
    ).rejects.toMatchObject({ status: 403 })
    // REST: the jobs collection takes no writes, and only admins run the queue.
    const rest = await request(`${server.url}/api/payload-jobs`, {
      headers: { authorization: world.actors.editorBql.authorization! },
      json: {
        input: { doc: { relationTo: 'articles', value: String(id) } },
        taskSlug: 'schedulePublish',
      },
      method: 'POST',
    })
    expect(rest.status).toBeGreaterThanOrEqual(400)
    expect(rest.status).toBeLessThan(500)
    const run = await request(`${server.url}/api/payload-jobs/run`, {
      headers: { authorization: world.actors.editorBql.authorization! },
    })
    // Payload answers a refused run with 401; by default any signed-in user could run it.
    expect([401, 403]).toContain(run.status)
    // GraphQL has no way to queue one.
    const mutation = await graphql(
      server.url,
      'mutation { createPayloadJob(data: { taskSlug: schedulePublish }) { id } }',
      {},
      world.actors.editorBql.authorization!.slice('JWT '.length),
    )
    expect(mutation.body.errors?.length).toBeGreaterThan(0)
    expect(await jobCount()).toBe(before)
    expect(await anonymousStatus(id)).toBe(404)
  })

  it('should name what is wrong in a bad request', async () => {
    const id = await draftArticle('Tin hẹn giờ sai cú pháp')
    const token = world.actors.bbt.authorization
    const before = await jobCount()
    const cases: [unknown, RegExp][] = [
      [{ at: '2030-01-01T08:00:00Z', type: 'archive' }, /"type" must be "publish" or "unpublish"/],
      [{ at: '2030-01-01T08:00:00Z' }, /"type" is missing/],
      [{ type: 'publish' }, /"at" is missing/],
      [{ at: 'next tuesday', type: 'publish' }, /"at" "next tuesday" is not an ISO date-time/],
      [{ at: '2030-13-45T08:00:00Z', type: 'publish' }, /not an ISO date-time/],
      // Without an offset the moment depends on whose clock reads it.
      [{ at: '2030-01-01T08:00:00', type: 'publish' }, /with its offset/],
      [[1, 2], /JSON object/],
    ]
    for (const [body, message] of cases) {
      const response = await schedule(id, body, token)
      expect(response.status).toBe(400)
      expect(response.body.errors[0].message).toMatch(message)
    }
    const unknown = await schedule(987654, { at: '2030-01-01T08:00:00Z', type: 'publish' }, token)
    expect(unknown.status).toBe(404)
    expect(unknown.body.errors[0].message).toMatch(/No article with id "987654"/)
    expect(
      (await schedule('abc', { at: '2030-01-01T08:00:00Z', type: 'publish' }, token)).status,
    ).toBe(404)
    const notJson = await request(`${server.url}/api/articles/${id}/schedule`, {
      body: '{"type": ',
      headers: { authorization: token!, 'content-type': 'application/json' },
      method: 'POST',
    })
    expect(notJson.status).toBe(400)
    expect(await jobCount()).toBe(before)
  })

  it('should queue the job the admin lists, and run it only when due', async () => {
    const id = await draftArticle('Tin hẹn xuất bản sau một giờ')
    const at = new Date(Date.now() + HOUR)
    const response = await schedule(
      id,
      { at: at.toISOString(), type: 'publish' },
      world.actors.bbt.authorization,
    )
    expect(response.status).toBe(201)
    expect(response.body).toMatchObject({ article: id, at: at.toISOString(), type: 'publish' })
    const upcoming = await upcomingInAdmin(id)
    expect(upcoming.map((job) => job.id)).toEqual([response.body.id])
    expect(upcoming[0]).toMatchObject({
      input: { type: 'publish', user: { relationTo: 'users', value: world.actors.bbt.user!.id } },
      queue: 'default',
    })
    await server.payload.jobs.run({ queue: 'default' })
    expect(await anonymousStatus(id)).toBe(404)
    expect(await upcomingInAdmin(id)).toHaveLength(1)
  })

  it('should publish once when due, as the board member who scheduled it', async () => {
    const id = await draftArticle('Tin hẹn xuất bản đã đến giờ')
    const at = new Date(Date.now() - 1000).toISOString().replace('Z', '+00:00')
    const response = await schedule(id, { at, type: 'publish' }, world.actors.bbt.authorization)
    expect(response.status).toBe(201)
    expect(await anonymousStatus(id)).toBe(404)
    await server.payload.jobs.run({ queue: 'default' })
    expect(await anonymousStatus(id)).toBe(200)
    expect(await publishedVersions(id)).toBe(1)
    expect(await auditedActions(id)).toEqual([{ action: 'publish', actor: 'bbt@test.vn' }])
    // Run again: nothing left to do.
    await server.payload.jobs.run({ queue: 'default' })
    expect(await publishedVersions(id)).toBe(1)
    expect(await auditedActions(id)).toHaveLength(1)
  })

  it('should unpublish once when due, for an admin too', async () => {
    const id = (
      await server.payload.create({
        collection: 'articles',
        data: { _status: 'published', department: world.orgs.bql as number, title: 'Tin sẽ gỡ' },
        overrideAccess: true,
      })
    ).id
    expect(await anonymousStatus(id)).toBe(200)
    const at = new Date(Date.now() + 1500)
    const response = await schedule(
      id,
      { at: at.toISOString(), type: 'unpublish' },
      world.actors.admin.authorization,
    )
    expect(response.status).toBe(201)
    await server.payload.jobs.run({ queue: 'default' })
    expect(await anonymousStatus(id)).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, at.getTime() - Date.now() + 50))
    await server.payload.jobs.run({ queue: 'default' })
    expect(await anonymousStatus(id)).toBe(404)
    // Besides the system's own publish at setup (no actor).
    expect((await auditedActions(id)).filter((record) => record.actor)).toEqual([
      { action: 'unpublish', actor: 'admin@test.vn' },
    ])
  })

  it("should not publish an editor's schedule queued past the endpoint (the admin's form)", async () => {
    const id = await draftArticle('Tin biên tập viên hẹn giờ trong trang quản trị')
    // The admin's server function queues with the signed-in user, whoever it is.
    await server.payload.jobs.queue({
      input: {
        doc: { relationTo: 'articles', value: String(id) },
        type: 'publish',
        user: { relationTo: 'users', value: world.actors.editorBql.user!.id },
      } as never,
      task: 'schedulePublish',
      waitUntil: new Date(Date.now() - 1000),
    })
    await server.payload.jobs.run({ queue: 'default', silent: true })
    expect(await anonymousStatus(id)).toBe(404)
    expect(await publishedVersions(id)).toBe(0)
  })
})
