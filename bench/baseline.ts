import type { IncomingMessage, ServerResponse } from 'node:http'

import { createClient } from '@libsql/client'
import http from 'node:http'
import pg from 'pg'

import { fold } from '../src/lib/vietnamese'

/**
 * The floor the portal is compared with: Node's http, the database's bare driver, hand-written SQL
 * and JSON.stringify, answering the bench's requests with the same data. On SQLite (BENCH_DB, a
 * file) the same libsql client and file; on PostgreSQL (BENCH_DATABASE_URI) a `pg` Pool on the same
 * database. The SQL is written once, with `?` placeholders; only search differs (FTS5 / tsvector).
 */
const file = process.env.BENCH_DB ?? ''
const postgresUri = process.env.BENCH_DATABASE_URI ?? ''
const department = Number(process.env.BENCH_EDITOR_DEPARTMENT ?? 0)

type Row = Record<string, unknown>
type Rows = (sql: string, args?: (number | string)[]) => Promise<Row[]>

const sqliteRows = (): Rows => {
  // @libsql/client as it comes, preparing each statement per call, as the measurement did
  // (and as stock Payload, Directus and Strapi were compared with). The portal keeps prepared
  // statements (src/compat/sqliteStatements.ts); with the same, this floor serves single articles about
  // twice as fast (README, Performance).
  const client = createClient({ url: `file:${file}` })
  return async (sql, args = []) => (await client.execute({ args, sql })).rows as unknown as Row[]
}

const postgresRows = (): Rows => {
  // pg as it comes: unnamed statements, parsed on every call (as drizzle's node-postgres driver
  // runs the portal's), and a Pool of pg's default size (10), as Payload's adapter opens.
  const pool = new pg.Pool({ connectionString: postgresUri })
  return async (sql, args = []) => {
    let n = 0
    return (
      await pool.query(
        sql.replace(/\?/g, () => `$${(n += 1)}`),
        args,
      )
    ).rows as Row[]
  }
}

const dialect = postgresUri ? 'postgres' : 'sqlite'
const rows = dialect === 'postgres' ? postgresRows() : sqliteRows()
const marks = (ids: unknown[]): string => ids.map(() => '?').join(', ')

const byId = async (table: string, ids: number[]): Promise<Map<number, Row>> => {
  if (ids.length === 0) {
    return new Map()
  }
  const found = await rows(
    `SELECT t.*, l.* , t.id AS id FROM "${table}" t LEFT JOIN "${table}_locales" l ON l._parent_id = t.id AND l._locale = 'vi' WHERE t.id IN (${marks(ids)})`,
    ids,
  )
  return new Map(found.map((row) => [Number(row.id), row]))
}

const plainTable = async (table: string, ids: number[]): Promise<Map<number, Row>> => {
  if (ids.length === 0) {
    return new Map()
  }
  const found = await rows(`SELECT * FROM "${table}" WHERE id IN (${marks(ids)})`, ids)
  return new Map(found.map((row) => [Number(row.id), row]))
}

/** Articles at depth 1: localized fields, then every relationship resolved one level. */
const articles = async (where: string, args: (number | string)[], limit: number) => {
  // The page's ids first, then their rows: joining the locales before the LIMIT would read every
  // matching article's body.
  const docs = await rows(
    `SELECT a.*, l.title, l.summary, l.body, a.id AS id
      FROM (SELECT a.id FROM articles a WHERE ${where} ORDER BY a.published_at DESC LIMIT ${limit}) page
      JOIN articles a ON a.id = page.id
      JOIN articles_locales l ON l._parent_id = a.id AND l._locale = 'vi'
      ORDER BY a.published_at DESC`,
    args,
  )
  const [{ total }] = await rows(`SELECT count(*) AS total FROM articles a WHERE ${where}`, args)
  const ids = docs.map((doc) => Number(doc.id))
  const rels = ids.length
    ? await rows(
        `SELECT * FROM articles_rels WHERE parent_id IN (${marks(ids)}) ORDER BY "order"`,
        ids,
      )
    : []
  const wanted = (column: string) => [
    ...new Set(
      rels
        .map((rel) => rel[column])
        .filter(Boolean)
        .map(Number),
    ),
  ]
  const people = await plainTable('people', wanted('people_id'))
  const positions = people.size
    ? await rows(
        `SELECT * FROM people_positions WHERE _parent_id IN (${marks([...people.keys()])}) ORDER BY _order`,
        [...people.keys()],
      )
    : []
  const organizations = await byId('organizations', [
    ...new Set([...wanted('organizations_id'), ...docs.map((doc) => Number(doc.department_id))]),
  ])
  const plans = await byId('plans', wanted('plans_id'))
  const topics = await byId('topics', wanted('topics_id'))
  const related = (id: number, pathName: string, column: string, source: Map<number, Row>) =>
    rels
      .filter((rel) => Number(rel.parent_id) === id && rel.path === pathName)
      .map((rel) => source.get(Number(rel[column])) ?? rel[column])
  return {
    docs: docs.map((doc) => {
      const id = Number(doc.id)
      return {
        ...doc,
        // pg returns jsonb parsed; libsql returns the text.
        body: typeof doc.body === 'string' ? JSON.parse(doc.body) : doc.body,
        department: organizations.get(Number(doc.department_id)) ?? null,
        organizations: related(id, 'organizations', 'organizations_id', organizations),
        people: related(id, 'people', 'people_id', people).map((person) => ({
          ...(person as Row),
          positions: positions.filter((p) => p._parent_id === (person as Row).id),
        })),
        plans: related(id, 'plans', 'plans_id', plans),
        topics: related(id, 'topics', 'topics_id', topics),
      }
    }),
    limit,
    page: 1,
    totalDocs: Number(total),
  }
}

/**
 * The newest 200 published index rows matching the phrase in the title, then in title or body,
 * and how many match in all: FTS5 tables on SQLite, the generated tsvector columns on PostgreSQL.
 */
const matches = async (tokens: string[]): Promise<{ ids: number[]; total: number }> => {
  if (dialect === 'postgres') {
    // The phrase, its last word a prefix, as FTS5's `"…"*` (tokens are letters and digits only).
    const query = tokens.map((token, at) => `'${token}'${at === tokens.length - 1 ? ':*' : ''}`)
    const match = query.join(' <-> ')
    const newest = async (vector: string) =>
      (
        await rows(
          `SELECT id FROM search_index WHERE published AND ${vector} @@ to_tsquery('simple', ?) ORDER BY id DESC LIMIT 200`,
          [match],
        )
      ).map((row) => Number(row.id))
    const ids = [...new Set([...(await newest('search_title')), ...(await newest('search_text'))])]
    const [{ total }] = await rows(
      `SELECT count(*) AS total FROM search_index WHERE published AND search_text @@ to_tsquery('simple', ?)`,
      [match],
    )
    return { ids, total: Number(total) }
  }
  const match = `"${tokens.join(' ')}"* AND "_pub"`
  const newest = async (table: string) =>
    (
      await rows(
        `SELECT rowid AS id FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid DESC LIMIT 200`,
        [match],
      )
    ).map((row) => Number(row.id))
  const ids = [
    ...new Set([
      ...(await newest('search_index_fts_title')),
      ...(await newest('search_index_fts')),
    ]),
  ]
  const [{ total }] = await rows(
    `SELECT count(*) AS total FROM search_index_fts WHERE search_index_fts MATCH ?`,
    [match],
  )
  return { ids, total: Number(total) }
}

const search = async (q: string) => {
  const tokens = fold(q).match(/[\p{L}\p{N}]+/gu) ?? []
  const { ids, total } = tokens.length ? await matches(tokens) : { ids: [], total: 0 }
  const hits = ids.length
    ? await rows(
        `SELECT id, target, doc_id, title, slug, key_body FROM search_index WHERE id IN (${marks(ids)})`,
        ids,
      )
    : []
  const phrase = tokens.join(' ')
  const docs = hits
    .map((hit) => ({ hit, inTitle: fold(String(hit.title)).includes(phrase) }))
    .sort((a, b) => Number(b.inTitle) - Number(a.inTitle) || Number(b.hit.id) - Number(a.hit.id))
    .slice(0, 10)
    .map(({ hit }) => {
      const body = String(hit.key_body ?? '')
      const at = Math.max(0, body.indexOf(phrase))
      return {
        collection: hit.target,
        id: hit.doc_id,
        slug: hit.slug,
        snippet: body.slice(at, at + 160),
        title: hit.title,
      }
    })
  return { docs, totalDocs: total }
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let text = ''
    req.on('data', (chunk) => (text += chunk))
    req.on('end', () => resolve(text))
  })

const handle = async (req: IncomingMessage, res: ServerResponse) => {
  const url = new URL(req.url ?? '/', 'http://localhost')
  let body: unknown = { errors: [{ message: 'Not found' }] }
  let status = 200
  if (url.pathname === '/api/health') {
    body = { status: 'ok' }
  } else if (url.pathname === '/api/articles') {
    const topic = url.searchParams.get('where[topics][equals]')
    const slug = url.searchParams.get('where[slug][equals]')
    if (req.headers.authorization) {
      // An editor reads everything published plus their department's drafts.
      body = await articles(`(a._status = 'published' OR a.department_id = ?)`, [department], 20)
    } else if (topic) {
      body = await articles(
        `a._status = 'published' AND a.id IN (SELECT parent_id FROM articles_rels WHERE path = 'topics' AND topics_id = ?)`,
        [Number(topic)],
        20,
      )
    } else if (slug) {
      body = await articles(`a._status = 'published' AND a.slug = ?`, [slug], 10)
    }
  } else if (url.pathname === '/api/graphql' && req.method === 'POST') {
    const { variables } = JSON.parse(await readBody(req)) as { variables: { slug: string } }
    body = {
      data: {
        Articles: await articles(`a._status = 'published' AND a.slug = ?`, [variables.slug], 10),
      },
    }
  } else if (url.pathname === '/api/search') {
    body = await search(url.searchParams.get('q') ?? '')
  } else {
    status = 404
  }
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-length': Buffer.byteLength(text),
    'content-type': 'application/json',
  })
  res.end(text)
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    res.writeHead(500, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ errors: [{ message: String(error) }] }))
  })
})
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(`READY ${typeof address === 'object' && address ? address.port : 0}\n`)
})
