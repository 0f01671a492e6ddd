import type { FieldAccess } from 'payload'

import { isAuthorOrBoardField } from '../../src/access/articleAuthor'

type Args = Parameters<FieldAccess>[0]

const user = (id: number, role: string) => ({ collection: 'users', id, roles: [role] })
const ask = async (args: { data?: unknown; doc?: unknown; user: unknown }): Promise<boolean> =>
  isAuthorOrBoardField({
    data: args.data,
    doc: args.doc,
    req: { user: args.user },
  } as unknown as Args)

describe('who reads and writes the review conversation (isAuthorOrBoardField)', () => {
  const author = user(3, 'editor')
  const colleague = user(4, 'editor')

  it("should answer the admin's form, which passes the article as data and no doc", async () => {
    // Payload's form state calls field access with { data } only; the author's own tab was empty.
    await expect(ask({ data: { author: 3 }, user: author })).resolves.toBe(true)
    await expect(ask({ data: { author: { id: 3 } }, user: author })).resolves.toBe(true)
    await expect(ask({ data: { author: 3 }, user: colleague })).resolves.toBe(false)
  })

  it('should let the stored doc decide whenever an operation passes it, whatever data says', async () => {
    await expect(ask({ data: { author: 4 }, doc: { author: 3 }, user: colleague })).resolves.toBe(
      false,
    )
    await expect(ask({ data: { author: 4 }, doc: { author: 3 }, user: author })).resolves.toBe(true)
  })

  it('should let the board in and keep everyone else out when there is no article at all', async () => {
    await expect(ask({ user: user(2, 'bbt') })).resolves.toBe(true)
    await expect(ask({ user: author })).resolves.toBe(false)
    await expect(ask({ data: { author: 3 }, user: null })).resolves.toBe(false)
  })
})
