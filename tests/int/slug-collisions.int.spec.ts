import type { CollectionSlug } from 'payload'

import { importArticle } from '../../src/import/importArticle'
import { importBatch } from '../../src/import/importBatch'
import { idsOf } from '../../src/lib/ids'
import { login, request } from '../helpers/http'
import { testDatabase } from '../helpers/initPayloadInt'
import { startServer } from '../helpers/startServer'
import { createDepartment, PASSWORD } from '../helpers/world'

// Fixtures, renames and read-backs pass overrideAccess: true as system work (an admin's edits
// stand in for the board's); the saves under test go through REST as an editor, or the importer.
// A renamed record keeps its slug; its former name coming back (an import, a namesake an editor
// adds) must get the next free slug, never a unique-constraint failure.
describe('slugs already taken', () => {
  let server: Awaited<ReturnType<typeof startServer>>
  let token: string
  let department: number

  const bySlug = async (collection: CollectionSlug, slug: string) =>
    (
      await server.payload.find({
        collection,
        depth: 0,
        draft: true,
        overrideAccess: true,
        where: { slug: { equals: slug } },
      })
    ).docs as unknown as Array<Record<string, unknown> & { id: number | string }>

  /** An organization and a person of it, then both renamed in the admin (their slugs kept). */
  const renamed = async (org: string, orgNow: string, person: string) => {
    const organization = await server.payload.create({
      collection: 'organizations',
      data: { _status: 'published', name: org },
      overrideAccess: true,
    })
    const official = await server.payload.create({
      collection: 'people',
      data: {
        _status: 'published',
        department: organization.id,
        name: person,
        positions: [{ organization: organization.id, title: 'Giám đốc' }],
      },
      overrideAccess: true,
    })
    await server.payload.update({
      collection: 'organizations',
      data: { name: orgNow },
      id: organization.id,
      overrideAccess: true,
    })
    await server.payload.update({
      collection: 'people',
      data: { name: `${person} Anh` },
      id: official.id,
      overrideAccess: true,
    })
    const kept = await server.payload.findByID({
      collection: 'organizations',
      id: organization.id,
      overrideAccess: true,
    })
    expect(kept.name).toBe(orgNow)
    return { organization: kept, official }
  }

  /** An article file naming the person with their former title at the organization's former name. */
  const file = (slug: string, org: string, person: string) => {
    const title = `Làm việc với ${org}`
    const text = `Chiều 5/6/2024, ông ${person}, Giám đốc ${org}, làm việc với Đoàn công tác của tỉnh về cải cách hành chính.`
    return { name: `${slug}.txt`, text: [slug, title, title, 'Article', text].join('\n\n') }
  }

  /** The new organization and person under the next free slugs, linked by the imported article. */
  const expectLinkedNumbered = async (
    articleSlug: string,
    orgSlug: string,
    org: string,
    personSlug: string,
    person: string,
  ) => {
    const [article] = await bySlug('articles', articleSlug)
    const [organization] = await bySlug('organizations', `${orgSlug}-2`)
    const [official] = await bySlug('people', `${personSlug}-2`)
    expect(organization?.name).toBe(org)
    expect(official?.name).toBe(person)
    expect(idsOf(article!.organizations).map(String)).toContain(String(organization!.id))
    expect(idsOf(article!.people).map(String)).toContain(String(official!.id))
    // The renamed records still hold their slugs.
    expect(await bySlug('organizations', orgSlug)).toHaveLength(1)
    expect(await bySlug('people', personSlug)).toHaveLength(1)
  }

  beforeAll(async () => {
    server = await startServer()
    department = await createDepartment(server.payload)
    await server.payload.create({
      collection: 'users',
      data: {
        department,
        email: 'ed@test.vn',
        password: PASSWORD,
        roles: ['editor'],
      },
      overrideAccess: true,
    })
    token = await login(server.url, 'ed@test.vn', PASSWORD)
  }, 120_000)

  afterAll(async () => {
    await server?.cleanup()
  })

  // On MongoDB importBatch imports one by one, which the next test covers.
  ;(testDatabase() === 'mongodb' ? it.skip : it)(
    'should import in bulk an article naming a renamed organization and person by their former names',
    async () => {
      await renamed('Sở Văn hóa, Thể thao và Du lịch', 'Sở Văn hóa và Thể thao', 'Nguyễn Văn An')
      const fallbacks: string[] = []
      const outcomes = await importBatch({
        department,
        files: [file('lam-viec-so-van-hoa', 'Sở Văn hóa, Thể thao và Du lịch', 'Nguyễn Văn An')],
        onFallback: (reason) => fallbacks.push(reason),
        payload: server.payload,
      })
      expect(fallbacks).toEqual([])
      expect(outcomes.map(({ batched, status }) => ({ batched, status }))).toEqual([
        { batched: true, status: 'created' },
      ])
      await expectLinkedNumbered(
        'lam-viec-so-van-hoa',
        'so-van-hoa-the-thao-va-du-lich',
        'Sở Văn hóa, Thể thao và Du lịch',
        'nguyen-van-an',
        'Nguyễn Văn An',
      )
    },
  )

  it('should import one by one an article naming a renamed organization and person by their former names', async () => {
    await renamed('Sở Tư pháp', 'Sở Pháp chế', 'Trần Thị Bình')
    const outcome = await importArticle({
      department,
      payload: server.payload,
      text: file('lam-viec-so-tu-phap', 'Sở Tư pháp', 'Trần Thị Bình').text,
    })
    expect(outcome.status).toBe('created')
    await expectLinkedNumbered(
      'lam-viec-so-tu-phap',
      'so-tu-phap',
      'Sở Tư pháp',
      'tran-thi-binh',
      'Trần Thị Bình',
    )
  })

  it('should give two people of the same name created by an editor over REST distinct slugs', async () => {
    const create = (name: string) =>
      request(`${server.url}/api/people?depth=0&draft=true`, {
        json: { department, name },
        method: 'POST',
        token,
      })
    // Decomposed on purpose: stored NFC, slugged as the composed name.
    const first = await create('Lê Văn Hùng')
    const second = await create('Lê Văn Hùng'.normalize('NFD'))
    const third = await create('Lê Văn Hùng')
    expect([first.status, second.status, third.status]).toEqual([201, 201, 201])
    expect([first.body.doc.slug, second.body.doc.slug, third.body.doc.slug]).toEqual([
      'le-van-hung',
      'le-van-hung-2',
      'le-van-hung-3',
    ])
    expect(second.body.doc.name).toBe('Lê Văn Hùng')
  })

  it('should refuse a typed slug another record has with a 400 naming slug, and write nothing', async () => {
    const taken = await request(`${server.url}/api/people?depth=0&draft=true`, {
      json: { department, name: 'Phạm Minh Châu' },
      method: 'POST',
      token,
    })
    expect(taken.status).toBe(201)
    const refused = await request(`${server.url}/api/people?depth=0&draft=true`, {
      json: { department, name: 'Phạm Minh Châu', slug: 'pham-minh-chau' },
      method: 'POST',
      token,
    })
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).not.toMatch(/at .*\.(js|ts):\d+/)
    const paths = (refused.body.errors ?? []).flatMap(
      (error: { data?: { errors?: Array<{ path?: string }> } }) =>
        (error.data?.errors ?? []).map((field) => field.path),
    )
    expect(paths).toContain('slug')
    const named = await server.payload.find({
      collection: 'people',
      overrideAccess: true,
      where: { name: { equals: 'Phạm Minh Châu' } },
    })
    expect(named.docs.map((doc) => doc.slug)).toEqual(['pham-minh-chau'])
  })
})
