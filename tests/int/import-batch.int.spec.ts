import type { Payload } from 'payload'

import fs from 'node:fs'
import path from 'node:path'

import {
  articleParagraphs,
  articleTitle,
  organizationName,
  personName,
  planNumber,
  positionTitle,
} from '../helpers/articleText'
import type { ImportOutcome } from '../../src/import/importArticle'
import { importArticle } from '../../src/import/importArticle'
import { bulkWrites } from '../../src/import/bulkWriter'
import type { ImportFile } from '../../src/import/importBatch'
import { importBatch, importBatches, prepareBatch } from '../../src/import/importBatch'
import type { IntContext } from '../helpers/initPayloadInt'
import { initPayloadInt, testDatabase } from '../helpers/initPayloadInt'

// SQLite and PostgreSQL, the databases of the bulk writer; on MongoDB importBatch sends every file
// one by one through the Local API, which tests/int/import.int.spec.ts covers there.
const onSql = testDatabase() === 'mongodb' ? describe.skip : describe
const onPostgres = testDatabase() === 'postgres'

type Row = Record<string, unknown>

const SEED = path.resolve(process.cwd(), 'content/articles')
const FIXTURES = path.resolve(process.cwd(), 'tests/fixtures/articles')
const readAll = (folder: string): ImportFile[] =>
  fs
    .readdirSync(folder)
    .map((name) => ({ name, text: fs.readFileSync(path.join(folder, name), 'utf8') }))

/** An article in the portal's export format, naming people, organizations and plans that recur. */
const generated = (n: number, slug = `bai-thu-${n}`, org = organizationName(n % 4)): ImportFile => {
  const title = articleTitle(n, org)
  const paragraphs = articleParagraphs(n, {
    org,
    person: `${n % 3 === 0 ? 'bà' : 'ông'} ${personName(n % 7)}`,
    plan: planNumber(n % 5, n % 2 ? 'BQLKKT' : 'SNV'),
    title: positionTitle(n % 6),
  })
  return { name: `${slug}.txt`, text: [slug, title, title, 'Article', ...paragraphs].join('\n\n') }
}

/** The province's directory, as the demo seed creates it (system setup, the same on both sides). */
const directory = async (payload: Payload) => {
  const ubnd = await payload.create({
    collection: 'organizations',
    data: {
      _status: 'published',
      documentCode: 'UBND',
      name: 'Ủy ban nhân dân tỉnh',
      shortName: 'UBND',
    },
  })
  await payload.create({
    collection: 'organizations',
    data: {
      _status: 'published',
      documentCode: 'SNV',
      name: 'Sở Nội vụ',
      parent: ubnd.id,
      shortName: 'SNV',
    },
  })
  await payload.create({
    collection: 'organizations',
    data: {
      _status: 'published',
      documentCode: 'BQLKKT',
      name: 'Ban Quản lý Khu kinh tế tỉnh',
      parent: ubnd.id,
      shortName: 'BQLKKT',
    },
  })
}

type Rows = { rows: Row[] }

/** Rows of a read-back query, through the adapter's own connection (libsql or pg's pool). */
const rows = async (payload: Payload, sql: string): Promise<Row[]> => {
  const db = payload.db as unknown as {
    client?: { execute: (sql: string) => Promise<Rows> }
    pool?: { query: (sql: string) => Promise<Rows> }
  }
  const result = onPostgres ? await db.pool!.query(sql) : await db.client!.execute(sql)
  return result.rows.map((row) => ({ ...row }))
}

/** The tables whose names match a LIKE pattern (with `\\` as its escape). */
const tablesLike = async (payload: Payload, pattern: string): Promise<string[]> =>
  (
    await rows(
      payload,
      onPostgres
        ? `select table_name as name from information_schema.tables where table_schema = current_schema()
           and table_type = 'BASE TABLE' and table_name like '${pattern}' escape '\\' order by 1`
        : `select name from sqlite_master where type = 'table' and name not like 'sqlite_%'
           and name like '${pattern}' escape '\\' order by name`,
    )
  ).map((row) => String(row.name))

/** Tables of records and of search, not of history (versions, audit) or of Payload's own bookkeeping. */
// The stored renderings are made in the background after each commit (src/plugins/renderings):
// what they hold at a given moment depends on timing, not on the import; tests of their own
// (renderings.int.spec.ts) hold them to Payload's answers.
const contentTables = async (payload: Payload): Promise<string[]> =>
  (await tablesLike(payload, '%')).filter(
    (name) =>
      !/^(_|payload.|users|search_index_fts|audit_log|api_clients|article_rendering)/.test(name),
  )

const TIMES = /(^|_)(created_at|updated_at|published_at)$/
const OBJECT_ID = /^[0-9a-f]{24}$/

/** Rows with times and generated array-row ids blanked, in a stable order. */
const normalized = (list: Row[]): string[] =>
  list
    .map((row) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(row)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([key, value]) => [
              key,
              TIMES.test(key) && value !== null
                ? 'time'
                : typeof value === 'string' && OBJECT_ID.test(value)
                  ? 'object-id'
                  : value,
            ]),
        ),
      ),
    )
    .sort()

/** The latest version of every record, with its other tables, keyed by the record's id. */
const latestVersions = async (payload: Payload): Promise<Record<string, string[]>> => {
  const out: Record<string, string[]> = {}
  const tables = await tablesLike(payload, '\\_%\\_v')
  for (const table of tables) {
    const latest = await rows(payload, `select * from "${table}" where latest`)
    out[table] = normalized(latest.map(({ id: _id, ...row }) => row))
    const parentOf = new Map(latest.map((row) => [String(row.id), row.parent_id]))
    const children = await tablesLike(payload, `${table}\\_%`)
    for (const child of children) {
      const list = await rows(payload, `select * from "${child}"`)
      out[child] = normalized(
        list.flatMap((row): Row[] => {
          const parentKey = '_parent_id' in row ? '_parent_id' : 'parent_id'
          const owner = parentOf.get(String(row[parentKey]))
          if (owner === undefined) {
            return []
          }
          const { id: _id, [parentKey]: _parent, _uuid: _u, ...rest } = row
          return [{ ...rest, record: owner }]
        }),
      )
    }
  }
  return out
}

/** What the audit log says was created or published, with the fields it lists. */
const auditedRecords = async (payload: Payload): Promise<Map<string, string>> => {
  const entries = await rows(
    payload,
    `select a.id, a.action, a.target_collection, a.target_id,
       (select ${onPostgres ? 'string_agg' : 'group_concat'}(text, ',') from (select text from audit_log_texts t where t.parent_id = a.id order by t."order") texts) as fields
     from audit_log a where a.action in ('create', 'publish') order by a.id`,
  )
  const out = new Map<string, string>()
  for (const entry of entries) {
    const key = `${String(entry.target_collection)}:${String(entry.target_id)}`
    // The first create or publish lists the record's fields; a later publish lists `_status`.
    if (!out.has(key)) {
      out.set(key, String(entry.fields))
    }
  }
  return out
}

/** Every content table equal row for row, ids included (see below for locale rows). */
const expectSameContent = async (reference: Payload, candidate: Payload) => {
  const tables = await contentTables(reference)
  expect(tables).toEqual(
    expect.arrayContaining(['articles', 'articles_rels', 'people_positions', 'search_index']),
  )
  for (const table of tables) {
    // A locale row's own id is internal (nothing points at it); saving an organization a second
    // time, as one by one does for its breadcrumbs, deletes and reinserts its locale rows.
    const ownId = !table.endsWith('_locales')
    const read = async (payload: Payload) =>
      normalized(
        (await rows(payload, `select * from "${table}"`)).map((row) => {
          if (!ownId) {
            delete row.id
          }
          return row
        }),
      )
    const mine = await read(candidate)
    const theirs = await read(reference)
    expect({ table, rows: mine }).toEqual({ table, rows: theirs })
  }
}

onSql('bulk import (importBatch) writes what importing one by one writes', () => {
  let one: IntContext
  let batch: IntContext
  const files: ImportFile[] = []

  beforeAll(async () => {
    one = await initPayloadInt({ key: 'one-by-one' })
    batch = await initPayloadInt({ key: 'batch' })
    for (const ctx of [one, batch]) {
      await directory(ctx.payload)
      // On file before: one article to update, one to skip, and a draft that creates draft people.
      await importArticle({ payload: ctx.payload, text: generated(100, 'da-co').text })
      await importArticle({ payload: ctx.payload, text: generated(101, 'giu-nguyen').text })
      await importArticle({
        payload: ctx.payload,
        status: 'draft',
        text: generated(5, 'ban-nhap').text,
      })
    }
    files.push(...readAll(SEED), ...readAll(FIXTURES))
    for (let n = 0; n < 40; n += 1) {
      files.push(generated(n))
    }
    // Backslashes (a literal `\N` too), a tab and a carriage return: PostgreSQL's bulk path
    // streams rows as COPY text, where each of these has to be escaped to be stored as it is.
    const escaped = generated(41, 'ky-tu-dac-biet')
    files.push({
      ...escaped,
      text: escaped.text.replace(
        'Article',
        'Article\n\nTệp lưu tại C:\\Ke hoach\\N\\2024\tcột hai \\t và \\\\ hết.\r\nDòng sau.',
      ),
    })
    files.push({ name: 'hong.txt', text: 'chỉ một dòng' })
    // Updates and repeats last: the batch writes new articles first, then these one by one.
    files.push({ ...generated(102, 'da-co'), name: 'da-co.txt' })
    files.push(generated(101, 'giu-nguyen'))
    files.push({ ...generated(7, 'bai-thu-3'), name: 'bai-thu-3-lan-hai.txt' })
  }, 120_000)

  afterAll(async () => {
    await one?.cleanup()
    await batch?.cleanup()
  })

  it('should give each file the same outcome and write the same records, links and search entries', async () => {
    const expected = []
    for (const file of files) {
      const outcome: ImportOutcome = await importArticle({
        payload: one.payload,
        text: file.text,
      }).catch((error: Error) => ({ reason: error.message, status: 'failed' as const }))
      expected.push({ name: file.name, slug: outcome.slug, status: outcome.status })
    }
    const fallbacks: string[] = []
    const outcomes = await importBatch({
      files,
      onFallback: (reason) => fallbacks.push(reason),
      payload: batch.payload,
    })
    expect(fallbacks).toEqual([])
    expect(outcomes.map(({ name, slug, status }) => ({ name, slug, status }))).toEqual(expected)
    // New articles went the bulk way; updates, repeats and the broken file did not.
    expect(outcomes.filter((outcome) => outcome.batched).length).toBe(
      expected.filter((outcome) => outcome.status === 'created').length,
    )
    expect(expected.filter((outcome) => outcome.status === 'created').length).toBeGreaterThan(40)
    expect(expected.map((outcome) => outcome.status)).toEqual(
      expect.arrayContaining(['failed', 'skipped', 'updated']),
    )

    await expectSameContent(one.payload, batch.payload)
    const [special] = (
      await batch.payload.find({
        collection: 'articles',
        where: { slug: { equals: 'ky-tu-dac-biet' } },
      })
    ).docs
    expect(JSON.stringify(special?.body)).toContain(
      JSON.stringify('C:\\Ke hoach\\N\\2024').slice(1, -1),
    )
    if (onPostgres) {
      // The bulk path's own statements on PostgreSQL: every table's rows by COPY.
      expect([...bulkWrites.inserted.keys()]).toEqual([])
      expect([...bulkWrites.copied.keys()]).toEqual(
        expect.arrayContaining(['articles', 'articles_locales', 'search_index', 'audit_log']),
      )
    }
  }, 300_000)

  it('should leave each record a latest version equal to the one-by-one import', async () => {
    const mine = await latestVersions(batch.payload)
    const theirs = await latestVersions(one.payload)
    expect(Object.keys(mine).sort()).toEqual(Object.keys(theirs).sort())
    for (const table of Object.keys(theirs)) {
      expect({ table, rows: mine[table] }).toEqual({ table, rows: theirs[table] })
    }
  })

  it('should audit the creation of every record with the fields it has', async () => {
    const mine = await auditedRecords(batch.payload)
    const theirs = await auditedRecords(one.payload)
    expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort())
    for (const [key, fields] of theirs) {
      expect({ key, fields: mine.get(key) }).toEqual({ key, fields })
    }
  })

  it('should write drafts as importing them one by one does, department given', async () => {
    const drafts = Array.from({ length: 12 }, (_, n) => generated(200 + n, `nhap-${n}`))
    const [department] = (
      await rows(one.payload, `select id from organizations where short_name = 'SNV'`)
    ).map((row) => Number(row.id))
    for (const file of drafts) {
      await importArticle({ department, payload: one.payload, status: 'draft', text: file.text })
    }
    const outcomes = await importBatch({
      department,
      files: drafts,
      payload: batch.payload,
      status: 'draft',
    })
    expect(outcomes.every((outcome) => outcome.batched && outcome.status === 'created')).toBe(true)
    await expectSameContent(one.payload, batch.payload)
    expect(await latestVersions(batch.payload)).toEqual(await latestVersions(one.payload))
    expect(await auditedRecords(batch.payload)).toEqual(await auditedRecords(one.payload))
  }, 120_000)

  it('should link what a batch worked out ahead could not know: an organization added meanwhile', async () => {
    const title = 'Hội nghị quảng bá du lịch mùa thu'
    const paragraph =
      'Sáng nay, TTXTDL phối hợp với các sở, ngành tổ chức hội nghị quảng bá du lịch của tỉnh.'
    const files: ImportFile[] = [
      {
        name: 'xuc-tien-du-lich.txt',
        text: ['xuc-tien-du-lich', title, title, 'Article', paragraph].join('\n\n'),
      },
      generated(300),
    ]
    // Worked out while the directory has no TTXTDL: its short name is not read as an organization.
    const prepared = await prepareBatch({ files, payload: batch.payload })
    expect(prepared?.extracted.size).toBe(2)
    const added: Array<number | string> = []
    for (const ctx of [one, batch]) {
      const org = await ctx.payload.create({
        collection: 'organizations',
        data: { _status: 'published', name: 'Trung tâm Xúc tiến Du lịch', shortName: 'TTXTDL' },
      })
      added.push(org.id)
    }
    for (const file of files) {
      await importArticle({ payload: one.payload, text: file.text })
    }
    const outcomes = await importBatch({ files, payload: batch.payload, prepared })
    expect(outcomes.map(({ batched, status }) => ({ batched, status }))).toEqual([
      { batched: true, status: 'created' },
      { batched: true, status: 'created' },
    ])
    await expectSameContent(one.payload, batch.payload)
    const [article] = (
      await batch.payload.find({
        collection: 'articles',
        depth: 0,
        where: { slug: { equals: 'xuc-tien-du-lich' } },
      })
    ).docs
    expect(article?.organizations).toContain(added[1])
  })

  it('should import batches each worked out while the one before is written, as one by one', async () => {
    // Titles name organizations the directory lacks (the import creates them as drafts); later
    // batches name them again, so a batch worked out ahead was read with an older directory.
    const files = [10, 11, 10, 12, 11, 12, 10].map((org, n) =>
      generated(500 + n, `theo-lo-${n}`, organizationName(org)),
    )
    for (const file of files) {
      await importArticle({ payload: one.payload, text: file.text })
    }
    const outcomes: string[] = []
    for await (const done of importBatches({
      batches: [files.slice(0, 2), files.slice(2, 5), files.slice(5)],
      payload: batch.payload,
    })) {
      outcomes.push(...done.map(({ batched, name, status }) => `${name}:${status}:${batched}`))
    }
    expect(outcomes).toEqual(files.map(({ name }) => `${name}:created:true`))
    await expectSameContent(one.payload, batch.payload)
  })
})

onSql('bulk import when a batch cannot be written', () => {
  let ctx: IntContext

  beforeAll(async () => {
    ctx = await initPayloadInt({ key: 'batch-fallback' })
    await directory(ctx.payload)
    // Test setup: the database itself refuses one article, as a constraint would.
    if (onPostgres) {
      await rows(
        ctx.payload,
        `CREATE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'refused by the test'; END $$`,
      )
      await rows(
        ctx.payload,
        `CREATE TRIGGER refuse_one BEFORE INSERT ON articles FOR EACH ROW
         WHEN (NEW.slug = 'bi-tu-choi') EXECUTE FUNCTION refuse_one()`,
      )
    } else {
      await rows(
        ctx.payload,
        `CREATE TRIGGER refuse_one BEFORE INSERT ON articles WHEN NEW.slug = 'bi-tu-choi'
         BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
      )
    }
  })

  afterAll(async () => {
    await ctx?.cleanup()
  })

  it('should keep nothing of the batch, import the files one by one and name the bad one alone', async () => {
    const files = [generated(0), generated(1, 'bi-tu-choi'), generated(2)]
    const fallbacks: string[] = []
    const outcomes = await importBatch({
      files,
      onFallback: (reason) => fallbacks.push(reason),
      payload: ctx.payload,
    })
    expect(fallbacks).toEqual([expect.stringContaining('refused by the test')])
    expect(outcomes.map(({ batched, name, status }) => ({ batched, name, status }))).toEqual([
      { batched: undefined, name: 'bai-thu-0.txt', status: 'created' },
      { batched: undefined, name: 'bi-tu-choi.txt', status: 'failed' },
      { batched: undefined, name: 'bai-thu-2.txt', status: 'created' },
    ])
    expect(outcomes[1]!.reason).toMatch(/refused by the test/)
    const slugs = await rows(ctx.payload, 'select slug from articles order by id')
    expect(slugs.map((row) => row.slug)).toEqual(['bai-thu-0', 'bai-thu-2'])
    // What linking created for the refused article went with it: only the others' people remain.
    const people = await rows(ctx.payload, 'select name from people order by id')
    expect(people.map((row) => row.name)).toEqual([personName(0), personName(2)])
    const strays = await rows(
      ctx.payload,
      `select count(*) as n from search_index s where s.target = 'articles'
       and not exists (select 1 from articles a where cast(a.id as text) = s.doc_id)`,
    )
    expect(Number(strays[0]!.n)).toBe(0)
  }, 120_000)
})

// PostgreSQL only: there, saves on other connections run while a batch is open (SQLite's
// transactions take turns), so ids the batch takes must never be ones a save takes meanwhile.
;(onPostgres ? describe : describe.skip)('bulk import while others save', () => {
  let ctx: IntContext

  beforeAll(async () => {
    ctx = await initPayloadInt({ key: 'batch-concurrent' })
    await directory(ctx.payload)
  })

  afterAll(async () => {
    await ctx?.cleanup()
  })

  it('should write the whole batch and every save made meanwhile, none taking the ids of another', async () => {
    const files = Array.from({ length: 60 }, (_, n) => generated(300 + n, `cung-luc-${n}`))
    let batching = true
    const saved: Array<number | string> = []
    // Organizations saved one after another while the batch runs: each writes its own row,
    // version, search entry and audit entry, the tables the batch writes too. System setup.
    const saving = (async () => {
      for (let n = 0; batching; n += 1) {
        const org = await ctx.payload.create({
          collection: 'organizations',
          data: { _status: 'published', name: `Phòng lưu cùng lúc ${n}` },
          overrideAccess: true,
        })
        saved.push(org.id)
      }
    })()
    const fallbacks: string[] = []
    const outcomes = await importBatch({
      files,
      onFallback: (reason) => fallbacks.push(reason),
      payload: ctx.payload,
    }).finally(() => {
      batching = false
    })
    await saving
    expect(fallbacks).toEqual([])
    expect(outcomes.every((outcome) => outcome.batched && outcome.status === 'created')).toBe(true)
    // Saves did run alongside the batch, so the test shows something.
    expect(saved.length).toBeGreaterThan(1)
    const [articles] = await rows(ctx.payload, `select count(*) as n from articles`)
    expect(Number(articles!.n)).toBe(files.length)
    const [orgs] = await rows(
      ctx.payload,
      `select count(*) as n from organizations_locales where name like 'Phòng lưu cùng lúc %'`,
    )
    expect(Number(orgs!.n)).toBe(saved.length)
    // One search entry and one version for every record, the batch's and the saves' alike.
    const strays = await rows(
      ctx.payload,
      `select t.target, count(*) as n from (
         select 'articles' as target, id from articles union all
         select 'organizations', id from organizations) t
       where not exists (select 1 from search_index s where s.target = t.target and s.doc_id = cast(t.id as text))
       group by t.target`,
    )
    expect(strays).toEqual([])
  }, 120_000)
})
