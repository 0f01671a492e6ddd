import type { FieldShape } from '../../src/lib/references'

import { requiredReferences, stillHeldMessage } from '../../src/lib/references'

describe('requiredReferences', () => {
  const fields: FieldShape[] = [
    { name: 'department', relationTo: 'organizations', required: true, type: 'relationship' },
    { name: 'mentioned', relationTo: 'organizations', type: 'relationship', hasMany: true },
    { name: 'author', relationTo: 'users', required: true, type: 'relationship' },
    {
      name: 'reference',
      admin: { condition: () => true },
      relationTo: 'organizations',
      required: true,
      type: 'relationship',
    },
    { name: 'image', relationTo: 'media', required: true, type: 'upload' },
    {
      name: 'positions',
      type: 'array',
      flattenedFields: [
        { name: 'title', required: true, type: 'text' },
        { name: 'organization', relationTo: 'organizations', required: true, type: 'relationship' },
      ],
    },
    {
      name: 'meta',
      type: 'group',
      flattenedFields: [
        {
          name: 'owner',
          relationTo: ['organizations', 'users'],
          required: true,
          type: 'relationship',
        },
      ],
    },
    {
      name: 'layout',
      type: 'blocks',
      blocks: [
        {
          flattenedFields: [
            { name: 'by', relationTo: 'organizations', required: true, type: 'relationship' },
          ],
        },
        { flattenedFields: [{ name: 'text', type: 'text' }] },
      ],
    },
  ]

  it('should find every required field that may point at the target, by query path', () => {
    expect(requiredReferences(fields, 'organizations')).toEqual([
      { path: 'department', polymorphic: false },
      { path: 'positions.organization', polymorphic: false },
      { path: 'meta.owner', polymorphic: true },
      { path: 'layout.by', polymorphic: false },
    ])
    expect(requiredReferences(fields, 'media')).toEqual([{ path: 'image', polymorphic: false }])
    expect(requiredReferences(fields, 'plans')).toEqual([])
  })
})

describe('stillHeldMessage', () => {
  it('should name each collection, its fields and counts, in Vietnamese then English', () => {
    const message = stillHeldMessage([
      {
        collection: 'people',
        count: 2,
        drafts: 0,
        label: { en: 'People', vi: 'Nhân sự' },
        paths: ['positions.organization'],
      },
      {
        collection: 'articles',
        count: 3,
        drafts: 1,
        label: { en: 'Articles', vi: 'Tin bài' },
        paths: ['department'],
      },
    ])
    expect(message).toMatch(/^Không thể xóa: /)
    expect(message).toContain(
      '2 nhân sự (people: positions.organization); 3 tin bài (articles: department, trong đó 1 ở bản nháp)',
    )
    expect(message).toContain(
      '(Cannot delete: still required by 2 People (people: positions.organization); 3 Articles (articles: department, 1 of them in a draft)',
    )
  })

  it('should keep acronyms upper case in the Vietnamese sentence', () => {
    const message = stillHeldMessage([
      {
        collection: 'api-clients',
        count: 1,
        drafts: 0,
        label: { en: 'API clients', vi: 'Ứng dụng tích hợp (API)' },
        paths: ['department'],
      },
    ])
    expect(message).toContain('1 ứng dụng tích hợp (API) (api-clients: department)')
    expect(message).toContain('1 API clients (api-clients: department)')
  })
})
