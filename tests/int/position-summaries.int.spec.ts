import type { TestServer } from '../helpers/startServer'

import { refreshPositionSummaries } from '../../collections/people/refreshSummaries'
import { request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { adminToken, createDepartment } from '../helpers/world'

const DAY = 24 * 60 * 60 * 1000
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10)

/** A person's "current positions" must stop naming an office once its end date has passed. */
describe('position summaries as end dates pass', () => {
  let server: TestServer
  let token: string
  let department: number | string
  const later = Date.now() + 3 * DAY

  const create = async (name: string) =>
    (
      await server.payload.create({
        collection: 'people',
        data: {
          _status: 'published',
          bio: 'Tiểu sử tiếng Việt',
          department: department as number,
          name,
          positions: [
            {
              endDate: isoDay(Date.now() + DAY),
              organization: department as number,
              title: 'Giám đốc',
            },
            { organization: department as number, title: 'Chuyên viên' },
          ],
        },
        // System setup, not a request under test.
        overrideAccess: true,
      })
    ).id

  const versionsOf = async (id: number | string) =>
    (
      await server.payload.findVersions({
        collection: 'people',
        // System verification of what is stored.
        overrideAccess: true,
        where: { parent: { equals: id } },
      })
    ).totalDocs

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    // System setup, not requests under test: records created past access control.
    token = await adminToken(server.payload, server.url)
    department = await createDepartment(server.payload)
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should drop an ended office from the summary, and keep everything else', async () => {
    const id = await create('Nguyễn Văn An')
    const before = await request(`${server.url}/api/people/${id}?depth=0`)
    expect(before.body.positionsSummary).toBe('Giám đốc – Sở Nội vụ; Chuyên viên – Sở Nội vụ')
    const versions = await versionsOf(id)

    // As the running server does on its timer, three days on.
    await server.maintain(later)

    const after = await request(`${server.url}/api/people/${id}?depth=0`)
    expect(after.body.positionsSummary).toBe('Chuyên viên – Sở Nội vụ')
    expect(after.body.positions.map((p: { title: string }) => p.title)).toEqual([
      'Giám đốc',
      'Chuyên viên',
    ])
    expect(after.body.bio).toBe('Tiểu sử tiếng Việt')
    // The admin edits the latest version: it says the same.
    const latest = await request(`${server.url}/api/people/${id}?depth=0&draft=true`, { token })
    expect(latest.body.positionsSummary).toBe('Chuyên viên – Sở Nội vụ')
    expect(latest.body.positions).toHaveLength(2)
    expect(await versionsOf(id)).toBe(versions)
    // Done once: nothing left to rewrite.
    expect(await refreshPositionSummaries(server.payload, later)).toBe(0)
  })

  it("should leave a newer draft's own summary to its next save", async () => {
    const id = await create('Trần Thị Bình')
    const draft = await request(`${server.url}/api/people/${id}?draft=true`, {
      json: { bio: 'Bản nháp mới' },
      method: 'PATCH',
      token,
    })
    expect(draft.status).toBe(200)

    await server.maintain(later)

    const published = await request(`${server.url}/api/people/${id}?depth=0`)
    expect(published.body.positionsSummary).toBe('Chuyên viên – Sở Nội vụ')
    expect(published.body.bio).toBe('Tiểu sử tiếng Việt')
    const pending = await request(`${server.url}/api/people/${id}?depth=0&draft=true`, { token })
    expect(pending.body.bio).toBe('Bản nháp mới')
    expect(pending.body._status).toBe('draft')
  })
})
