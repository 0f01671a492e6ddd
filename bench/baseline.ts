import type { IncomingMessage, ServerResponse } from 'node:http'

import { createClient } from '@libsql/client'
import { createHash } from 'node:crypto'
import http from 'node:http'
import Database from 'libsql'
import pg from 'pg'

import { FTS_SQL } from '../collections/search/sqlite'
import { fold } from '../src/lib/vietnamese'

/**
 * The floors the portal is compared with: Node's http, the database's bare driver, hand-written SQL
 * and JSON.stringify, answering the bench's requests with the same data. On SQLite (BENCH_DB, a
 * file) the same libsql driver and file; on PostgreSQL (BENCH_DATABASE_URI) a `pg` Pool on the same
 * database. The SQL is written once, with `?` placeholders; only search differs (FTS5 / tsvector).
 *
 * Two floors (BENCH_BEST):
 * - the plain baseline (0): the drivers as they come, statements prepared on every call, and
 *   Payload's schema as it is: a topic list sorts and counts every match;
 * - the best bare driver (1), the true limit: prepared statements kept, and for public lists a read
 *   model built at start (every published article per scope, indexed in publishedAt order, with
 *   counts), so a page is an index walk of `limit` rows; search ranked by the full-text index
 *   (bm25 / ts_rank) with a LIMIT instead of the newest candidates.
 */
const file = process.env.BENCH_DB ?? ''
const postgresUri = process.env.BENCH_DATABASE_URI ?? ''
const department = Number(process.env.BENCH_EDITOR_DEPARTMENT ?? 0)
const best = process.env.BENCH_BEST === '1'

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

const keptSqliteRows = (): Rows => {
  // The libsql driver itself (better-sqlite3's API): synchronous, no worker hop, statements kept.
  const db = new Database(file)
  const kept = new Map<string, Database.Statement>()
  return async (sql, args = []) => {
    let statement = kept.get(sql)
    if (!statement) {
      statement = db.prepare(sql)
      kept.set(sql, statement)
    }
    return statement.reader ? (statement.all(...args) as Row[]) : (statement.run(...args), [])
  }
}

const keptPostgresRows = (): Rows => {
  // Named statements: each connection parses a statement once and keeps its plan.
  const pool = new pg.Pool({ connectionString: postgresUri })
  return async (sql, args = []) => {
    let n = 0
    const text = sql.replace(/\?/g, () => `$${(n += 1)}`)
    const name = `b${createHash('sha1').update(text).digest('hex').slice(0, 16)}`
    return (await pool.query({ name, text, values: args })).rows as Row[]
  }
}

const dialect = postgresUri ? 'postgres' : 'sqlite'
const rows =
  dialect === 'postgres'
    ? best
      ? keptPostgresRows()
      : postgresRows()
    : best
      ? keptSqliteRows()
      : sqliteRows()
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

/** Every relationship of the page's articles resolved one level, as depth 1 answers. */
const populate = async (docs: Row[]): Promise<Row[]> => {
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
  return docs.map((doc) => {
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
  })
}

/** Articles at depth 1 as Payload's schema holds them: sort the matches, count them all. */
const articles = async (where: string, args: (number | string)[], limit: number, page = 1) => {
  // The page's ids first, then their rows: joining the locales before the LIMIT would read every
  // matching article's body.
  const docs = await rows(
    `SELECT a.*, l.title, l.summary, l.body, a.id AS id
      FROM (SELECT a.id FROM articles a WHERE ${where} ORDER BY a.published_at DESC LIMIT ${limit} OFFSET ${(page - 1) * limit}) page
      JOIN articles a ON a.id = page.id
      JOIN articles_locales l ON l._parent_id = a.id AND l._locale = 'vi'
      ORDER BY a.published_at DESC`,
    args,
  )
  const [{ total }] = await rows(`SELECT count(*) AS total FROM articles a WHERE ${where}`, args)
  return { docs: await populate(docs), limit, page, totalDocs: Number(total) }
}

// The best floor's read model: built at start in the corpus database's own engine (a TEMP table of
// the one SQLite connection; an UNLOGGED table in a schema of its own on PostgreSQL).
const LISTING = dialect === 'postgres' ? 'bench_best.listing' : 'best_listing'
const COUNTS = dialect === 'postgres' ? 'bench_best.counts' : 'best_counts'

const buildReadModel = async (): Promise<void> => {
  const create = dialect === 'postgres' ? 'CREATE UNLOGGED TABLE' : 'CREATE TEMP TABLE'
  if (dialect === 'postgres') {
    await rows('CREATE SCHEMA IF NOT EXISTS bench_best')
    await rows(`DROP TABLE IF EXISTS ${LISTING}`)
    await rows(`DROP TABLE IF EXISTS ${COUNTS}`)
  }
  await rows(
    `${create} ${LISTING} AS
      SELECT 'all' AS scope, 0 AS scope_id, a.published_at, a.id AS article_id
        FROM articles a WHERE a._status = 'published'
      UNION ALL
      SELECT 'topic', r.topics_id, a.published_at, a.id FROM articles a
        JOIN articles_rels r ON r.parent_id = a.id AND r.path = 'topics' AND r.topics_id IS NOT NULL
        WHERE a._status = 'published'
      UNION ALL
      SELECT 'department', a.department_id, a.published_at, a.id FROM articles a
        WHERE a._status = 'published' AND a.department_id IS NOT NULL`,
  )
  // An index is made in its table's schema (temp on SQLite, bench_best on PostgreSQL).
  await rows(
    `CREATE INDEX best_listing_order ON ${LISTING} (scope, scope_id, published_at DESC, article_id DESC)`,
  )
  await rows(
    `${create} ${COUNTS} AS SELECT scope, scope_id, count(*) AS total FROM ${LISTING} GROUP BY scope, scope_id`,
  )
  await rows(`CREATE UNIQUE INDEX best_counts_key ON ${COUNTS} (scope, scope_id)`)
}

/** A public list from the read model: an index walk of `limit` rows and one count row. */
const listed = async (
  scope: 'all' | 'department' | 'topic',
  id: number,
  limit: number,
  page = 1,
) => {
  const ids = (
    await rows(
      `SELECT article_id FROM ${LISTING} WHERE scope = ? AND scope_id = ? ORDER BY published_at DESC, article_id DESC LIMIT ${limit} OFFSET ${(page - 1) * limit}`,
      [scope, id],
    )
  ).map((row) => Number(row.article_id))
  const counted = await rows(`SELECT total FROM ${COUNTS} WHERE scope = ? AND scope_id = ?`, [
    scope,
    id,
  ])
  const found = ids.length
    ? await rows(
        `SELECT a.*, l.title, l.summary, l.body, a.id AS id FROM articles a
          JOIN articles_locales l ON l._parent_id = a.id AND l._locale = 'vi'
          WHERE a.id IN (${marks(ids)})`,
        ids,
      )
    : []
  const byIds = new Map(found.map((doc) => [Number(doc.id), doc]))
  const docs = ids.map((at) => byIds.get(at)).filter((doc): doc is Row => Boolean(doc))
  return { docs: await populate(docs), limit, page, totalDocs: Number(counted[0]?.total ?? 0) }
}

/**
 * The newest 200 published index rows matching the phrase in the title, then in title or body,
 * and how many match in all: FTS5 tables on SQLite, the generated tsvector columns on PostgreSQL.
 */
const matches = async (tokens: string[]): Promise<{ ids: number[]; total: number }> => {
  if (best) {
    return ranked(tokens)
  }
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
  // FTS rowids lead with the row's class (collections/search/sqlite.ts): by rowid, newest
  // articles first, then each directory type's newest; only the count is compared for search.
  const newest = async (table: string) =>
    (
      await rows(
        `SELECT ${FTS_SQL.rowId} AS id FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid DESC LIMIT 200`,
        [match],
      )
    ).map((row) => Number(row.id))
  const ids = [...new Set([...(await newest(FTS_SQL.title)), ...(await newest(FTS_SQL.body))])]
  const [{ total }] = await rows(
    `SELECT count(*) AS total FROM ${FTS_SQL.body} WHERE ${FTS_SQL.body} MATCH ?`,
    [match],
  )
  return { ids, total: Number(total) }
}

/** The best floor's search: the ten best matches by the full-text index's own rank, and the count. */
const ranked = async (tokens: string[]): Promise<{ ids: number[]; total: number }> => {
  if (dialect === 'postgres') {
    const query = tokens.map((token, at) => `'${token}'${at === tokens.length - 1 ? ':*' : ''}`)
    const match = query.join(' <-> ')
    const ids = (
      await rows(
        `SELECT id FROM search_index, to_tsquery('simple', ?) q WHERE published AND search_text @@ q
          ORDER BY ts_rank(search_text, q) DESC, id DESC LIMIT 10`,
        [match],
      )
    ).map((row) => Number(row.id))
    const [{ total }] = await rows(
      `SELECT count(*) AS total FROM search_index WHERE published AND search_text @@ to_tsquery('simple', ?)`,
      [match],
    )
    return { ids, total: Number(total) }
  }
  // Published rows are a rowid range of the FTS tables: filtered by it, not by the `_pub` tag.
  const match = `"${tokens.join(' ')}"*`
  const { body, published, rowId } = FTS_SQL
  const ids = (
    await rows(
      `SELECT ${rowId} AS id FROM ${body} WHERE ${body} MATCH ? AND ${published} ORDER BY rank LIMIT 10`,
      [match],
    )
  ).map((row) => Number(row.id))
  const [{ total }] = await rows(
    `SELECT count(*) AS total FROM ${body} WHERE ${body} MATCH ? AND ${published}`,
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
  const order = new Map(ids.map((id, at) => [id, at]))
  const docs = hits
    .map((hit) => ({ hit, inTitle: fold(String(hit.title)).includes(phrase) }))
    .sort((a, b) =>
      best
        ? order.get(Number(a.hit.id))! - order.get(Number(b.hit.id))!
        : Number(b.inTitle) - Number(a.inTitle) || Number(b.hit.id) - Number(a.hit.id),
    )
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
    const inDepartment = url.searchParams.get('where[department][equals]')
    const slug = url.searchParams.get('where[slug][equals]')
    const limit = Number(url.searchParams.get('limit') ?? 10)
    const page = Number(url.searchParams.get('page') ?? 1)
    if (req.headers.authorization) {
      // An editor reads everything published plus their department's drafts.
      body = await articles(`(a._status = 'published' OR a.department_id = ?)`, [department], limit)
    } else if (slug) {
      body = await articles(`a._status = 'published' AND a.slug = ?`, [slug], limit)
    } else if (best) {
      body = topic
        ? await listed('topic', Number(topic), limit, page)
        : inDepartment
          ? await listed('department', Number(inDepartment), limit, page)
          : await listed('all', 0, limit, page)
    } else if (topic) {
      body = await articles(
        `a._status = 'published' AND a.id IN (SELECT parent_id FROM articles_rels WHERE path = 'topics' AND topics_id = ?)`,
        [Number(topic)],
        limit,
        page,
      )
    } else if (inDepartment) {
      body = await articles(
        `a._status = 'published' AND a.department_id = ?`,
        [Number(inDepartment)],
        limit,
        page,
      )
    } else {
      body = await articles(`a._status = 'published'`, [], limit, page)
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
    // Which floor answered: the bench checks that it measures distinct servers.
    'x-bench-floor': best ? 'best' : 'plain',
  })
  res.end(text)
}

if (best) {
  await buildReadModel()
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    res.writeHead(500, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ errors: [{ message: String(error) }] }))
  })
})
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address()
  process.stdout.write(
    `READY ${typeof address === 'object' && address ? address.port : 0} ${process.pid}\n`,
  )
})
