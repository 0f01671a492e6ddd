import type { Payload } from 'payload'

import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { getPayload } from 'payload'
import pg from 'pg'

import { buildPortalConfig } from '../src/config'
import { runMigrations } from '../src/database'
import { rebuildListings } from '../src/plugins/listings'
import { fold } from '../src/lib/vietnamese'
import {
  articleParagraphs,
  articleTitle,
  lexicalOf,
  organizationName,
  personName,
  pick,
  planNumber,
  positionTitle,
} from '../tests/helpers/articleText'

export const EDITOR_EMAIL = 'bench.editor@example.com'
export const EDITOR_PASSWORD = 'bench-editor-pass-1'
// 2: the FTS tables' rowids carry their row's class (collections/search/sqlite.ts).
const GENERATOR_VERSION = '2'

export type CorpusSize = { articles: number; organizations: number; people: number; plans: number }

export const benchSize = (): CorpusSize => ({
  articles: Number(process.env.BENCH_ARTICLES ?? 100_000),
  organizations: 2000,
  people: 10_000,
  plans: 5000,
})

export type Corpus = {
  /** DATABASE_URI of the corpus: `file:…` on SQLite, `postgres://…/bench_<key>` on PostgreSQL. */
  databaseUri: string
  /** The department the bench editor belongs to. */
  editorDepartment: number
  /** The SQLite file, or the PostgreSQL database's name. */
  file: string
  /** A slug that exists and a topic id with many articles. */
  sampleSlug: string
  sampleTopic: number
  seconds: number
  reused: boolean
}

type Row = Record<string, unknown>
type Client = {
  batch: (statements: { args: unknown[]; sql: string }[], mode: 'write') => Promise<unknown>
  execute: (statement: string | { args: unknown[]; sql: string }) => Promise<{ rows: Row[] }>
}

export const clientOf = (payload: Payload): Client =>
  (payload.db as unknown as { client: Client }).client

type Statement = { args: unknown[]; sql: string }

/**
 * The generator's SQL on either database: statements are written with `?` placeholders and
 * SQLite's quoting, which PostgreSQL shares but for the placeholders (`$1`, `$2`, …).
 */
type Sql = {
  batch: (statements: Statement[]) => Promise<void>
  dialect: 'postgres' | 'sqlite'
  query: (sql: string, args?: unknown[]) => Promise<Row[]>
  tableExists: (table: string) => Promise<boolean>
  /** Columns the database computes itself (PostgreSQL's generated tsvector columns). */
  generatedColumns: (table: string) => Promise<string[]>
}

type PgPool = {
  connect: () => Promise<{ query: pg.ClientBase['query']; release: () => void }>
  query: pg.Pool['query']
}

export const numbered = (sql: string): string => {
  let n = 0
  return sql.replace(/\?/g, () => `$${(n += 1)}`)
}

const INSERT = /^(INSERT INTO .+\)) VALUES (\(.+\))$/s
// PostgreSQL takes at most 65,535 parameters in one statement.
const MAX_PARAMETERS = 60_000

/**
 * A batch's rows as multi-row INSERTs, one table after another in the order each first appears
 * (parents before the rows that point at them, as the generator writes every record's rows):
 * one round trip per table and chunk instead of one per row, as SQLite's batch is one call.
 */
export const multiRow = (statements: Statement[]): { text: string; values: unknown[] }[] => {
  const groups = new Map<string, unknown[][]>()
  const out: { text: string; values: unknown[] }[] = []
  const flush = () => {
    for (const [sql, rows] of groups) {
      const [, head, tuple] = INSERT.exec(sql)!
      const per = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, rows[0].length)))
      for (let at = 0; at < rows.length; at += per) {
        const chunk = rows.slice(at, at + per)
        out.push({
          text: numbered(`${head} VALUES ${chunk.map(() => tuple).join(', ')}`),
          values: chunk.flat(),
        })
      }
    }
    groups.clear()
  }
  for (const { args, sql } of statements) {
    if (INSERT.test(sql)) {
      const rows = groups.get(sql) ?? []
      rows.push(args)
      groups.set(sql, rows)
    } else {
      // Anything else keeps its place after the rows before it.
      flush()
      out.push({ text: numbered(sql), values: args })
    }
  }
  flush()
  return out
}

// pg writes a JS array as a PostgreSQL array: JSON columns are passed as text instead.
const pgValue = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && !(value instanceof Date)
    ? JSON.stringify(value)
    : value

const sqlOf = (payload: Payload): Sql => {
  if (payload.db.name === 'postgres') {
    const pool = (payload.db as unknown as { pool: PgPool }).pool
    const names = new Map<string, string>()
    const query = async (sql: string, args: unknown[] = []) =>
      (await pool.query(numbered(sql), args.map(pgValue))).rows as Row[]
    return {
      batch: async (statements) => {
        const client = await pool.connect()
        try {
          await client.query('BEGIN')
          for (const { text, values } of multiRow(statements)) {
            // Named, so each INSERT's text is parsed once per connection, not per chunk.
            let name = names.get(text)
            if (!name) {
              name = `bench_${names.size}`
              names.set(text, name)
            }
            await client.query({ name, text, values: values.map(pgValue) })
          }
          await client.query('COMMIT')
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined)
          throw error
        } finally {
          client.release()
        }
      },
      dialect: 'postgres',
      generatedColumns: async (table) =>
        (
          await query(
            `SELECT column_name FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'ALWAYS'`,
            [table],
          )
        ).map((row) => String(row.column_name)),
      query,
      tableExists: async (table) =>
        (await query(`SELECT to_regclass(?) IS NOT NULL AS found`, [`"${table}"`]))[0]?.found ===
        true,
    }
  }
  const client = clientOf(payload)
  return {
    batch: async (statements) => {
      await client.batch(statements, 'write')
    },
    dialect: 'sqlite',
    generatedColumns: async () => [],
    query: async (sql, args = []) => (await client.execute({ args, sql })).rows as Row[],
    tableExists: async (table) =>
      (
        await client.execute({
          args: [table],
          sql: `SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`,
        })
      ).rows.length > 0,
  }
}

// A new schema or generator gives a new file, so a stale corpus is never reused.
const corpusKey = (size: CorpusSize, dialect: Sql['dialect'] = 'sqlite'): string => {
  // Each database's own migrations: src/migrations holds SQLite's, its postgres/ PostgreSQL's.
  const dir = path.resolve(dialect === 'sqlite' ? 'src/migrations' : 'src/migrations/postgres')
  const hash = createHash('sha256')
  const files = fs.readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isFile())
  for (const name of files.map((entry) => entry.name).sort()) {
    hash.update(name)
    hash.update(fs.readFileSync(path.join(dir, name)))
  }
  hash.update(JSON.stringify(size) + GENERATOR_VERSION)
  return hash.digest('hex').slice(0, 12)
}

/** Plain copies of the rows Payload wrote, to clone with new values. */
const plain = (row: Row): Row => Object.fromEntries(Object.entries(row))

const inserter = (table: string, template: Row, omit: string[] = []) => {
  const columns = Object.keys(template).filter((column) => !omit.includes(column))
  const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
  return (overrides: Row) => ({
    args: columns.map(
      (column) => (column in overrides ? overrides[column] : template[column]) ?? null,
    ),
    sql,
  })
}

const uuid = (n: number, kind: string): string =>
  createHash('md5').update(`${kind}:${n}`).digest('hex').slice(0, 24)

/** Template records through the Local API (system work: no user, no access control). */
const templates = async (payload: Payload) => {
  const board = await payload.create({
    collection: 'organizations',
    data: {
      name: 'Ban Quản lý Khu kinh tế tỉnh',
      shortName: 'BQLKKT',
      _status: 'published',
    } as never,
  })
  const child = await payload.create({
    collection: 'organizations',
    data: {
      name: 'Phòng Tổ chức cán bộ mẫu',
      shortName: 'TCCB',
      parent: board.id,
      _status: 'published',
    } as never,
  })
  const topic = await payload.create({
    collection: 'topics',
    data: { name: 'Cải cách hành chính', slug: 'cai-cach-hanh-chinh' } as never,
  })
  const person = await payload.create({
    collection: 'people',
    data: {
      department: board.id,
      name: 'Vũ Mạnh Hải',
      positions: [{ organization: board.id, title: 'Phó Trưởng Ban' }],
      _status: 'published',
    } as never,
  })
  const plan = await payload.create({
    collection: 'plans',
    data: {
      department: board.id,
      issuedOn: '2020-02-14',
      issuer: board.id,
      number: '82/KH-BQLKKT',
      title: 'Kế hoạch thực hiện công tác cải cách hành chính năm 2020',
      _status: 'published',
    } as never,
  })
  const article = await payload.create({
    collection: 'articles',
    data: {
      _status: 'published',
      body: JSON.parse(lexicalOf(['Đoạn mẫu.'])),
      department: board.id,
      organizations: [board.id],
      people: [person.id],
      plans: [plan.id],
      publishedAt: new Date('2024-01-01').toISOString(),
      title: 'Bài mẫu cho bộ đo hiệu năng',
      topics: [topic.id],
    } as never,
  })
  await payload.create({
    collection: 'users',
    data: {
      department: board.id,
      email: EDITOR_EMAIL,
      name: 'Bench editor',
      password: EDITOR_PASSWORD,
      roles: ['editor'],
    } as never,
  })
  return { article, board, child, person, plan, topic }
}

const chunked = async (
  client: Sql,
  count: number,
  per: number,
  build: (n: number) => Statement[],
): Promise<void> => {
  for (let start = 0; start < count; start += per) {
    const statements: Statement[] = []
    for (let n = start; n < Math.min(count, start + per); n += 1) {
      statements.push(...build(n))
    }
    await client.batch(statements)
  }
}

/** Bulk-inserts a corpus of `size` into a migrated database (bench/soak.ts: a small one). */
export const generate = async (payload: Payload, size: CorpusSize) => {
  const client = sqlOf(payload)
  const made = await templates(payload)
  const ids = {
    article: Number(made.article.id),
    board: Number(made.board.id),
    child: Number(made.child.id),
    person: Number(made.person.id),
    plan: Number(made.plan.id),
    topic: Number(made.topic.id),
  }
  // A template row as Payload stored it, less the columns the database computes.
  const template = async (table: string, sql: string, args: unknown[]) => {
    const computed = await client.generatedColumns(table)
    const [found] = await client.query(sql, args)
    return Object.fromEntries(
      Object.entries(plain(found ?? {})).filter(([column]) => !computed.includes(column)),
    )
  }
  const row = (table: string, where: string, id: number) =>
    template(table, `SELECT * FROM "${table}" WHERE ${where} = ? LIMIT 1`, [id])
  const searchRow = (target: string, id: number) =>
    template('search_index', `SELECT * FROM search_index WHERE target = ? AND doc_id = ?`, [
      target,
      String(id),
    ])
  const exists = client.tableExists

  // Organizations: the first 20 are top-level agencies, the rest units under them.
  const orgBase = 1000
  const orgRow = inserter('organizations', await row('organizations', 'id', ids.child))
  const orgLocale = inserter(
    'organizations_locales',
    await row('organizations_locales', '_parent_id', ids.child),
    ['id'],
  )
  const hasCrumbs = await exists('organizations_breadcrumbs')
  const crumbTemplate = hasCrumbs
    ? await row('organizations_breadcrumbs', '_parent_id', ids.child)
    : null
  const crumb =
    crumbTemplate && Object.keys(crumbTemplate).length
      ? inserter('organizations_breadcrumbs', crumbTemplate)
      : null
  const orgSearch = inserter('search_index', await searchRow('organizations', ids.child), ['id'])
  const orgId = (n: number) => orgBase + n
  const orgParent = (n: number) => (n < 20 ? ids.board : orgId(n % 20))
  const code = (n: number) => `DV${n}`
  await chunked(client, size.organizations, 2000, (n) => {
    const name = organizationName(n)
    return [
      orgRow({
        id: orgId(n),
        parent_id: orgParent(n),
        short_name: code(n),
        slug: `don-vi-${n}`,
        _status: 'published',
      }),
      orgLocale({ _parent_id: orgId(n), name }),
      ...(crumb
        ? [
            crumb({
              _order: 1,
              _parent_id: orgId(n),
              doc_id: orgId(n),
              id: uuid(n, 'crumb'),
              label: code(n),
              url: `/don-vi-${n}`,
            }),
          ]
        : []),
      orgSearch({
        doc_id: String(orgId(n)),
        key_body: '',
        key_title: fold(`${name} ${code(n)}`),
        slug: `don-vi-${n}`,
        title: name,
      }),
    ]
  })

  // People with one or two positions.
  const personBase = 1000
  const personRow = inserter('people', await row('people', 'id', ids.person))
  const personLocaleTemplate = (await exists('people_locales'))
    ? await row('people_locales', '_parent_id', ids.person)
    : {}
  const personLocale = Object.keys(personLocaleTemplate).length
    ? inserter('people_locales', personLocaleTemplate, ['id'])
    : null
  const position = inserter(
    'people_positions',
    await row('people_positions', '_parent_id', ids.person),
  )
  const personSearch = inserter('search_index', await searchRow('people', ids.person), ['id'])
  await chunked(client, size.people, 2000, (n) => {
    const id = personBase + n
    const name = personName(n)
    const statements = [
      personRow({
        department_id: orgId(n % size.organizations),
        id,
        name,
        positions_summary: `${positionTitle(n)} – ${organizationName(n % size.organizations)}`,
        slug: `nguoi-${n}`,
        _status: 'published',
      }),
      position({
        _order: 1,
        _parent_id: id,
        id: uuid(n, 'pos'),
        organization_id: orgId(n % size.organizations),
        title: positionTitle(n),
      }),
      personSearch({
        doc_id: String(id),
        key_body: fold(positionTitle(n)),
        key_title: fold(name),
        slug: `nguoi-${n}`,
        title: name,
      }),
    ]
    if (personLocale) {
      statements.push(personLocale({ _parent_id: id }))
    }
    if (n % 3 === 0) {
      statements.push(
        position({
          _order: 2,
          _parent_id: id,
          id: uuid(n, 'pos2'),
          organization_id: orgId((n + 7) % size.organizations),
          title: positionTitle(n + 3),
        }),
      )
    }
    return statements
  })

  const planBase = 1000
  const planRow = inserter('plans', await row('plans', 'id', ids.plan))
  const planLocale = inserter('plans_locales', await row('plans_locales', '_parent_id', ids.plan), [
    'id',
  ])
  const planSearch = inserter('search_index', await searchRow('plans', ids.plan), ['id'])
  await chunked(client, size.plans, 2000, (n) => {
    const id = planBase + n
    const number = planNumber(n, code(n % 20))
    const title = `Kế hoạch thực hiện ${pick(['cải cách hành chính', 'chuyển đổi số', 'công tác cán bộ', 'phòng chống tham nhũng'], n)} năm ${2018 + (n % 8)}`
    return [
      planRow({
        department_id: orgId(n % 20),
        id,
        issued_on: `${2018 + (n % 8)}-0${(n % 9) + 1}-1${n % 10}`,
        issuer_id: orgId(n % 20),
        number,
        slug: `ke-hoach-${n}`,
        _status: 'published',
      }),
      planLocale({ _parent_id: id, title }),
      planSearch({
        doc_id: String(id),
        key_body: '',
        key_title: fold(`${number} ${title}`),
        slug: `ke-hoach-${n}`,
        title: `${number} ${title}`,
      }),
    ]
  })

  // Topics: 30, so a topic holds thousands of articles.
  const topicRow = inserter('topics', await row('topics', 'id', ids.topic))
  const topicLocale = inserter(
    'topics_locales',
    await row('topics_locales', '_parent_id', ids.topic),
    ['id'],
  )
  const topics = 30
  await chunked(client, topics, topics, (n) => [
    topicRow({ id: 1000 + n, slug: `chu-de-${n}` }),
    topicLocale({ _parent_id: 1000 + n, name: `Chủ đề ${n}` }),
  ])

  const articleRow = inserter('articles', await row('articles', 'id', ids.article))
  const articleLocale = inserter(
    'articles_locales',
    await row('articles_locales', '_parent_id', ids.article),
    ['id'],
  )
  const rel = inserter('articles_rels', await row('articles_rels', 'parent_id', ids.article), [
    'id',
  ])
  const articleSearch = inserter('search_index', await searchRow('articles', ids.article), ['id'])
  const relOf = (parent: number, order: number, pathName: string, column: string, value: number) =>
    rel({
      order,
      organizations_id: null,
      parent_id: parent,
      path: pathName,
      people_id: null,
      plans_id: null,
      topics_id: null,
      [column]: value,
    })
  const start = Date.parse('2019-01-01T00:00:00.000Z')
  await chunked(client, size.articles, 1000, (n) => {
    const id = 1000 + n
    // Every tenth article belongs to the editor's department (the board).
    const department = n % 10 === 0 ? ids.board : orgId(n % 20)
    const people = [personBase + (n % size.people), personBase + ((n * 7 + 3) % size.people)]
    const plan = planBase + (n % size.plans)
    const org = orgId((n * 3) % size.organizations)
    const orgNameText = organizationName((n * 3) % size.organizations)
    const title = articleTitle(n, organizationName(n % 20))
    const paragraphs = articleParagraphs(n, {
      org: orgNameText,
      person: personName(n % size.people),
      plan: planNumber(n % size.plans, code(n % 20)),
      title: positionTitle(n % size.people),
    })
    const at = new Date(start + n * 9 * 60_000).toISOString()
    const slug = `bai-viet-${n}`
    const plainText = paragraphs.join('\n\n')
    return [
      articleRow({
        created_at: at,
        department_id: department,
        id,
        published_at: at,
        slug,
        updated_at: at,
        _status: 'published',
        mentions: null,
      }),
      articleLocale({ _parent_id: id, body: lexicalOf(paragraphs), summary: paragraphs[0], title }),
      relOf(id, 1, 'topics', 'topics_id', 1000 + (n % topics)),
      relOf(id, 2, 'topics', 'topics_id', 1000 + ((n * 11 + 5) % topics)),
      relOf(id, 1, 'people', 'people_id', people[0]),
      relOf(id, 2, 'people', 'people_id', people[1]),
      relOf(id, 1, 'organizations', 'organizations_id', org),
      relOf(id, 1, 'plans', 'plans_id', plan),
      articleSearch({
        department: String(department),
        doc_id: String(id),
        key_body: fold(plainText),
        key_title: fold(title),
        published: 1,
        slug,
        title,
        updated_at: at,
        created_at: at,
      }),
    ]
  })
  if (client.dialect === 'postgres') {
    // Rows went in with their ids: move each id sequence past them, as Payload's own inserts would.
    const serials = await client.query(
      `SELECT table_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name = 'id' AND column_default LIKE 'nextval(%'`,
    )
    for (const { table_name: table } of serials) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT max(id) FROM "${String(table)}"))`,
        [`"${String(table)}"`],
      )
    }
  }
  // Rows went in past Payload's hooks: the lists' read model is filled from them once.
  await rebuildListings(payload)
  return {
    editorDepartment: ids.board,
    sampleSlug: `bai-viet-${Math.floor(size.articles / 2)}`,
    sampleTopic: 1000,
  }
}

/** Builds (or reuses) the bench database under bench/data/. */
export const ensureCorpus = async (size: CorpusSize): Promise<Corpus> => {
  const dir = path.resolve('bench/data')
  fs.mkdirSync(dir, { recursive: true })
  const key = corpusKey(size)
  const file = path.join(dir, `corpus-${key}.db`)
  const meta = `${file}.json`
  const databaseUri = `file:${file}`
  if (fs.existsSync(meta) && fs.existsSync(file)) {
    // The file's own path, not the one recorded where it was built: a copy (a worktree's) must
    // not serve, and write to, the original.
    return { ...JSON.parse(fs.readFileSync(meta, 'utf8')), databaseUri, file, reused: true }
  }
  for (const old of fs.readdirSync(dir)) {
    fs.rmSync(path.join(dir, old), { force: true })
  }
  const began = Date.now()
  const payload = await getPayload({ config: buildPortalConfig({ databaseUri }) })
  await runMigrations(payload)
  const made = await generate(payload, size)
  await clientOf(payload).execute('PRAGMA wal_checkpoint(TRUNCATE)')
  await clientOf(payload).execute('ANALYZE')
  await payload.db.destroy?.()
  const corpus = { ...made, databaseUri, file, seconds: (Date.now() - began) / 1000 }
  fs.writeFileSync(meta, JSON.stringify(corpus))
  return { ...corpus, reused: false }
}

/** The URI of database `name` on the server of `uri` (same credentials, host and options). */
export const databaseOn = (uri: string, name: string): string => {
  const url = new URL(uri)
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * Builds (or reuses) the bench database on the PostgreSQL server of `serverUri`: `bench_<key>`,
 * filled by the same generator as SQLite's file (template records saved through Payload on
 * PostgreSQL, cloned by SQL), so both hold the same corpus as each database stores it. A finished
 * corpus is marked by a comment on its database; one without it (an interrupted run) is rebuilt,
 * and other `bench_<key>` databases (an older schema or size) are dropped, as SQLite's old files
 * are deleted.
 */
export const ensurePostgresCorpus = async (
  size: CorpusSize,
  serverUri: string,
): Promise<Corpus> => {
  const name = `bench_${corpusKey(size, 'postgres')}`
  const databaseUri = databaseOn(serverUri, name)
  const admin = new pg.Client({ connectionString: serverUri })
  await admin.connect()
  try {
    const { rows } = await admin.query<{ datname: string; meta: null | string }>(
      `SELECT datname, shobj_description(oid, 'pg_database') AS meta FROM pg_database
        WHERE datname ~ '^bench_[0-9a-f]{12}$'`,
    )
    const mine = rows.find((row) => row.datname === name)
    if (mine?.meta) {
      return { ...JSON.parse(mine.meta), reused: true }
    }
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`)
    }
    await admin.query(`CREATE DATABASE "${name}"`)
  } finally {
    await admin.end()
  }
  const began = Date.now()
  // Its own key: getPayload keeps one instance per key, and SQLite's may be in this process already.
  const payload = await getPayload({ config: buildPortalConfig({ databaseUri }), key: name })
  let corpus: Omit<Corpus, 'reused'>
  try {
    await runMigrations(payload)
    const made = await generate(payload, size)
    await sqlOf(payload).query('ANALYZE')
    corpus = { ...made, databaseUri, file: name, seconds: (Date.now() - began) / 1000 }
  } finally {
    await payload.db.destroy?.()
  }
  const marker = new pg.Client({ connectionString: serverUri })
  await marker.connect()
  try {
    // COMMENT takes no parameters: the JSON is quoted as a literal.
    await marker.query(
      `COMMENT ON DATABASE "${name}" IS ${marker.escapeLiteral(JSON.stringify(corpus))}`,
    )
  } finally {
    await marker.end()
  }
  return { ...corpus, reused: false }
}

/**
 * The databases `npm run bench` measures: BENCH_DATABASES (`sqlite`, `postgres` or both, comma
 * separated), by default SQLite, then PostgreSQL when POSTGRES_URI is set.
 */
export const benchDatabases = (env = process.env): ('postgres' | 'sqlite')[] => {
  const raw = env.BENCH_DATABASES?.trim()
  const picked = raw
    ? raw.split(',').map((name) => name.trim())
    : ['sqlite', ...(env.POSTGRES_URI ? ['postgres'] : [])]
  for (const name of picked) {
    if (name !== 'sqlite' && name !== 'postgres') {
      throw new Error(`BENCH_DATABASES: "${name}" is not sqlite or postgres`)
    }
  }
  if (picked.includes('postgres') && !env.POSTGRES_URI) {
    throw new Error('BENCH_DATABASES names postgres but POSTGRES_URI is not set')
  }
  return [...new Set(picked)] as ('postgres' | 'sqlite')[]
}
