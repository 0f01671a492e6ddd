import { request } from '../helpers/http'
import type { TestServer } from '../helpers/startServer'
import { startServer } from '../helpers/startServer'
import { buildWorld } from '../helpers/world'

// Setup is system work (overrideAccess: true); the request under test carries the board's token.

/** What runs the queue: every server's own timer (autoRun), with no explicit run. */
describe('the job queue on its own timer', () => {
  let server: TestServer

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should publish a due article within one run period, with no explicit run', async () => {
    server = await startServer({ jobs: true, rateLimits: false })
    const world = await buildWorld(server.payload, server.url)
    const { id } = await server.payload.create({
      collection: 'articles',
      data: { _status: 'draft', department: world.orgs.bql as number, title: 'Tin tự xuất bản' },
      overrideAccess: true,
    })
    const response = await request(`${server.url}/api/articles/${id}/schedule`, {
      headers: { authorization: world.actors.bbt.authorization! },
      json: { at: new Date().toISOString(), type: 'publish' },
      method: 'POST',
    })
    expect(response.status).toBe(201)
    const deadline = Date.now() + 25_000
    let status = 404
    while (status !== 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500))
      status = (await request(`${server.url}/api/articles/${id}?depth=0`)).status
    }
    expect(status).toBe(200)
  })
})
