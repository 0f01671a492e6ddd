import type { ChildProcessWithoutNullStreams } from 'node:child_process'

import { spawn } from 'node:child_process'
import readline from 'node:readline'

import type { IntContext } from '../helpers/initPayloadInt'
import { initPayloadInt } from '../helpers/initPayloadInt'
import { createDepartment, PASSWORD } from '../helpers/world'

// Setup and read-backs are system work (overrideAccess: true); the jobs act as the board member
// who scheduled them, as the admin's "Schedule publish" does.

const root = process.cwd()
const onDrizzle = process.env.TEST_DATABASE === 'mongodb' ? describe.skip : describe
const ROUNDS = 6
const ARTICLES_PER_ROUND = 6

/** Every runner process started, so afterAll stops them even when setup failed halfway. */
const children: ChildProcessWithoutNullStreams[] = []

type Runner = {
  child: ChildProcessWithoutNullStreams
  next: () => Promise<string>
  output: () => string
}

/** `tests/helpers/jobRunner.ts` as its own process on the test's database; resolves when ready. */
const spawnRunner = async (databaseUri: string): Promise<Runner> => {
  const child = spawn(process.execPath, ['scripts/launch.mjs', 'tests/helpers/jobRunner.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URI: databaseUri, NODE_OPTIONS: '' },
  })
  children.push(child)
  let output = ''
  child.stderr.on('data', (chunk) => (output += chunk))
  const lines = readline.createInterface({ input: child.stdout })
  const queue: string[] = []
  const waiting: ((line: string) => void)[] = []
  lines.on('line', (line) => {
    output += `${line}\n`
    if (!line.startsWith('@@')) {
      return
    }
    line = line.slice(2)
    const waiter = waiting.shift()
    if (waiter) {
      waiter(line)
    } else {
      queue.push(line)
    }
  })
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const line = queue.shift()
      if (line !== undefined) {
        resolve(line)
        return
      }
      const timer = setTimeout(() => reject(new Error(`runner silent:\n${output}`)), 90_000)
      waiting.push((got) => {
        clearTimeout(timer)
        resolve(got)
      })
    })
  const runner = { child, next, output: () => output }
  expect(await next()).toBe('ready')
  return runner
}

onDrizzle('jobs run exactly once with two runners', () => {
  let ctx: IntContext
  let runners: Runner[] = []
  let boardUser: number | string
  let department: number

  beforeAll(async () => {
    ctx = await initPayloadInt()
    department = await createDepartment(ctx.payload)
    boardUser = (
      await ctx.payload.create({
        collection: 'users',
        data: { email: 'bbt.race@test.vn', password: PASSWORD, roles: ['bbt'] },
        overrideAccess: true,
      })
    ).id
    runners = await Promise.all([spawnRunner(ctx.databaseUri), spawnRunner(ctx.databaseUri)])
  })

  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) {
              resolve(null)
              return
            }
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
            child.once('exit', () => {
              clearTimeout(timer)
              resolve(null)
            })
            child.stdin.end('stop\n')
          }),
      ),
    )
    await ctx?.cleanup()
  })

  const queue = (article: number | string, type: 'publish' | 'unpublish', at: Date) =>
    ctx.payload.jobs.queue({
      input: {
        doc: { relationTo: 'articles', value: String(article) },
        type,
        user: { relationTo: 'users', value: boardUser },
      } as never,
      task: 'schedulePublish',
      waitUntil: at,
    })

  /** Audit records of the board member's (the jobs') changes to `article`, by action. */
  const auditedActions = async (article: number | string) => {
    const { docs } = await ctx.payload.find({
      collection: 'audit-log',
      limit: 0,
      overrideAccess: true,
      pagination: false,
      where: {
        and: [
          { actor: { equals: boardUser } },
          { targetCollection: { equals: 'articles' } },
          { targetId: { equals: String(article) } },
        ],
      },
    })
    return docs.map((doc) => doc.action).sort()
  }

  const publishedVersions = (article: number | string) =>
    ctx.payload
      .countVersions({
        collection: 'articles',
        overrideAccess: true,
        where: {
          and: [{ parent: { equals: article } }, { 'version._status': { equals: 'published' } }],
        },
      })
      .then(({ totalDocs }) => totalDocs)

  it('should publish and unpublish each scheduled article once, round after round', async () => {
    const published: (number | string)[] = []
    for (let round = 1; round <= ROUNDS; round += 1) {
      // Odd rounds publish new drafts; even rounds unpublish what the round before published.
      const unpublishing = round % 2 === 0
      const articles = unpublishing
        ? published.slice(-ARTICLES_PER_ROUND)
        : await Promise.all(
            Array.from({ length: ARTICLES_PER_ROUND }, async (_, index) => {
              const { id } = await ctx.payload.create({
                collection: 'articles',
                data: {
                  _status: 'draft',
                  department,
                  title: `Tin hẹn giờ vòng ${round} số ${index + 1}`,
                },
                overrideAccess: true,
              })
              return id
            }),
          )
      const due = new Date(Date.now() - 1000)
      const jobs = []
      for (const article of articles) {
        jobs.push(await queue(article, unpublishing ? 'unpublish' : 'publish', due))
      }
      for (const runner of runners) {
        runner.child.stdin.write(`go ${round}\n`)
      }
      const reports = await Promise.all(runners.map((runner) => runner.next()))
      const ran = reports.map((line) => {
        const match = /^done (\d+) (.*)$/.exec(line)
        expect(match?.[1]).toBe(String(round))
        return JSON.parse(match![2]!) as string[]
      })
      // Every job ran, and no job ran in both runners.
      expect([...ran[0]!, ...ran[1]!].sort()).toEqual(jobs.map((job) => String(job.id)).sort())
      expect(ran[0]!.filter((id) => ran[1]!.includes(id))).toEqual([])

      for (const article of articles) {
        // A second run would add a record ('update': the status was already changed).
        expect(await auditedActions(article)).toEqual(
          unpublishing ? ['publish', 'unpublish'] : ['publish'],
        )
        expect(await publishedVersions(article)).toBe(1)
        const stored = await ctx.payload.findByID({
          collection: 'articles',
          depth: 0,
          id: article,
          overrideAccess: true,
        })
        expect(stored._status).toBe(unpublishing ? 'draft' : 'published')
      }
      if (!unpublishing) {
        published.push(...articles)
      }
    }
    const { docs } = await ctx.payload.db.find({
      collection: 'payload-jobs',
      limit: 0,
      pagination: false,
      where: { taskSlug: { equals: 'schedulePublish' } },
    })
    // Finished jobs stay listed, each finished once, none failed or left taken.
    expect(docs).toHaveLength(ROUNDS * ARTICLES_PER_ROUND)
    for (const job of docs as Record<string, unknown>[]) {
      expect(job).toMatchObject({ hasError: false, processing: false })
      expect(job.completedAt).toBeTruthy()
      expect(job.log).toHaveLength(1)
    }
  })
})
