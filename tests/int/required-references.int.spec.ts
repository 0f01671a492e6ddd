import type { TestServer } from '../helpers/startServer'
import type { World } from '../helpers/world'

import { referrersOf } from '../../src/plugins/references'
import { graphql, request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { buildWorld } from '../helpers/world'

// Setup and read-backs pass overrideAccess: true as system work; the deletes under test go
// through the board user's own access (REST, GraphQL, and the Local API with overrideAccess: false).

type Id = number | string

describe('required references: a record another record requires is not deleted', () => {
  let server: TestServer
  let world: World
  let bbt: string
  let serial = 0

  /** A published record, created as the system (test setup). */
  const seed = async (
    collection: 'articles' | 'organizations' | 'people',
    data: Record<string, unknown>,
  ): Promise<Id> =>
    (
      await server.payload.create({
        collection,
        data: { _status: 'published', ...data } as never,
        overrideAccess: true,
      })
    ).id

  const org = (name: string) => seed('organizations', { name })

  const person = (organization: Id, department: Id = world.orgs.bql) =>
    seed('people', {
      department,
      name: `Nguyễn Văn Giữ ${(serial += 1)}`,
      positions: [{ organization, title: 'Phó Giám đốc' }],
    })

  const article = (department: Id, extra: Record<string, unknown> = {}) =>
    seed('articles', { department, title: `Tin giữ tổ chức ${(serial += 1)}`, ...extra })

  const exists = async (collection: 'organizations', id: Id) =>
    (
      await server.payload.count({
        collection,
        overrideAccess: true,
        where: { id: { equals: id } },
      })
    ).totalDocs === 1

  const stored = (collection: 'articles' | 'people', id: Id) =>
    server.payload.findByID({
      collection,
      depth: 0,
      id,
      overrideAccess: true,
    }) as Promise<Record<string, any>>

  const restDelete = (id: Id) =>
    request(`${server.url}/api/organizations/${id}`, { method: 'DELETE', token: bbt })

  beforeAll(async () => {
    server = await startServer({ rateLimits: false })
    world = await buildWorld(server.payload, server.url)
    bbt = world.actors.bbt.authorization!.replace(/^JWT /, '')
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should hold, from the sanitized config, these required references between content types', () => {
    const map = Object.fromEntries(
      Object.keys(server.payload.collections)
        .map((target) => [
          target,
          referrersOf(server.payload, target).flatMap(({ collection, references }) =>
            references.map(({ path }) => `${collection.slug}.${path}`),
          ),
        ])
        .filter(([, paths]) => paths.length > 0),
    )
    // A redirect's `to.reference` is required only when its type is "reference": left out.
    expect(map).toEqual({
      organizations: expect.arrayContaining([
        'people.positions.organization',
        'people.department',
        'plans.department',
        'articles.department',
        'users.department',
        'api-clients.department',
      ]),
    })
    expect(map.organizations).toHaveLength(6)
  })

  it("should refuse deleting an editor's or a write key's department, naming the accounts and keys", async () => {
    const department = await org('Sở Nội vụ')
    // Setup and the reassignment below are system work (an admin's), past access control.
    const editor = await server.payload.create({
      collection: 'users',
      data: {
        department,
        email: `bien-tap-${(serial += 1)}@so-noi-vu.example`,
        name: 'Biên tập Sở Nội vụ',
        password: 'mat-khau-du-dai-123',
        roles: ['editor'],
      } as never,
      overrideAccess: true,
    })
    const key = await server.payload.create({
      collection: 'api-clients',
      data: { department, name: 'Cổng Sở Nội vụ', scope: 'write' } as never,
      overrideAccess: true,
    })
    const res = await restDelete(department)
    expect(res.status).toBe(409)
    const message = res.body.errors[0].message as string
    expect(message).toContain('1 người dùng (users: department)')
    expect(message).toContain('1 ứng dụng tích hợp (API) (api-clients: department)')
    expect(message).toContain('1 Users (users: department)')
    expect(await exists('organizations', department)).toBe(true)

    // Once both belong elsewhere, the department goes.
    for (const [collection, id] of [
      ['users', editor.id],
      ['api-clients', key.id],
    ] as const) {
      await server.payload.update({
        collection,
        data: { department: world.orgs.bql } as never,
        id,
        overrideAccess: true,
      })
    }
    expect((await restDelete(department)).status).toBe(200)
    expect(await exists('organizations', department)).toBe(false)
  })

  it('should refuse (409) deleting an organization where someone holds a position, changing nothing', async () => {
    const held = await org('Sở Tài chính')
    const first = await person(held)
    const second = await person(held)
    const res = await restDelete(held)
    expect(res.status).toBe(409)
    expect(res.body).toEqual({ errors: [{ message: expect.any(String) }] })
    const message = res.body.errors[0].message as string
    expect(message).toContain('Không thể xóa')
    expect(message).toContain('Cannot delete')
    expect(message).toContain('2 nhân sự (people: positions.organization)')
    expect(message).toContain('2 People (people: positions.organization)')
    expect(await exists('organizations', held)).toBe(true)
    for (const id of [first, second]) {
      expect((await stored('people', id)).positions[0].organization).toBe(held)
    }
    // The person can still be saved and published, as before.
    const saved = await request(`${server.url}/api/people/${first}`, {
      json: { _status: 'published', name: 'Nguyễn Văn Giữ Lại' },
      method: 'PATCH',
      token: bbt,
    })
    expect(saved.status).toBe(200)
  })

  it('should refuse deleting the owning department of an article, naming articles', async () => {
    const department = await org('Sở Xây dựng')
    const owned = await article(department)
    const res = await restDelete(department)
    expect(res.status).toBe(409)
    expect(res.body.errors[0].message).toContain('1 tin bài (articles: department)')
    expect(await exists('organizations', department)).toBe(true)
    expect((await stored('articles', owned)).department).toBe(department)
  })

  it("should refuse when only an article's latest draft names the department", async () => {
    const department = await org('Sở Công Thương')
    const owned = await article(world.orgs.bql)
    // A newer draft moves the article; its published version keeps the old department.
    await server.payload.update({
      collection: 'articles',
      data: { department: department as number },
      draft: true,
      id: owned,
      overrideAccess: true,
    })
    expect((await stored('articles', owned)).department).toBe(world.orgs.bql)
    const res = await restDelete(department)
    expect(res.status).toBe(409)
    expect(res.body.errors[0].message).toContain('trong đó 1 ở bản nháp')
    expect(await exists('organizations', department)).toBe(true)
  })

  it('should delete an organization nobody requires, emptying optional references as before', async () => {
    const free = await org('Sở Khoa học và Công nghệ')
    // Optional: an article mentions it, and a plan names it as issuer.
    const mentioning = await article(world.orgs.bql, { organizations: [free] })
    const plan = await server.payload.create({
      collection: 'plans',
      data: {
        _status: 'published',
        department: world.orgs.bql as number,
        issuedOn: '2021-03-03',
        issuer: free as number,
        number: '7/KH-SKHCN',
        title: 'Kế hoạch thử',
      },
      overrideAccess: true,
    })
    const res = await restDelete(free)
    expect(res.status).toBe(200)
    expect(await exists('organizations', free)).toBe(false)
    expect((await stored('articles', mentioning)).organizations ?? []).toEqual([])
    const storedPlan = (await server.payload.findByID({
      collection: 'plans',
      depth: 0,
      id: plan.id,
      overrideAccess: true,
    })) as Record<string, any>
    expect(storedPlan.issuer ?? null).toBeNull()
  })

  it('should refuse alike through GraphQL and the Local API as the board user', async () => {
    const held = await org('Sở Y tế')
    await person(held)
    const viaGraphql = await graphql(
      server.url,
      'mutation ($id: Int!) { deleteOrganization(id: $id) { id } }',
      { id: held },
      bbt,
    )
    expect(viaGraphql.body.data?.deleteOrganization ?? null).toBeNull()
    expect(viaGraphql.body.errors[0].message).toContain('nhân sự (people: positions.organization)')
    expect(viaGraphql.body.errors[0].extensions?.statusCode).toBe(409)

    await expect(
      server.payload.delete({
        collection: 'organizations',
        id: held,
        overrideAccess: false,
        user: world.actors.bbt.user as never,
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining('Không thể xóa'), status: 409 })
    expect(await exists('organizations', held)).toBe(true)
  })

  it('should report the blocked ones of a bulk delete by where and delete the rest', async () => {
    const heldA = await org('Phòng Bulk A')
    const heldB = await org('Phòng Bulk B')
    const free = await org('Phòng Bulk C')
    const holder = await person(heldA)
    const owned = await article(heldB)
    const res = await request(
      `${server.url}/api/organizations?where[name][like]=${encodeURIComponent('Phòng Bulk')}`,
      { method: 'DELETE', token: bbt },
    )
    expect(res.status).toBe(400)
    expect(res.body.docs.map((doc: { id: Id }) => doc.id)).toEqual([free])
    const errors = res.body.errors as { id: Id; message: string }[]
    expect(errors.map(({ id }) => id).sort()).toEqual([heldA, heldB].sort())
    expect(errors.find(({ id }) => id === heldA)!.message).toContain(
      'people: positions.organization',
    )
    expect(errors.find(({ id }) => id === heldB)!.message).toContain('articles: department')
    expect(await exists('organizations', heldA)).toBe(true)
    expect(await exists('organizations', heldB)).toBe(true)
    expect(await exists('organizations', free)).toBe(false)
    expect((await stored('people', holder)).positions[0].organization).toBe(heldA)
    expect((await stored('articles', owned)).department).toBe(heldB)
  })
})
