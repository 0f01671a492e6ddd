import { request } from '../helpers/http'
import type { TestServer } from '../helpers/startServer'
import { startServer } from '../helpers/startServer'
import { createDepartment } from '../helpers/world'

// Setup and read-backs are system work (overrideAccess: true, or the database adapter itself).

const DAY = 24 * 60 * 60 * 1000
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10)
const STALE = 'Giám đốc – Sở Nội vụ; Chuyên viên – Sở Nội vụ'
const FRESH = 'Chuyên viên – Sở Nội vụ'

type JobDoc = {
  completedAt?: null | string
  id: number | string
  log?: { output?: { rewritten?: number; skipped?: boolean } }[]
  queue?: string
  taskSlug?: string
  waitUntil?: string
}

/** Upkeep runs as scheduled jobs on Payload's queue, once per period however many instances. */
describe('upkeep as scheduled jobs', () => {
  let server: TestServer
  let department: number

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    department = await createDepartment(server.payload)
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  const jobsOf = async (taskSlug: string): Promise<JobDoc[]> =>
    (
      await server.payload.db.find({
        collection: 'payload-jobs',
        limit: 0,
        pagination: false,
        sort: 'id',
        where: { taskSlug: { equals: taskSlug } },
      })
    ).docs as JobDoc[]

  /** A person whose office ended yesterday, with the summary stored before it ended. */
  const stalePerson = async (name: string) => {
    const { id } = await server.payload.create({
      collection: 'people',
      data: {
        _status: 'published',
        department,
        name,
        positions: [
          { endDate: isoDay(Date.now() - DAY), organization: department, title: 'Giám đốc' },
          { organization: department, title: 'Chuyên viên' },
        ],
      },
      overrideAccess: true,
    })
    // As saved while the office was still held: written past hooks, as time would leave it.
    await server.payload.db.updateOne({
      collection: 'people',
      data: { positionsSummary: STALE },
      id,
      returning: false,
    })
    return id
  }

  it('should schedule each upkeep task on the upkeep queue, once however often asked', async () => {
    const tasks = (server.payload.config.jobs.tasks ?? []).filter((task) => task.schedule?.length)
    expect(tasks.map((task) => task.slug).sort()).toEqual([
      'pruneFinishedJobs',
      'refreshPositionSummaries',
    ])
    for (const task of tasks) {
      expect(task.schedule).toEqual([expect.objectContaining({ queue: 'upkeep' })])
    }
    // Two instances' schedulers asking one after the other: one pending run per task.
    await server.payload.jobs.handleSchedules({ queue: 'upkeep' })
    await server.payload.jobs.handleSchedules({ queue: 'upkeep' })
    const pending = await jobsOf('refreshPositionSummaries')
    expect(pending).toHaveLength(1)
    expect(pending[0]).toMatchObject({ queue: 'upkeep' })
    expect(new Date(pending[0]!.waitUntil!).getTime()).toBeGreaterThan(Date.now())
  })

  it('should rewrite stale summaries once for a period queued twice, and drop the cache', async () => {
    const id = await stalePerson('Lê Văn Cường')
    // The public answer is cached with the stale summary.
    const cached = await request(`${server.url}/api/people/${id}?depth=0`)
    expect(cached.body.positionsSummary).toBe(STALE)

    // Two instances' schedulers at the same moment: two jobs for one period, both due.
    const period = new Date(Date.now() - 1000)
    for (let copy = 0; copy < 2; copy += 1) {
      await server.payload.jobs.queue({
        input: {},
        meta: { scheduled: true },
        queue: 'upkeep',
        task: 'refreshPositionSummaries',
        waitUntil: period,
      })
    }
    await server.payload.jobs.run({ queue: 'upkeep', silent: true })

    const ran = (await jobsOf('refreshPositionSummaries')).filter(
      (job) => job.waitUntil === period.toISOString(),
    )
    expect(ran).toHaveLength(2)
    expect(ran.every((job) => job.completedAt)).toBe(true)
    expect(ran.map((job) => job.log?.[0]?.output)).toEqual([
      { rewritten: 1, skipped: false },
      { rewritten: 0, skipped: true },
    ])
    const after = await request(`${server.url}/api/people/${id}?depth=0`)
    expect(after.body.positionsSummary).toBe(FRESH)
  })

  it('should let PortalServer.maintain() run upkeep at once', async () => {
    const id = await stalePerson('Phạm Thị Dung')
    await server.maintain()
    const person = await server.payload.findByID({
      collection: 'people',
      depth: 0,
      id,
      overrideAccess: true,
    })
    expect(person.positionsSummary).toBe(FRESH)
  })
})
