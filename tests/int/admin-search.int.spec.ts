import { sql as pgSql } from '@payloadcms/db-postgres'
import { sql as sqliteSql } from '@payloadcms/db-sqlite'

import type { SearchKeyDb } from '../../src/migrations/shared/searchKeys'
import { fillSearchKeys } from '../../src/migrations/shared/searchKeys'
import type { Id } from '../../src/lib/types'
import { testDatabase } from '../helpers/initPayloadInt'
import { request } from '../helpers/http'
import type { TestServer } from '../helpers/startServer'
import { startServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { buildWorld } from '../helpers/world'

type Listed = { body: { docs: Array<{ id: Id }>; totalDocs: number }; status: number }

// Typed by an editor on a keyboard that leaves text decomposed (NFD), as some macOS input does.
const NFD_NAME = 'Nguyễn Văn An'.normalize('NFD')

describe('admin list search ignores case, tones, đ and Unicode form', () => {
  let server: TestServer
  let world: World
  const ids: Record<string, Id> = {}

  /** The query the admin's list view sends for its search box (mergeListSearchAndWhere). */
  const listSearch = async (
    collection: string,
    text: string,
    options: { draft?: boolean } = {},
  ): Promise<Listed> => {
    const params = new URLSearchParams({
      depth: '0',
      limit: '50',
      'where[or][0][searchKey][like]': text,
      ...(options.draft ? { draft: 'true' } : {}),
    })
    return request(`${server.url}/api/${collection}?${params}`, {
      headers: { authorization: world.actors.bbt.authorization! },
    })
  }
  const found = async (collection: string, text: string, options?: { draft?: boolean }) => {
    const listed = await listSearch(collection, text, options)
    expect(listed.status).toBe(200)
    return listed.body.docs.map((doc) => doc.id).sort()
  }

  // Test setup is system work, so it bypasses access control.
  const create = async (collection: 'articles' | 'people' | 'plans', data: object) =>
    (await server.payload.create({ collection, data: data as never, overrideAccess: true })).id

  beforeAll(async () => {
    server = await startServer()
    world = await buildWorld(server.payload, server.url)
    const { bql, snv, ubnd } = world.orgs
    ids.binh = await create('people', {
      _status: 'published',
      department: snv,
      name: 'Nguyễn Văn Bình',
      positions: [{ organization: snv, title: 'Phó Giám đốc' }],
    })
    ids.an = await create('people', { _status: 'published', department: bql, name: NFD_NAME })
    ids.dung = await create('people', { _status: 'draft', department: bql, name: 'Đặng Thị Dung' })
    ids.plan = await create('plans', {
      _status: 'published',
      department: bql,
      issuedOn: '2024-03-05',
      issuer: ubnd,
      number: '45/KH-UBND',
      title: 'Kế hoạch triển khai chuyển đổi số năm 2024',
    })
    ids.otherPlan = await create('plans', {
      _status: 'published',
      department: bql,
      issuedOn: '2020-02-14',
      number: '82/KH-BQLKKT',
      title: 'thực hiện công tác cải cách hành chính',
    })
    ids.article = await create('articles', {
      _status: 'published',
      department: bql,
      title: 'Đoàn kiểm tra công tác cải cách hành chính tại Ban Quản lý',
    })
    ids.draftArticle = await create('articles', {
      _status: 'draft',
      department: bql,
      title: 'Hội nghị xúc tiến đầu tư Phú Lộc',
    })
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  it('should find people typed without tones, in any case, and đ as d', async () => {
    const both = [ids.binh, ids.an].sort()
    expect(await found('people', 'nguyen van')).toEqual(both)
    expect(await found('people', 'NGUYỄN VĂN')).toEqual(both)
    expect(await found('people', 'Nguyễn Văn'.normalize('NFD'))).toEqual(both)
    expect(await found('people', 'dang thi')).toEqual([ids.dung])
    expect(await found('people', 'van binh')).toEqual([ids.binh])
  })

  it('should find a person by a current position, as the People list searched before', async () => {
    expect(await found('people', 'pho giam doc')).toEqual([ids.binh])
  })

  it('should find a plan by its number typed in lower case, and by its subject', async () => {
    expect(await found('plans', '45/kh-ubnd')).toEqual([ids.plan])
    expect(await found('plans', 'ke hoach chuyen doi so')).toEqual([ids.plan])
    expect(await found('plans', 'cai cach')).toEqual([ids.otherPlan])
  })

  it('should find organizations by name without tones and by short name', async () => {
    expect(await found('organizations', 'so noi vu')).toEqual([world.orgs.snv])
    expect(await found('organizations', 'bqlkkt')).toEqual([world.orgs.bql])
    expect(await found('organizations', 'uy ban')).toEqual([world.orgs.ubnd])
  })

  it('should find articles, drafts included, in the list the admin shows', async () => {
    expect(await found('articles', 'doan kiem tra')).toEqual([ids.article])
    expect(await found('articles', 'xuc tien dau tu', { draft: true })).toEqual([ids.draftArticle])
    expect(await found('articles', 'CẢI CÁCH', { draft: true })).toEqual([ids.article])
  })

  it('should keep the key current when the searched text changes', async () => {
    await server.payload.update({
      collection: 'people',
      data: { name: 'Nguyễn Văn Bính' },
      id: ids.binh,
      overrideAccess: true,
    })
    expect(await found('people', 'van binh')).toEqual([ids.binh])
    expect(await found('people', 'nguyen van binh')).toEqual([ids.binh])
    await server.payload.update({
      collection: 'people',
      data: { name: 'Trần Văn Bình' },
      id: ids.binh,
      overrideAccess: true,
    })
    expect(await found('people', 'nguyen van')).toEqual([ids.an])
    expect(await found('people', 'tran van binh')).toEqual([ids.binh])
  })

  it('should not find what does not match', async () => {
    expect(await found('people', 'le thi')).toEqual([])
    expect(await found('plans', '46/kh-ubnd')).toEqual([])
  })

  const itSql = testDatabase() === 'mongodb' ? it.skip : it
  itSql(
    'should fill the key of rows written before it existed, as the migration does',
    async () => {
      const db = server.payload.db as unknown as {
        drizzle: {
          all: SearchKeyDb['rows']
          execute: (query: unknown) => Promise<{ rows: Record<string, unknown>[] }>
          run: SearchKeyDb['run']
        }
      }
      const postgres = testDatabase() === 'postgres'
      const wiring: SearchKeyDb = postgres
        ? {
            rows: async (query) => (await db.drizzle.execute(query)).rows,
            run: (query) => db.drizzle.execute(query),
            sql: pgSql as unknown as SearchKeyDb['sql'],
          }
        : {
            rows: (query) => db.drizzle.all(query),
            run: (query) => db.drizzle.run(query),
            sql: sqliteSql,
          }
      const { sql } = wiring
      for (const table of [
        'people',
        'plans_locales',
        'articles_locales',
        'organizations_locales',
      ]) {
        await wiring.run(sql`UPDATE ${sql.identifier(table)} SET search_key = NULL`)
      }
      for (const table of ['_people_v', '_plans_v_locales', '_articles_v_locales']) {
        await wiring.run(sql`UPDATE ${sql.identifier(table)} SET version_search_key = NULL`)
      }
      expect(await found('people', 'nguyen')).toEqual([])
      expect(await found('plans', '45/kh-ubnd')).toEqual([])

      expect(await fillSearchKeys(wiring)).toBeGreaterThan(0)
      expect(await found('people', 'nguyen van')).toEqual([ids.an])
      expect(await found('plans', '45/kh-ubnd')).toEqual([ids.plan])
      expect(await found('organizations', 'so noi vu')).toEqual([world.orgs.snv])
      expect(await found('articles', 'xuc tien dau tu', { draft: true })).toEqual([
        ids.draftArticle,
      ])
    },
  )
})
