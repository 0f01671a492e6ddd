import { articlesPlugin } from '../../collections/articles'
import { mediaPlugin } from '../../collections/media'
import { organizationsPlugin } from '../../collections/organizations'
import { peoplePlugin } from '../../collections/people'
import { topicsPlugin } from '../../collections/topics'
import { usersPlugin } from '../../collections/users'
import type { IntContext } from '../helpers/initPayloadInt'
import { initPayloadInt } from '../helpers/initPayloadInt'

describe('content plugins compose and can be removed', () => {
  let ctx: IntContext

  beforeAll(async () => {
    // Everything but the plans plugin.
    ctx = await initPayloadInt({
      plugins: [
        usersPlugin(),
        mediaPlugin(),
        organizationsPlugin(),
        topicsPlugin(),
        peoplePlugin(),
        articlesPlugin(),
      ],
    })
  })

  afterAll(async () => {
    await ctx?.cleanup()
  })

  it('should leave no plans collection and no plans links behind', () => {
    expect(ctx.payload.collections.plans).toBeUndefined()
    const articleFields = ctx.payload.collections.articles.config.flattenedFields.map((f) => f.name)
    expect(articleFields).toContain('people')
    expect(articleFields).not.toContain('plans')
    const orgFields = ctx.payload.collections.organizations.config.flattenedFields.map(
      (f) => f.name,
    )
    expect(orgFields).toContain('people')
    expect(orgFields).not.toContain('plans')
  })

  it('should keep articles, people and organizations working together', async () => {
    const org = await ctx.payload.create({
      collection: 'organizations',
      data: { _status: 'published', name: 'Sở Tư pháp', shortName: 'STP' },
    })
    const person = await ctx.payload.create({
      collection: 'people',
      data: {
        _status: 'published',
        department: org.id,
        name: 'Lê Thị Hồng',
        positions: [{ organization: org.id, title: 'Giám đốc' }],
      },
    })
    const article = await ctx.payload.create({
      collection: 'articles',
      data: {
        _status: 'published',
        department: org.id,
        people: [person.id],
        title: 'Đồng chí Lê Thị Hồng làm việc',
      },
    })
    expect(article.slug).toBe('dong-chi-le-thi-hong-lam-viec')
    const reread = await ctx.payload.findByID({ collection: 'people', depth: 0, id: person.id })
    expect((reread as { articles?: { docs: unknown[] } }).articles?.docs).toEqual([article.id])
  })
})
