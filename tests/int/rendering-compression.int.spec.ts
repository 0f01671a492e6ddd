import type { Pool } from 'pg'

import { adapterOf } from '../../src/sqlRunner'
import type { IntContext } from '../helpers/initPayloadInt'
import { initPayloadInt, testDatabase } from '../helpers/initPayloadInt'

// System work: SQL straight to the test's own database.

const onPostgres = testDatabase() === 'postgres' ? describe : describe.skip
const skipReason =
  testDatabase() === 'postgres' ? '' : ' (skipped: needs TEST_DATABASE=postgres and POSTGRES_URI)'

onPostgres(`stored renderings on PostgreSQL are compressed with lz4${skipReason}`, () => {
  let ctx: IntContext

  beforeAll(async () => {
    ctx = await initPayloadInt()
  })

  afterAll(async () => {
    await ctx?.cleanup()
  })

  it('should set lz4 on the renderings’ columns where the server has it, and keep a body byte for byte', async () => {
    const pool = adapterOf(ctx.payload)!.pool! as unknown as Pool
    const { rows: methods } = await pool.query(
      `SELECT 'lz4' = ANY (enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`,
    )
    const { rows: columns } = await pool.query(
      `SELECT attname, attcompression FROM pg_attribute
        WHERE attrelid = 'article_renderings'::regclass AND attname IN ('body', 'related')
        ORDER BY attname`,
    )
    const expected = methods[0]?.lz4 ? 'l' : ''
    expect(columns).toEqual([
      { attcompression: expected, attname: 'body' },
      { attcompression: expected, attname: 'related' },
    ])
    // Large enough to be compressed out of line, and read back as written.
    const body = JSON.stringify({
      title: 'Kế hoạch số 82/KH-BQLKKT',
      text: 'Sở Nội vụ '.repeat(3000),
    })
    await pool.query(
      `INSERT INTO article_renderings (article_id, shape, body) VALUES (-1, 'test', $1)`,
      [body],
    )
    const { rows } = await pool.query(
      `SELECT body, pg_column_size(body) AS stored,
         pg_column_compression(body) AS method FROM article_renderings WHERE article_id = -1`,
    )
    expect(rows[0].body).toBe(body)
    expect(Number(rows[0].stored)).toBeLessThan(Buffer.byteLength(body) / 4)
    expect(rows[0].method).toBe(methods[0]?.lz4 ? 'lz4' : 'pglz')
    await pool.query(`DELETE FROM article_renderings WHERE article_id = -1`)
  })
})
