import type { Payload } from 'payload'

import { createLocalReq } from 'payload'

import { search } from '../../collections/search/search'
import { searchTerms } from '../../src/lib/search'
import { paragraphLexical } from '../../src/lib/richtext/lexical'
import { closeSqliteReaders, sqliteReaders } from '../../src/sqliteReaders'
import type { IntContext } from '../helpers/initPayloadInt'
import { initPayloadInt, testDatabase } from '../helpers/initPayloadInt'

// A statement that keeps SQLite busy for a good while: counting through a recursive series.
const SLOW = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
  SELECT count(*) AS c FROM n`

/** How many turns the event loop takes while `work` runs. */
const turnsDuring = async (work: () => Promise<unknown>): Promise<number> => {
  let turns = 0
  let running = true
  const spin = () => {
    if (running) {
      turns += 1
      setImmediate(spin)
    }
  }
  setImmediate(spin)
  try {
    await work()
  } finally {
    running = false
  }
  return turns
}

const describeSqlite = testDatabase() === 'sqlite' ? describe : describe.skip

describeSqlite('SQLite readers off the event loop (src/sqliteReaders.ts)', () => {
  let ctx: IntContext
  let payload: Payload

  beforeAll(async () => {
    ctx = await initPayloadInt()
    payload = ctx.payload
  }, 120_000)

  afterAll(async () => {
    await ctx?.cleanup()
  })

  it('should run a statement on a worker while the event loop goes on', async () => {
    const readers = sqliteReaders(payload)
    expect(readers).not.toBeNull()
    let counted = 0
    const turns = await turnsDuring(async () => {
      const { rows } = await readers!.execute({ args: [3_000_000], sql: SLOW })
      counted = Number(rows[0]?.c)
    })
    expect(counted).toBe(3_000_000)
    // Hundreds in practice; on the adapter's own connection the same statement allows none.
    expect(turns).toBeGreaterThan(20)
    const client = (payload.db as unknown as { client: NonNullable<typeof readers> }).client
    const blocked = await turnsDuring(() => client.execute({ args: [3_000_000], sql: SLOW }))
    expect(blocked).toBeLessThanOrEqual(2)
  })

  it('should answer a wrong statement with its error and go on', async () => {
    const readers = sqliteReaders(payload)!
    await expect(readers.execute({ args: [], sql: 'SELECT * FROM no_such_table' })).rejects.toThrow(
      /no_such_table/,
    )
    await expect(
      readers.execute({ args: [], sql: "INSERT INTO users (email) VALUES ('x')" }),
    ).rejects.toThrow(/readonly|query_only|read-only/i)
    const { rows } = await readers.execute({ args: [2], sql: 'SELECT ? + 1 AS n' })
    expect(rows).toEqual([{ n: 3 }])
  })

  it('should find at once in search what a write just committed, and no longer what it removed', async () => {
    const req = await createLocalReq({}, payload)
    const department = await payload.create({
      collection: 'organizations',
      data: { name: 'Sở Khoa học và Công nghệ', shortName: 'SKHCN' },
    })
    const query = { limit: 10, terms: searchTerms('chuyển đổi số ngư nghiệp') }
    for (let round = 0; round < 3; round += 1) {
      const article = await payload.create({
        collection: 'articles',
        data: {
          _status: 'published',
          body: paragraphLexical('Hội thảo về chuyển đổi số trong ngư nghiệp ven biển.'),
          department: department.id,
          title: `Chuyển đổi số ngư nghiệp, lần ${round + 1}`,
        },
      })
      const found = await search(req, query)
      expect(found.docs.map((doc) => String(doc.id))).toContain(String(article.id))
      expect(found.totalDocs).toBe(1)
      await payload.delete({ collection: 'articles', id: article.id })
      expect((await search(req, query)).totalDocs).toBe(0)
    }
  })

  it('should end its workers with the adapter, and start new ones when asked again', async () => {
    const readers = sqliteReaders(payload)!
    await readers.execute({ args: [], sql: 'SELECT 1 AS one' })
    const pending = readers.execute({ args: [1_000_000], sql: SLOW })
    // Closing lets a statement already sent finish; the workers then end.
    await closeSqliteReaders(payload.db)
    expect(Number((await pending).rows[0]?.c)).toBe(1_000_000)
    await expect(readers.execute({ args: [], sql: 'SELECT 1 AS one' })).rejects.toThrow(/closed/)
    const again = sqliteReaders(payload)!
    expect(again).not.toBe(readers)
    expect((await again.execute({ args: [], sql: 'SELECT 2 AS two' })).rows).toEqual([{ two: 2 }])
  })
})
