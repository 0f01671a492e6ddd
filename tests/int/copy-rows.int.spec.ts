import { withLiterals, int4, text } from '../../src/lib/database/copyBinary'
import { copyRows } from '../../src/sqlRunner'
import type { IntContext } from '../helpers/initPayloadInt'
import { initPayloadInt, testDatabase } from '../helpers/initPayloadInt'

// System work: SQL straight to the test's own database.

const onPostgres = testDatabase() === 'postgres' ? describe : describe.skip
const skipReason =
  testDatabase() === 'postgres' ? '' : ' (skipped: needs TEST_DATABASE=postgres and POSTGRES_URI)'

onPostgres(`copyRows: reads through a binary COPY on PostgreSQL${skipReason}`, () => {
  let ctx: IntContext

  beforeAll(async () => {
    ctx = await initPayloadInt()
  })

  afterAll(async () => {
    await ctx?.cleanup()
  })

  it('should give back what PostgreSQL holds, byte for byte, with hostile literals kept literal', async () => {
    const hostile = ["O'Brien", 'a\\', "\\'); SELECT pg_sleep(5); --", 'Sở Nội vụ tỉnh Bắc Giang']
    for (const value of hostile) {
      const rows = await copyRows(
        ctx.payload,
        withLiterals(
          `SELECT ? AS v, convert_to(?, 'UTF8') AS b, ?::int4 AS n, NULL::text AS z, octet_length(?) AS len`,
          [value, value, 7, value],
        ),
      )
      expect(rows).toHaveLength(1)
      const [v, b, n, z, len] = rows[0]!
      expect(text(v)).toBe(value)
      expect(b!.toString('utf8')).toBe(value)
      expect(int4(n)).toBe(7)
      expect(z).toBeNull()
      expect(int4(len)).toBe(Buffer.byteLength(value))
    }
  })

  it('should read many rows larger than a socket read, and leave the pool usable after an error', async () => {
    const rows = await copyRows(
      ctx.payload,
      `SELECT g::int4, convert_to(repeat('Kế hoạch ', 2000 + g), 'UTF8') FROM generate_series(1, 40) g`,
    )
    expect(rows).toHaveLength(40)
    rows.forEach(([g, body], at) => {
      expect(int4(g)).toBe(at + 1)
      expect(body!.toString('utf8')).toBe('Kế hoạch '.repeat(2000 + at + 1))
    })
    await expect(copyRows(ctx.payload, 'SELECT * FROM no_such_table')).rejects.toThrow(
      /no_such_table/,
    )
    // Every connection of the pool still answers, COPY or not.
    const again = await Promise.all(
      Array.from({ length: 12 }, (_, i) => copyRows(ctx.payload, `SELECT ${i}::int4`)),
    )
    expect(again.map((r) => int4(r[0]![0]))).toEqual(Array.from({ length: 12 }, (_, i) => i))
    const pool = (
      ctx.payload.db as unknown as {
        pool: { query: (q: string) => Promise<{ rows: { one: number }[] }> }
      }
    ).pool
    const plain = await Promise.all(Array.from({ length: 12 }, () => pool.query('SELECT 1 AS one')))
    expect(plain.map((r) => r.rows[0]!.one)).toEqual(Array(12).fill(1))
  })
})
