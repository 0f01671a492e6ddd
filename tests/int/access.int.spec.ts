import { fuzzWorldPerSuite } from '../helpers/fuzzWorld'
import type { Door, DoorContext } from '../helpers/doors'
import type { TestServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { countList, createDoc, deleteDoc, DOORS, readOne, updateDoc } from '../helpers/doors'
import { request } from '../helpers/http'
import { startServer } from '../helpers/startServer'
import { buildWorld } from '../helpers/world'
import type { Id } from '../../src/lib/types'
import { callGraphql } from '../helpers/answers'

// Setup and read-backs pass overrideAccess: true as system work; the requests under test use the caller's own access.

const SCOPED = ['articles', 'people', 'plans'] as const
type Scoped = (typeof SCOPED)[number]

let serial = 0
/** Minimal valid data for each department-scoped type. */
const dataFor = (
  collection: Scoped,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => {
  serial += 1
  if (collection === 'articles') {
    return { title: `Tin thử nghiệm số ${serial}`, ...extra }
  }
  if (collection === 'people') {
    return { name: `Nguyễn Văn Thử ${serial}`, ...extra }
  }
  return {
    issuedOn: '2021-03-03',
    number: `${serial}/KH-TEST`,
    title: `Kế hoạch thử ${serial}`,
    ...extra,
  }
}

describe('access: every role through every door', () => {
  let server: TestServer
  let world: World
  let ctx: DoorContext
  const records: Record<Scoped, { draft: Id; published: Id }> = {} as never

  /** Reads a record as the system, to prove what the database holds after a denial. */
  const stored = (collection: string, id: Id) =>
    server.payload.findByID({
      collection: collection as 'articles',
      depth: 0,
      id,
      overrideAccess: true,
    }) as Promise<Record<string, any>>

  /** Creates a record as the system, owned by `department`. */
  const seed = async (collection: Scoped, department: Id, status: 'draft' | 'published') =>
    (
      await server.payload.create({
        collection,
        data: dataFor(collection, { _status: status, department }) as never,
        overrideAccess: true,
      })
    ).id

  beforeAll(async () => {
    server = await startServer()
    ctx = { baseUrl: server.url, payload: server.payload }
    world = await buildWorld(server.payload, server.url)
    for (const collection of SCOPED) {
      records[collection] = {
        draft: await seed(collection, world.orgs.bql, 'draft'),
        published: await seed(collection, world.orgs.bql, 'published'),
      }
    }
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  describe.each(DOORS)('through %s', (door: Door) => {
    it.each(SCOPED)('should show anonymous callers published %s only', async (collection) => {
      const { anonymous } = world.actors
      expect(
        await readOne(ctx, door, anonymous, collection, records[collection].published),
      ).not.toBeNull()
      expect(await readOne(ctx, door, anonymous, collection, records[collection].draft)).toBeNull()
      expect(
        await readOne(ctx, door, anonymous, collection, records[collection].draft, { draft: true }),
      ).toBeNull()
      const total = await server.payload.count({
        collection,
        overrideAccess: true,
        where: { _status: { equals: 'published' } },
      })
      expect(await countList(ctx, door, anonymous, collection)).toBe(total.totalDocs)
    })

    it.each(SCOPED)(
      "should let an editor read their department's %s drafts and not another's",
      async (collection) => {
        const { draft } = records[collection]
        expect(await readOne(ctx, door, world.actors.editorBql, collection, draft)).not.toBeNull()
        expect(await readOne(ctx, door, world.actors.editorSnv, collection, draft)).toBeNull()
        expect(
          await readOne(ctx, door, world.actors.editorSnv, collection, draft, { draft: true }),
        ).toBeNull()
      },
    )

    it.each(SCOPED)(
      'should let the board and a drafts-scoped key read every %s draft',
      async (collection) => {
        const { draft } = records[collection]
        for (const actor of [world.actors.bbt, world.actors.admin, world.actors.clientDrafts]) {
          expect(await readOne(ctx, door, actor, collection, draft)).not.toBeNull()
        }
        expect(await readOne(ctx, door, world.actors.clientRead, collection, draft)).toBeNull()
      },
    )

    it.each(SCOPED)(
      'should refuse %s writes from anonymous callers and read-only keys',
      async (collection) => {
        const before = await server.payload.count({ collection, overrideAccess: true })
        const original = await stored(collection, records[collection].draft)
        for (const actor of [
          world.actors.anonymous,
          world.actors.clientRead,
          world.actors.clientDrafts,
        ]) {
          expect(
            (
              await createDoc(
                ctx,
                door,
                actor,
                collection,
                dataFor(collection, { department: world.orgs.bql }),
              )
            ).ok,
          ).toBe(false)
          expect(
            (
              await updateDoc(ctx, door, actor, collection, records[collection].draft, {
                slug: 'hacked',
              })
            ).ok,
          ).toBe(false)
          expect(
            (await deleteDoc(ctx, door, actor, collection, records[collection].draft)).ok,
          ).toBe(false)
        }
        expect((await server.payload.count({ collection, overrideAccess: true })).totalDocs).toBe(
          before.totalDocs,
        )
        expect(await stored(collection, records[collection].draft)).toEqual(original)
      },
    )

    it.each(SCOPED)(
      "should create an editor's %s in their own department, whatever was asked",
      async (collection) => {
        const result = await createDoc(
          ctx,
          door,
          world.actors.editorSnv,
          collection,
          dataFor(collection, { department: world.orgs.bql }),
        )
        expect(result.ok).toBe(true)
        const doc = await stored(collection, result.doc!.id)
        expect(String(doc.department)).toBe(String(world.orgs.snv))
        expect(doc._status).toBe('draft')
      },
    )

    it.each(SCOPED)(
      'should refuse an editor creating or turning %s published',
      async (collection) => {
        const before = await server.payload.count({ collection, overrideAccess: true })
        const created = await createDoc(
          ctx,
          door,
          world.actors.editorBql,
          collection,
          dataFor(collection, { _status: 'published' }),
        )
        expect(created.ok).toBe(false)
        expect((await server.payload.count({ collection, overrideAccess: true })).totalDocs).toBe(
          before.totalDocs,
        )
        const updated = await updateDoc(
          ctx,
          door,
          world.actors.editorBql,
          collection,
          records[collection].draft,
          { _status: 'published' },
        )
        expect(updated.ok).toBe(false)
        expect((await stored(collection, records[collection].draft))._status).toBe('draft')
      },
    )

    it.each(SCOPED)(
      "should let an editor edit their department's %s and refuse another department's",
      async (collection) => {
        const { draft } = records[collection]
        const original = await stored(collection, draft)
        const denied = await updateDoc(ctx, door, world.actors.editorSnv, collection, draft, {
          slug: `snv-${door}`,
        })
        expect(denied.ok).toBe(false)
        expect(await stored(collection, draft)).toEqual(original)
        const allowed = await updateDoc(ctx, door, world.actors.editorBql, collection, draft, {
          slug: `bql-${collection}-${door}`,
        })
        expect(allowed.ok).toBe(true)
        expect((await stored(collection, draft)).slug).toBe(`bql-${collection}-${door}`)
      },
    )

    it.each(SCOPED)(
      'should refuse an editor moving %s to another department',
      async (collection) => {
        const { draft } = records[collection]
        const moved = await updateDoc(ctx, door, world.actors.editorBql, collection, draft, {
          department: world.orgs.snv,
        })
        expect(moved.ok).toBe(false)
        expect(String((await stored(collection, draft)).department)).toBe(String(world.orgs.bql))
      },
    )

    it.each(SCOPED)("should let the board publish any department's %s", async (collection) => {
      const id = await seed(collection, world.orgs.snv, 'draft')
      const result = await updateDoc(ctx, door, world.actors.bbt, collection, id, {
        _status: 'published',
      })
      expect(result.ok).toBe(true)
      expect((await stored(collection, id))._status).toBe('published')
    })

    it.each(SCOPED)(
      'should let an editor delete their own %s draft but never published ones',
      async (collection) => {
        const published = records[collection].published
        expect((await deleteDoc(ctx, door, world.actors.editorBql, collection, published)).ok).toBe(
          false,
        )
        expect((await stored(collection, published)).id).toBe(published)
        const draft = await seed(collection, world.orgs.bql, 'draft')
        expect((await deleteDoc(ctx, door, world.actors.editorSnv, collection, draft)).ok).toBe(
          false,
        )
        expect((await stored(collection, draft)).id).toBe(draft)
        expect((await deleteDoc(ctx, door, world.actors.editorBql, collection, draft)).ok).toBe(
          true,
        )
        expect(
          (
            await server.payload.count({
              collection,
              overrideAccess: true,
              where: { id: { equals: draft } },
            })
          ).totalDocs,
        ).toBe(0)
      },
    )

    it('should let editors read organizations but only the board change them', async () => {
      expect(
        await readOne(ctx, door, world.actors.editorSnv, 'organizations', world.orgs.bql),
      ).not.toBeNull()
      const original = await stored('organizations', world.orgs.bql)
      expect(
        (
          await updateDoc(ctx, door, world.actors.editorBql, 'organizations', world.orgs.bql, {
            shortName: 'X',
          })
        ).ok,
      ).toBe(false)
      expect(
        (await createDoc(ctx, door, world.actors.editorBql, 'organizations', { name: 'Phòng mới' }))
          .ok,
      ).toBe(false)
      expect(await stored('organizations', world.orgs.bql)).toEqual(original)
      const byBoard = await createDoc(ctx, door, world.actors.bbt, 'organizations', {
        name: `Phòng ${door}`,
      })
      expect(byBoard.ok).toBe(true)
    })

    it('should let an editor read only their own account and never change their role or department', async () => {
      const editor = world.actors.editorBql
      const self = editor.user!.id as Id
      const other = world.actors.editorSnv.user!.id as Id
      expect(await readOne(ctx, door, editor, 'users', self)).not.toBeNull()
      expect(await readOne(ctx, door, editor, 'users', other)).toBeNull()
      expect(await countList(ctx, door, editor, 'users')).toBe(1)
      expect(await countList(ctx, door, world.actors.anonymous, 'users')).toBeNull()
      await updateDoc(ctx, door, editor, 'users', self, {
        department: world.orgs.snv,
        roles: ['admin'],
      })
      const after = await stored('users', self)
      expect(after.roles).toEqual(['editor'])
      expect(String(after.department)).toBe(String(world.orgs.bql))
    })

    it('should let the board read accounts but not change roles', async () => {
      const target = world.actors.editorSnv.user!.id as Id
      expect(await readOne(ctx, door, world.actors.bbt, 'users', target)).not.toBeNull()
      await updateDoc(ctx, door, world.actors.bbt, 'users', target, { roles: ['admin'] })
      expect((await stored('users', target)).roles).toEqual(['editor'])
    })

    it('should show the audit log to the board only and let nobody write it', async () => {
      const records = await server.payload.count({ collection: 'audit-log', overrideAccess: true })
      expect(records.totalDocs).toBeGreaterThan(0)
      expect(await countList(ctx, door, world.actors.bbt, 'audit-log')).toBeGreaterThan(0)
      expect(await countList(ctx, door, world.actors.admin, 'audit-log')).toBeGreaterThan(0)
      for (const actor of [
        world.actors.anonymous,
        world.actors.editorBql,
        world.actors.clientDrafts,
      ]) {
        const seen = await countList(ctx, door, actor, 'audit-log')
        expect(seen === null || seen === 0).toBe(true)
      }
      const first = (
        await server.payload.find({
          collection: 'audit-log',
          depth: 0,
          limit: 1,
          overrideAccess: true,
        })
      ).docs[0]!
      for (const actor of [world.actors.admin, world.actors.bbt]) {
        expect((await createDoc(ctx, door, actor, 'audit-log', { action: 'login' })).ok).toBe(false)
        expect((await updateDoc(ctx, door, actor, 'audit-log', first.id, { note: 'x' })).ok).toBe(
          false,
        )
        expect((await deleteDoc(ctx, door, actor, 'audit-log', first.id)).ok).toBe(false)
      }
      expect(await stored('audit-log', first.id)).toEqual(first)
    })
  })

  describe('versions', () => {
    it('should hide versions from anonymous callers and other departments', async () => {
      const id = records.articles.draft
      const where = `where[parent][equals]=${id}`
      const anon = await request(`${server.url}/api/articles/versions?${where}`)
      expect(anon.status === 403 || anon.body.totalDocs === 0).toBe(true)
      const other = await request(`${server.url}/api/articles/versions?${where}`, {
        headers: { authorization: world.actors.editorSnv.authorization! },
      })
      expect(other.status === 403 || other.body.totalDocs === 0).toBe(true)
      const own = await request(`${server.url}/api/articles/versions?${where}`, {
        headers: { authorization: world.actors.editorBql.authorization! },
      })
      expect(own.body.totalDocs).toBeGreaterThan(0)
      const local = await server.payload.findVersions({
        collection: 'articles',
        overrideAccess: false,
        user: world.actors.editorSnv.user as never,
        where: { parent: { equals: id } },
      })
      expect(local.totalDocs).toBe(0)
      const gql = await request(`${server.url}/api/graphql`, {
        json: {
          query: `{ versionsArticles(where: { parent: { equals: ${JSON.stringify(id)} } }) { totalDocs } }`,
        },
        method: 'POST',
      })
      expect(gql.body.data?.versionsArticles?.totalDocs ?? 0).toBe(0)
    })
  })

  describe('hidden fields', () => {
    it('should not let anyone filter or sort users by password hash or salt', async () => {
      const auth = { authorization: world.actors.admin.authorization! }
      const some = await request(`${server.url}/api/users?where[hash][like]=a&depth=0`, {
        headers: auth,
      })
      const none = await request(`${server.url}/api/users?where[hash][like]=zzzzzz&depth=0`, {
        headers: auth,
      })
      // Either refused, or the filter is not applied: it must not tell the two apart.
      expect(some.status >= 400 || some.body.totalDocs === none.body.totalDocs).toBe(true)
      expect(some.status).toBeLessThan(500)
      const sorted = await request(`${server.url}/api/users?sort=salt&depth=0`, { headers: auth })
      expect(sorted.status).toBeLessThan(500)
      if (sorted.status === 200) {
        expect(sorted.body.docs.some((doc: object) => 'hash' in doc || 'salt' in doc)).toBe(false)
      } else {
        expect(sorted.body.errors[0].message).toMatch(/salt/)
      }
    })
  })

  describe('copies (duplicate)', () => {
    // Payload's create access sees only what the caller sent; a copy takes `_status` from the
    // original, so an editor's copy of a published record came out published (REST with
    // ?draft=false, GraphQL, which has no draft argument). Found by red-teaming.
    it.each(SCOPED)(
      "should make an editor's copy of a published %s a draft of their department",
      async (collection) => {
        const source = records[collection].published
        const extra = (tag: string) =>
          collection === 'articles'
            ? { slug: `ban-sao-${tag}`, title: 'Bản sao' }
            : collection === 'people'
              ? { name: `Bản sao ${tag}`, slug: `ban-sao-${tag}` }
              : { number: `${tag}/KH-COPY`, slug: `ban-sao-${tag}` }
        const copies: Id[] = []
        for (const draft of ['false', 'true']) {
          const rest = await request(
            `${server.url}/api/${collection}/${source}/duplicate?depth=0&draft=${draft}`,
            {
              headers: { authorization: world.actors.editorSnv.authorization! },
              json: extra(`${collection}-rest-${draft}`),
              method: 'POST',
            },
          )
          expect(rest.status).toBeLessThan(500)
          if (rest.status === 200) {
            copies.push(rest.body.doc.id)
          }
        }
        const singular = { articles: 'Article', people: 'Person', plans: 'Plan' }[collection]
        const fields = Object.entries(extra(`${collection}-gql`))
          .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
          .join(', ')
        const data =
          collection === 'plans' ? `${fields}, title: "Bản sao", issuedOn: "2021-03-03"` : fields
        const gql = await callGraphql(
          server.url,
          `mutation { duplicate${singular}(id: ${JSON.stringify(source)}, data: { ${data} }) { id } }`,
          { authorization: world.actors.editorSnv.authorization! },
        )
        const made = (gql.data as Record<string, { id: Id } | null> | undefined)?.[
          `duplicate${singular}`
        ]
        if (made) {
          copies.push(made.id)
        }
        // REST (both ways) and GraphQL each made a copy: the check below is not vacuous.
        expect(copies).toHaveLength(3)
        for (const id of copies) {
          const copy = await stored(collection, id)
          expect(copy._status).toBe('draft')
          expect(String(copy.department)).toBe(String(world.orgs.snv))
        }
        const anonymous = await request(
          `${server.url}/api/${collection}?depth=0&where[slug][like]=ban-sao-${collection}`,
        )
        expect(anonymous.body.totalDocs).toBe(0)
      },
    )
  })

  describe('hidden fields of the accounts an article names', () => {
    // Payload checks a sort path against field access only when it resolves the whole path; through
    // a relationship to an account it did not, and the database sorted by that account's password
    // hash or reset token: an ordering oracle on secrets. Found by red-teaming.
    it.each([
      'review.submittedBy.hash',
      '-review.submittedBy.salt',
      'review.publishedBy.resetPasswordToken',
      'title,-review.reviewedBy.loginAttempts',
    ])('should refuse sorting articles by %s, for every caller and door', async (sort) => {
      for (const actor of [world.actors.anonymous, world.actors.editorSnv, world.actors.bbt]) {
        const headers = actor.authorization ? { authorization: actor.authorization } : undefined
        const rest = await request(
          `${server.url}/api/articles?depth=0&sort=${encodeURIComponent(sort)}`,
          { headers },
        )
        expect(rest.status).toBe(400)
        expect(rest.body.errors[0].message).toContain('sort')
        const gql = await callGraphql(
          server.url,
          `{ Articles(sort: ${JSON.stringify(sort)}) { docs { id } } }`,
          headers,
        )
        expect(gql.data?.Articles ?? null).toBeNull()
        expect(gql.errors?.length).toBeGreaterThan(0)
      }
    })

    it.each(['review.submittedBy.email', '-author.email', 'title,author.name'])(
      "should refuse sorting articles by %s (an account's field) to whoever may not read every account",
      async (sort) => {
        const path = `/api/articles?depth=0&sort=${encodeURIComponent(sort)}`
        const { admin, anonymous, clientRead, editorSnv } = world.actors
        for (const actor of [anonymous, clientRead, editorSnv]) {
          const headers = actor.authorization ? { authorization: actor.authorization } : undefined
          const rest = await request(`${server.url}${path}`, { headers })
          expect([actor.name, rest.status]).toEqual([actor.name, 400])
          expect(rest.body.errors[0].message).toContain('sort')
          const gql = await callGraphql(
            server.url,
            `{ Articles(sort: ${JSON.stringify(sort)}) { docs { id } } }`,
            headers,
          )
          expect(gql.data?.Articles ?? null).toBeNull()
        }
        const allowed = await request(`${server.url}${path}`, {
          headers: { authorization: admin.authorization! },
        })
        expect(allowed.status).toBe(200)
      },
    )

    it('should still sort by a related field anyone may read', async () => {
      const res = await request(`${server.url}/api/articles?depth=0&sort=department.name`)
      expect(res.status).toBe(200)
    })
  })

  // Found by fuzzing (tests/int/fuzz.int.spec.ts): a 5xx before its fix.
  it('should answer GraphQL permissions in full for anonymous callers', async () => {
    const { data, errors } = await callGraphql(
      server.url,
      '{ Access { canAccessAdmin media { read { permission } create { permission } } } docAccessUser(id: 1) { create { permission } } }',
    )
    expect(errors).toBeUndefined()
    expect(data).toEqual({
      Access: {
        canAccessAdmin: false,
        media: { create: { permission: false }, read: { permission: true } },
      },
      docAccessUser: { create: { permission: false } },
    })
  })
})

// Regressions the fuzz suite (fuzz.int.spec.ts) found, in the world it runs against (tests/helpers/fuzzWorld.ts): each was a 5xx, a hang or a leak before its fix.
describe('access: regressions found by fuzzing', () => {
  const suite = fuzzWorldPerSuite()

  it('should answer versions of a collection without versions with 404, not a 5xx', async () => {
    expect((await suite.fuzz.call('editor', '/api/topics/versions')).status).toBe(404)
  })
})
