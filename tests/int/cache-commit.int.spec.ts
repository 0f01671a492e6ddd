import type { CollectionAfterOperationHook, Plugin } from 'payload'

import type { TestServer } from '../helpers/startServer'

import { defaultPlugins } from '../../src/config'
import { addHooks } from '../../src/plugins/compose'
import { login, request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { createDepartment, PASSWORD } from '../helpers/world'

const PAUSED_TITLE = 'Tiêu đề lưu chậm'

/** Holds a save of PAUSED_TITLE after its hooks ran and before its transaction commits. */
let reached: () => void = () => {}
let gate: Promise<void> = Promise.resolve()
const pauseBeforeCommit: CollectionAfterOperationHook = async ({ operation, result }) => {
  if (operation === 'updateByID' && (result as { title?: string })?.title === PAUSED_TITLE) {
    reached()
    await gate
  }
  return result
}
const pausing: Plugin = (config) =>
  addHooks(config, 'articles', { afterOperation: [pauseBeforeCommit] })

describe('response cache and the write transaction', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startServer({ plugins: [...defaultPlugins(), pausing], rateLimits: false })
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should not keep an answer read between a write and its commit', async () => {
    // System setup: a published article and an admin, through the Local API.
    const department = await createDepartment(server.payload)
    const article = await server.payload.create({
      collection: 'articles',
      data: { _status: 'published', department, slug: 'giao-dich', title: 'Tiêu đề cũ' },
      overrideAccess: true,
    })
    await server.payload.create({
      collection: 'users',
      data: { email: 'admin@commit.test', password: PASSWORD, roles: ['admin'] },
      overrideAccess: true,
    })
    const token = await login(server.url, 'admin@commit.test', PASSWORD)
    const read = () => request(`${server.url}/api/articles?where[slug][equals]=giao-dich&depth=0`)
    const titles = async () =>
      ((await read()).body.docs as { title: string }[]).map(({ title }) => title)

    expect(await titles()).toEqual(['Tiêu đề cũ'])
    let release!: () => void
    gate = new Promise((resolve) => {
      release = resolve
    })
    const paused = new Promise<void>((resolve) => {
      reached = resolve
    })
    const saving = request(`${server.url}/api/articles/${article.id}?depth=0`, {
      json: { title: PAUSED_TITLE },
      method: 'PATCH',
      token,
    })
    await paused
    // The save's hooks have run; it has not committed, so a reader still sees the old title.
    expect(await titles()).toEqual(['Tiêu đề cũ'])
    expect(await titles()).toEqual(['Tiêu đề cũ'])
    release()
    expect((await saving).status).toBe(200)
    const after = await read()
    expect(after.body.docs.map(({ title }: { title: string }) => title)).toEqual([PAUSED_TITLE])
    expect(after.headers.get('x-cache')).toBeNull()
  })
})
