import type { FieldShape } from '../../src/lib/renderings'
import {
  holds,
  namedByPopulated,
  pageAnswer,
  refsOf,
  renderingAsk,
  validUntilOf,
} from '../../src/lib/renderings'
import { pageTotals } from '../../src/lib/paging'

const ask = (query: string, path = '/api/articles') =>
  renderingAsk(new URL(`http://localhost${path}${query}`))

describe('renderingAsk', () => {
  it('should take a slug, the list of every article, a topic and a department at depth 1', () => {
    expect(ask('?where[slug][equals]=tin-moi&depth=1')).toEqual({
      kind: 'slug',
      limit: 10,
      page: 1,
      slug: 'tin-moi',
    })
    expect(ask('?depth=1')).toEqual({
      kind: 'list',
      limit: 10,
      list: { scope: 'all', scopeId: 0 },
      page: 1,
    })
    expect(ask('?depth=1&limit=100&page=3&where[topics][equals]=7')).toEqual({
      kind: 'list',
      limit: 100,
      list: { scope: 'topic', scopeId: 7 },
      page: 3,
    })
    expect(ask('?where[department][equals]=12&limit=1&depth=1')).toEqual({
      kind: 'list',
      limit: 1,
      list: { scope: 'department', scopeId: 12 },
      page: 1,
    })
  })

  it('should read encoded brackets and values as Payload does (they mean the same query)', () => {
    expect(ask('?where%5Bslug%5D%5Bequals%5D=b%C3%A0i-m%E1%BB%99t&depth=%31')).toEqual({
      kind: 'slug',
      limit: 10,
      page: 1,
      slug: 'bài-một',
    })
  })

  it('should leave a slug page past the first to the handler, which sends it to Payload', () => {
    // Parsed here; src/http/renderings.ts (pageOf) answers page 1 of a slug only.
    expect(ask('?where[slug][equals]=a&page=2&depth=1')).toMatchObject({ kind: 'slug', page: 2 })
  })

  it.each([
    ['another path', '?depth=1', '/api/articles/'],
    ['another collection', '?depth=1', '/api/people'],
    ['no depth', '', undefined],
    ['depth 0', '?depth=0', undefined],
    ['depth 2', '?depth=2', undefined],
    ['depth 01', '?depth=01', undefined],
    ['a repeated depth', '?depth=1&depth=1', undefined],
    ['a repeated where', '?depth=1&where[topics][equals]=1&where[topics][equals]=1', undefined],
    ['limit 0 (no limit to Payload)', '?depth=1&limit=0', undefined],
    ['limit 101 (past the anonymous cap)', '?depth=1&limit=101', undefined],
    ['limit abc', '?depth=1&limit=abc', undefined],
    ['limit 010', '?depth=1&limit=010', undefined],
    ['limit -1', '?depth=1&limit=-1', undefined],
    ['an empty limit', '?depth=1&limit=', undefined],
    ['page 0', '?depth=1&page=0', undefined],
    ['page 1.5', '?depth=1&page=1.5', undefined],
    ['a page past the deepest served', '?depth=1&page=100001', undefined],
    ['a locale', '?depth=1&locale=vi', undefined],
    ['a sort', '?depth=1&sort=title', undefined],
    ['drafts', '?depth=1&draft=true', undefined],
    ['a select', '?depth=1&select[title]=true', undefined],
    ['pagination off', '?depth=1&pagination=false', undefined],
    ['two conditions', '?depth=1&where[topics][equals]=1&where[department][equals]=2', undefined],
    ['a slug and a topic', '?depth=1&where[slug][equals]=a&where[topics][equals]=1', undefined],
    ['an empty slug', '?depth=1&where[slug][equals]=', undefined],
    ['a slug by like', '?depth=1&where[slug][like]=a', undefined],
    ['a topic that is no id', '?depth=1&where[topics][equals]=abc', undefined],
    ['a topic id 0', '?depth=1&where[topics][equals]=0', undefined],
    ['a topic id past a 32-bit integer', '?depth=1&where[topics][equals]=2147483648', undefined],
    [
      'a department id of 15 digits',
      '?depth=1&where[department][equals]=999999999999999',
      undefined,
    ],
    ['a slug with a NUL', '?depth=1&where[slug][equals]=a%00b', undefined],
    ['a department list of ids', '?depth=1&where[department][in]=1,2', undefined],
    ['a status condition', '?depth=1&where[_status][equals]=draft', undefined],
    ['a where in JSON', '?depth=1&where={"slug":{"equals":"a"}}', undefined],
  ])('should refuse %s', (_name, query, path) => {
    expect(ask(query, path)).toBeNull()
  })
})

describe('refsOf', () => {
  const fields: Record<string, FieldShape[]> = {
    articles: [
      { name: 'title', type: 'text' },
      { name: 'people', relationTo: 'people', type: 'relationship' },
      { name: 'heroImage', relationTo: 'media', type: 'upload' },
      { name: 'related', relationTo: ['plans', 'organizations'], type: 'relationship' },
      {
        tabs: [
          { fields: [{ name: 'body', type: 'richText' }] },
          {
            fields: [{ name: 'topics', relationTo: 'topics', type: 'relationship' }],
            name: 'meta',
          },
        ],
        type: 'tabs',
      },
      {
        fields: [{ name: 'plan', relationTo: 'plans', type: 'relationship' }],
        name: 'citations',
        type: 'array',
      },
      {
        blocks: [
          { fields: [{ name: 'image', relationTo: 'media', type: 'upload' }], slug: 'gallery' },
          { fields: [{ name: 'note', type: 'text' }], slug: 'note' },
        ],
        name: 'layout',
        type: 'blocks',
      },
      {
        fields: [{ name: 'owner', relationTo: 'users', type: 'relationship' }],
        type: 'row',
      },
      {
        fields: [{ name: 'reviewer', relationTo: 'users', type: 'relationship' }],
        name: 'review',
        type: 'group',
      },
    ],
    organizations: [{ name: 'name', type: 'text' }],
    people: [
      { name: 'name', type: 'text' },
      {
        fields: [{ name: 'organization', relationTo: 'organizations', type: 'relationship' }],
        name: 'positions',
        type: 'array',
      },
    ],
  }
  const fieldsOf = (collection: string) => fields[collection]

  it('should name the document and every record it relates to, populated or not', () => {
    const person = {
      id: 5,
      name: 'Nguyễn Văn An',
      positions: [{ organization: { id: 31, name: 'Sở Nội vụ' } }, { organization: 32 }],
    }
    const doc = {
      body: {
        root: {
          children: [
            { children: [{ text: 'x', type: 'text' }], type: 'paragraph' },
            { relationTo: 'media', type: 'upload', value: { id: 41, url: '/a.png' } },
            {
              fields: { doc: { relationTo: 'people', value: 6 }, linkType: 'internal' },
              type: 'link',
            },
          ],
        },
      },
      citations: [{ plan: 71 }, { plan: { id: 72, title: 'KH' } }, { plan: null }],
      heroImage: { id: 40, url: '/b.png' },
      id: 1,
      layout: [
        { blockType: 'gallery', image: 42 },
        { blockType: 'note', note: 'x' },
        { blockType: 'unknown', image: 99 },
      ],
      meta: { topics: [{ id: 21, name: 'Tin' }, 22] },
      owner: 81,
      people: [person, person],
      related: [
        { relationTo: 'plans', value: 73 },
        { relationTo: 'organizations', value: { id: 33, name: 'UBND' } },
      ],
      review: { reviewer: { id: 82 } },
      title: 'Tin',
    }
    expect(refsOf('articles', doc, fieldsOf).sort()).toEqual(
      [
        'articles:1',
        'media:40',
        'media:41',
        'media:42',
        'organizations:31',
        'organizations:32',
        'organizations:33',
        'people:5',
        'people:6',
        'plans:71',
        'plans:72',
        'plans:73',
        'topics:21',
        'topics:22',
        'users:81',
        'users:82',
      ].sort(),
    )
  })

  it('should walk a populated record with its own fields, and stop at unknown collections', () => {
    const doc = { id: 2, people: { id: 9, positions: [{ organization: 34 }] } }
    expect(refsOf('articles', doc, fieldsOf).sort()).toEqual(
      ['articles:2', 'organizations:34', 'people:9'].sort(),
    )
    expect(refsOf('unknown', { id: 'x', other: { id: 3 } }, fieldsOf)).toEqual(['unknown:x'])
  })

  it('should list the records populated records name by id only, not the document’s own nor rich text’s', () => {
    const person = {
      id: 5,
      positions: [{ organization: { id: 31, name: 'Sở Nội vụ' } }, { organization: 32 }],
    }
    const doc = {
      body: {
        root: { children: [{ fields: { doc: { relationTo: 'people', value: 6 } }, type: 'link' }] },
      },
      citations: [{ plan: 71 }],
      id: 1,
      owner: 81,
      people: [person, { id: 7, positions: [{ organization: 32 }, { organization: 35 }] }],
    }
    expect(namedByPopulated('articles', doc, fieldsOf)).toEqual(
      new Map([['organizations', new Set([32, 35])]]),
    )
    expect(namedByPopulated('articles', { id: 2, people: 9, owner: { id: 81 } }, fieldsOf)).toEqual(
      new Map(),
    )
  })
})

describe('validUntilOf and holds', () => {
  it('should end a rendering with the earliest end date of a current position in it', () => {
    const doc = {
      people: [
        {
          positions: [
            { current: true, endDate: '2030-05-01T00:00:00.000Z' },
            { current: false, endDate: '2020-01-01T00:00:00.000Z' },
            { current: true, endDate: null },
          ],
        },
        { positions: [{ current: true, endDate: '2029-01-02T03:04:05.000Z' }] },
        { positions: [{ current: true, endDate: 'not a date' }] },
      ],
    }
    expect(validUntilOf(doc)).toBe('2029-01-02T03:04:05.000Z')
    expect(validUntilOf({ people: [{ positions: [{ current: true }] }] })).toBeNull()
    expect(validUntilOf({ id: 1 })).toBeNull()
  })

  it('should hold while its shape is this server’s and its time has not passed', () => {
    const until = '2030-01-01T00:00:00.000Z'
    expect(holds({ shape: 's', validUntil: null }, 's', '2099-01-01T00:00:00.000Z')).toBe(true)
    expect(holds({ shape: 's', validUntil: until }, 's', until)).toBe(true)
    expect(holds({ shape: 's', validUntil: until }, 's', '2030-01-01T00:00:00.001Z')).toBe(false)
    expect(holds({ shape: 'old', validUntil: null }, 's', until)).toBe(false)
  })
})

describe('pageAnswer', () => {
  it.each([
    [0, 10, 1],
    [3, 10, 1],
    [23, 10, 3],
    [23, 10, 4],
    [5, 2, 50],
  ])(
    'should be the text of Payload’s page (%i matches, limit %i, page %i)',
    (total, limit, page) => {
      const docs = Array.from({
        length: Math.max(0, Math.min(limit, total - (page - 1) * limit)),
      }).map((_, n) => ({ id: n + 1, title: `Tin "${n}" – ồ` }))
      const expected = JSON.stringify({ docs, ...pageTotals(total, limit, page) })
      const answer = Buffer.concat(
        pageAnswer(
          docs.map((doc) => Buffer.from(JSON.stringify(doc))),
          { limit, page, totalDocs: total },
        ),
      ).toString('utf8')
      expect(answer).toBe(expected)
      expect(Object.keys(JSON.parse(answer))).toEqual([
        'docs',
        'hasNextPage',
        'hasPrevPage',
        'limit',
        'nextPage',
        'page',
        'pagingCounter',
        'prevPage',
        'totalDocs',
        'totalPages',
      ])
    },
  )
})
