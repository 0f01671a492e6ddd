import type { Payload, PayloadRequest } from 'payload'

import { getPayload } from 'payload'

import { buildPortalConfig } from '../../src/config'
import { paragraphLexical } from '../../src/lib/richtext/lexical'
import { knownOrganizations } from '../../src/linking/knownOrganizations'
import { forgetPayload } from '../helpers/forgetPayload'
import type { IntContext } from '../helpers/initPayloadInt'
import { initPayloadInt } from '../helpers/initPayloadInt'
import { createDepartment } from '../helpers/world'

// Setup, writes and read-backs are system work: the Local API without access control.

const onSqlite = process.env.TEST_DATABASE === 'mongodb' ? describe.skip : describe

onSqlite('organization directory used by linking', () => {
  let ctx: IntContext
  /** A second Payload on the same database file: another process, whose writes this one never hears of. */
  let other: Payload

  const directoryNames = async () =>
    (await knownOrganizations({ payload: ctx.payload } as PayloadRequest)).map(({ name }) => name)

  beforeAll(async () => {
    ctx = await initPayloadInt()
    other = await getPayload({
      config: buildPortalConfig({ databaseUri: ctx.databaseUri }),
      key: 'other-process',
    })
  })

  afterAll(async () => {
    await other?.db.destroy?.()
    forgetPayload('other-process')
    await ctx?.cleanup()
  })

  it('should know at once an organization another process created, renamed or deleted', async () => {
    const department = await createDepartment(ctx.payload)
    expect(await directoryNames()).not.toContain('Sở Xây dựng')

    const created = await other.create({
      collection: 'organizations',
      data: { _status: 'published', name: 'Sở Xây dựng', shortName: 'SXD' },
      overrideAccess: true,
    })
    expect(await directoryNames()).toContain('Sở Xây dựng')

    // Linking in this process links the other's record instead of creating it again.
    const article = await ctx.payload.create({
      collection: 'articles',
      data: {
        _status: 'published',
        body: paragraphLexical(
          'Ngày 12/3/2025, Sở Xây dựng tổ chức hội nghị triển khai nhiệm vụ năm 2025.',
        ) as never,
        department,
        slug: 'so-xay-dung-hoi-nghi',
        title: 'Sở Xây dựng triển khai nhiệm vụ năm 2025',
      },
      depth: 0,
      overrideAccess: true,
    })
    expect(article.organizations).toContain(created.id)
    const { totalDocs } = await ctx.payload.count({
      collection: 'organizations',
      overrideAccess: true,
      where: { name: { equals: 'Sở Xây dựng' } },
    })
    expect(totalDocs).toBe(1)

    await other.update({
      collection: 'organizations',
      data: { name: 'Sở Xây dựng tỉnh' },
      id: created.id,
      overrideAccess: true,
    })
    expect(await directoryNames()).toContain('Sở Xây dựng tỉnh')

    await ctx.payload.delete({
      collection: 'articles',
      id: article.id,
      overrideAccess: true,
    })
    await other.delete({ collection: 'organizations', id: created.id, overrideAccess: true })
    expect(await directoryNames()).not.toContain('Sở Xây dựng tỉnh')
  })
})
