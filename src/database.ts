import type {
  BaseDatabaseAdapter,
  CollectionSlug,
  DatabaseAdapterObj,
  Payload,
  PayloadRequest,
  Where,
} from 'payload'

import { sql as pgSql } from '@payloadcms/db-postgres/drizzle'
import { count, sql } from '@payloadcms/db-sqlite/drizzle'
import { combineQueries } from 'payload'
import fs from 'node:fs'
import path from 'node:path'

import type { Compat } from './compat'
import { COMPAT_OFF } from './compat'
import { keepBusyTimeout } from './compat/sqliteBusyTimeout'
import type { PgPool } from './compat/postgresPool'
import { endPostgresPool, returnKeptClient } from './compat/postgresPool'
import { cacheSqliteStatements } from './compat/sqliteStatements'
import type { DatabaseTarget } from './lib/env'
import { pageTotals, totalOfPartialPage } from './lib/paging'
import { cacheRelationalQueries } from './compat/relationalQueries'
import { migrations } from './migrations'
import { migrations as postgresMigrations } from './migrations/postgres'
import { closeSqliteReaders } from './sqliteReaders'

/**
 * The one place that knows which database is in use. SQLite runs in WAL mode and PostgreSQL with
 * its own committed migrations (never schema push, which would prompt); MongoDB needs none. Only
 * the adapter in use is loaded: the other two (MongoDB's with mongoose, ~0.3 s of CPU) only slowed
 * every start.
 */
type AdapterOptions = {
  /** The patches of src/compat/ that are on (src/compat/index.ts: resolveCompat); none by default. */
  compat?: Compat
  /** Sync the schema from the config instead of migrations: only for test configs that differ from the committed one. */
  push?: boolean
  /** QUERY_TEMPLATES and VERIFY_QUERY_TEMPLATES (src/lib/env/settings.ts). */
  queryTemplates?: QueryTemplates
}

export type QueryTemplates = { enabled: boolean; verify: boolean }

export const databaseAdapter = async (
  target: DatabaseTarget,
  {
    compat = COMPAT_OFF,
    push = false,
    queryTemplates = { enabled: true, verify: false },
  }: AdapterOptions = {},
): Promise<DatabaseAdapterObj> => {
  if (target.kind === 'mongodb') {
    const { mongooseAdapter } = await import('@payloadcms/db-mongodb')
    return mongooseAdapter({ url: target.url })
  }
  if (target.kind === 'postgres') {
    const { postgresAdapter } = await import('@payloadcms/db-postgres')
    const adapter = postgresAdapter({
      // Numeric ids, as on SQLite: URLs, tests and the import's id bookkeeping stay alike.
      idType: 'serial',
      migrationDir: path.resolve(process.cwd(), 'src/migrations/postgres'),
      // Fail fast: a database that does not answer a new connection within 5 s is unavailable
      // (a 503, src/lib/database/unavailable.ts), rather than a request hanging on it.
      pool: { connectionString: target.url, connectionTimeoutMillis: 5_000 },
      push,
      // Every write operation (with its hooks' nested writes) is one transaction; PostgreSQL runs
      // them concurrently, so no serializeTransactions here.
      transactionOptions: {},
    })
    return {
      ...adapter,
      init: (args) => {
        const db = adapter.init(args)
        closePoolOnDestroy(db as unknown as PoolingAdapter, compat.postgresPool)
        surviveLostConnections(db as unknown as PoolingAdapter, compat.postgresPool)
        countDistinctIds(db as unknown as CountingAdapter)
        countOnlyFullPages(db)
        keyDraftJoinsAsRead(db)
        if (compat.relationalQueries && queryTemplates.enabled) {
          reuseRelationalQueries(db as unknown as ConnectingAdapter, queryTemplates.verify)
        }
        return db
      },
    }
  }
  fs.mkdirSync(path.dirname(target.file), { recursive: true })
  const { sqliteAdapter } = await import('@payloadcms/db-sqlite')
  const adapter = sqliteAdapter({
    busyTimeout: 5_000,
    client: { url: target.url },
    migrationDir: path.resolve(process.cwd(), 'src/migrations'),
    push,
    // Every write operation (with its hooks' nested writes, which pass `req`) is one transaction.
    transactionOptions: {},
    wal: true,
  })
  return {
    ...adapter,
    init: (args) => {
      const db = adapter.init(args)
      if (compat.sqliteBusyTimeout) {
        keepBusyTimeout(db as never)
      }
      if (compat.sqliteStatements) {
        cacheSqliteStatements()
      }
      serializeTransactions(db)
      writeInTurn(db)
      countDistinctIds(db as unknown as CountingAdapter)
      countOnlyFullPages(db)
      keyDraftJoinsAsRead(db)
      if (compat.relationalQueries && queryTemplates.enabled) {
        reuseRelationalQueries(db as unknown as ConnectingAdapter, queryTemplates.verify)
      }
      closeReadersOnDestroy(db as { destroy?: () => Promise<void> })
      return db
    },
  }
}

type PoolingAdapter = {
  connect?: (...args: unknown[]) => Promise<void>
  destroy?: () => Promise<void>
  payload?: Payload
  pool?: PgPool
}

/** The worker threads reading the SQLite file (src/sqliteReaders.ts) end with the adapter. */
const closeReadersOnDestroy = (db: { destroy?: () => Promise<void> }): void => {
  const destroy = db.destroy
  db.destroy = async () => {
    await closeSqliteReaders(db)
    await destroy?.call(db)
  }
}

/** Payload's destroy leaves PostgreSQL's pool open (src/compat/postgresPool.ts); this ends it. */
const closePoolOnDestroy = (db: PoolingAdapter, compat: boolean): void => {
  const destroy = db.destroy
  db.destroy = async () => {
    await destroy?.call(db)
    const pool = db.pool
    // connect() makes a new pool when there is none, so a destroyed adapter can connect again.
    db.pool = undefined
    if (pool) {
      await endPostgresPool(pool, compat)
    }
  }
}

/**
 * A PostgreSQL restart breaks the pool's idle connections, and pg's Pool reports each as an
 * `error` event: unheard, it ends the process. It is logged instead (the pool drops the
 * connection and opens new ones when needed), and the connection the adapter keeps out is given
 * back to the pool (src/compat/postgresPool.ts).
 */
const surviveLostConnections = (db: PoolingAdapter, compat: boolean): void => {
  const connect = db.connect
  if (!connect) {
    return
  }
  db.connect = async (...args: unknown[]) => {
    await connect.apply(db, args)
    const pool = db.pool
    if (!pool || pool.listenerCount?.('error')) {
      return
    }
    pool.on('error', (error: Error & { code?: string }) =>
      // The message only: the error holds the whole client, configuration included.
      db.payload?.logger.warn(
        { code: error.code, reason: error.message },
        'PostgreSQL: an idle connection was lost',
      ),
    )
    if (compat) {
      returnKeptClient(pool)
    }
    // A connection lost while in use (mid-transaction) is reported to its query, which fails the
    // request (a 503), and again as the client's own `error` event: only the pool listens to an
    // idle client, so unheard this one too would end the process. The pool drops it on release.
    const heard = (client: PgPoolClient) => client.on('error', () => {})
    for (const client of pool._clients ?? []) {
      heard(client as PgPoolClient)
    }
    pool.on('connect', heard)
  }
}

type PgPoolClient = { on: (event: 'error', listener: (error: Error) => void) => unknown }

type ConnectingAdapter = {
  connect?: (...args: unknown[]) => Promise<void>
  drizzle?: { query: Record<string, { findMany: (config?: object) => object }> }
}

/**
 * Keeps the SQL drizzle builds for each shape of relational query (src/compat/relationalQueries.ts),
 * once connected. With `verify` (the test suite) drizzle builds every reused query again and any
 * difference fails.
 */
const reuseRelationalQueries = (db: ConnectingAdapter, verify: boolean): void => {
  const connect = db.connect
  if (!connect) {
    return
  }
  db.connect = async (...args: unknown[]) => {
    await connect.apply(db, args)
    const tables = db.drizzle?.query ?? {}
    const first = Object.values(tables)[0]
    if (first) {
      // An unawaited findMany is a query object only; nothing runs.
      cacheRelationalQueries(first.findMany(), { verify })
    }
  }
}

type CountArgs = {
  column?: unknown
  // drizzle's dynamic query builder: typed per table, which this generic wrapper cannot name.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: { select: (fields: Record<string, unknown>) => any }
  joins: { condition: unknown; table: unknown; type?: string }[]
  tableName: string
  where: unknown
}
type CountingAdapter = {
  countDistinct: (args: CountArgs) => Promise<number>
  tables: Record<string, { id: unknown }>
}

/**
 * Payload counts a filtered list with joins (a topic's articles) as `COUNT(1) OVER() … GROUP BY
 * id`, which makes SQLite walk the whole table in id order: 0.2 s per page at 100,000 articles.
 * `COUNT(DISTINCT id)` leaves the planner free to start from the selective join (the topic's rows
 * in articles_rels): about 10 ms. Same joins, same filter, same answer.
 */
const countDistinctIds = (db: CountingAdapter): void => {
  const original = db.countDistinct.bind(db)
  db.countDistinct = async (args) => {
    if (args.joins.length === 0) {
      return original(args)
    }
    let query = args.db
      .select({ count: count(sql`DISTINCT ${args.column ?? db.tables[args.tableName].id}`) })
      .from(db.tables[args.tableName])
      .where(args.where)
      .$dynamic()
    for (const { condition, table, type } of args.joins) {
      query = query[type ?? 'leftJoin'](table, condition)
    }
    const [row] = await query
    return Number(row?.count ?? 0)
  }
}

type PageArgs = {
  collection: CollectionSlug
  limit?: number
  locale?: string
  page?: number
  pagination?: boolean
  req?: Partial<PayloadRequest>
  where?: Where
}
type Page = { docs: unknown[] }

/**
 * Payload counts the matches of every list, even when the page it read already tells the total:
 * a lookup by slug (one article, limit 10) cost a second query for its `totalDocs`. Pages are
 * read without the count; only a full page (or an empty one past the first) is counted, with the
 * same `where`, as Payload would have.
 */
const countOnlyFullPages = (
  db: Pick<BaseDatabaseAdapter, 'count' | 'countVersions' | 'find' | 'queryDrafts'>,
): void => {
  for (const method of ['find', 'queryDrafts'] as const) {
    const original = db[method].bind(db) as unknown as (args: PageArgs) => Promise<Page>
    const wrapped = async (args: PageArgs): Promise<Page> => {
      const { collection, limit, locale, page = 1, pagination, req, where } = args
      if (pagination === false || typeof limit !== 'number' || limit <= 0) {
        return original(args)
      }
      const read = await original({ ...args, pagination: false })
      let total = totalOfPartialPage(read.docs.length, limit, page)
      if (total === null) {
        const counted =
          method === 'find'
            ? await db.count({ collection, locale, req, where })
            : await db.countVersions({
                collection,
                locale,
                req,
                where: combineQueries({ latest: { equals: true } }, where ?? {}),
              })
        total = counted.totalDocs
      }
      return { ...read, ...pageTotals(total, limit, page) }
    }
    ;(db as Record<typeof method, unknown>)[method] = wrapped
  }
}

/**
 * A drafts list (`?draft=true`) reads the version table, where the SQL adapter looks each join's
 * query up as `version.<join>`; the operation passes it as `<join>`. Unfound, a join ran without
 * its `where`, the joined collection's read access included: anonymous callers got the ids of
 * drafts in an organization's people, plans and articles. This keys the joins as they are read.
 */
const keyDraftJoinsAsRead = (db: Pick<BaseDatabaseAdapter, 'queryDrafts'>): void => {
  const original = db.queryDrafts.bind(db)
  db.queryDrafts = (args) =>
    original({
      ...args,
      joins: args.joins
        ? (Object.fromEntries(
            Object.entries(args.joins).map(([path, query]) => [`version.${path}`, query]),
          ) as typeof args.joins)
        : args.joins,
    })
}

type TransactionMethods = Pick<
  BaseDatabaseAdapter,
  'beginTransaction' | 'commitTransaction' | 'rollbackTransaction'
>

/**
 * SQLite has one writer, and libsql waits for a busy database synchronously, blocking the event
 * loop: two transactions of this process waiting on each other would stall it. So transactions
 * take turns here, waiting asynchronously; reads go on meanwhile (WAL).
 */
const serializeTransactions = (db: TransactionMethods): void => {
  let tail: Promise<void> = Promise.resolve()
  const releases = new Map<string, () => void>()
  const begin = db.beginTransaction.bind(db)
  db.beginTransaction = async (options) => {
    let release!: () => void
    const turn = new Promise<void>((resolve) => {
      release = resolve
    })
    const previous = tail
    tail = previous.then(() => turn)
    await previous
    try {
      const id = await begin(options)
      if (id === null || id === undefined) {
        release()
      } else {
        releases.set(String(id), release)
      }
      return id
    } catch (error) {
      release()
      throw error
    }
  }
  for (const name of ['commitTransaction', 'rollbackTransaction'] as const) {
    const original = db[name].bind(db)
    db[name] = async (incoming) => {
      const id = String(await incoming)
      try {
        await original(id)
      } finally {
        releases.get(id)?.()
        releases.delete(id)
      }
    }
  }
}

/** The adapter's writes that Payload's job queue (and upkeep) call without a transaction. */
const WRITES = [
  'create',
  'createGlobal',
  'deleteMany',
  'deleteOne',
  'updateGlobal',
  'updateMany',
  'updateOne',
  'updateVersion',
] as const

/** The job queue's own bookkeeping, written by Payload outside any transaction. */
const JOB_TABLES = new Set(['payload-jobs', 'payload-jobs-stats'])

type WriteArgs = { collection?: string; req?: Partial<PayloadRequest>; slug?: string }

/**
 * A write made outside a transaction (the job queue's bookkeeping: queuing a job, the scheduler's
 * stats; upkeep's derived fields, written with no request at all) would go to the client's plain
 * connection and wait for a transaction of this process synchronously, blocking the event loop
 * that transaction needs to finish ("database is locked"). Such a write becomes a transaction of
 * its own, so it takes its turn with the others. Writes in a transaction are left as they are,
 * and so is a write a Payload operation deliberately makes beside its open transaction (it passes
 * a request without one): waiting for its turn there would wait for itself.
 */
const writeInTurn = (db: TransactionMethods): void => {
  const methods = db as unknown as Record<(typeof WRITES)[number], (args: WriteArgs) => unknown>
  for (const name of WRITES) {
    const original = methods[name]?.bind(db)
    if (!original) {
      continue
    }
    methods[name] = async (args: WriteArgs) => {
      const jobTable = JOB_TABLES.has(String(args?.collection ?? args?.slug))
      if (args?.req?.transactionID || (args?.req && !jobTable)) {
        return original(args)
      }
      const transactionID = await db.beginTransaction()
      if (!transactionID) {
        return original(args)
      }
      try {
        const result = await original({ ...args, req: { ...args?.req, transactionID } })
        await db.commitTransaction(transactionID)
        return result
      } catch (error) {
        await db.rollbackTransaction(transactionID)
        throw error
      }
    }
  }
}

type LockingAdapter = {
  name: string
  sessions?: Record<string, { db: { execute: (query: unknown) => Promise<unknown> } }>
  tableNameMap?: Map<string, string>
}

/**
 * Holds the document's row until the caller's write transaction ends, so that writers of one
 * document, on any instance, take turns: the next one reads what the previous one committed
 * (src/plugins/conflicts.ts). PostgreSQL: `SELECT … FOR UPDATE` in the transaction's session
 * (Payload's drizzle adapter keeps it in `db.sessions[transactionID]`). SQLite needs none: its
 * transactions already take turns (serializeTransactions). MongoDB: not locked.
 */
export const lockDocument = async (
  req: PayloadRequest,
  collection: CollectionSlug,
  id: number | string,
): Promise<void> => {
  const db = req.payload.db as unknown as LockingAdapter
  if (db.name !== 'postgres' || !req.transactionID) {
    return
  }
  const session = db.sessions?.[String(await req.transactionID)]
  // As the adapter names tables: the slug in snake case.
  const table = db.tableNameMap?.get(collection.replace(/[^A-Za-z0-9]+/g, '_'))
  if (!session || !table) {
    throw new Error(`Cannot lock ${collection} ${id}: no transaction or table`)
  }
  await session.db.execute(
    pgSql`select 1 from ${pgSql.identifier(table)} where id = ${id} for update`,
  )
}

/** Whether the database answers a trivial query within `timeoutMs`. */
export const pingDatabase = async (payload: Payload, timeoutMs = 2000): Promise<boolean> => {
  const db = payload.db as unknown as {
    client?: { execute: (sql: string) => Promise<unknown> }
    connection?: { db?: { admin: () => { ping: () => Promise<unknown> } } }
    name: string
    pool?: { query: (sql: string) => Promise<unknown> }
  }
  const ping = async () => {
    if (db.name === 'sqlite' && db.client) {
      await db.client.execute('select 1')
      return true
    }
    if (db.name === 'postgres' && db.pool) {
      await db.pool.query('select 1')
      return true
    }
    if (db.connection?.db) {
      await db.connection.db.admin().ping()
      return true
    }
    return false
  }
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      ping(),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs)
      }),
    ])
  } catch {
    return false
  } finally {
    clearTimeout(timer)
  }
}

/**
 * What a plugin runs once the migrations are applied, as the config's `custom.afterMigrate`
 * (the search plugin's SQLite full-text tables, which drizzle's schema cannot describe).
 */
export type AfterMigrate = (payload: Payload) => Promise<unknown>

/** Applies the committed migrations (SQLite, PostgreSQL); MongoDB has no schema to migrate. */
export const runMigrations = async (payload: Payload): Promise<void> => {
  if (payload.db.name === 'sqlite') {
    await payload.db.migrate({ migrations: migrations as never })
  } else if (payload.db.name === 'postgres') {
    await payload.db.migrate({ migrations: postgresMigrations as never })
  }
  for (const afterMigrate of (payload.config.custom?.afterMigrate ?? []) as AfterMigrate[]) {
    await afterMigrate(payload)
  }
}

/** The migrations committed for the database in use (none on MongoDB). */
export const committedMigrations = (payload: Payload): { name: string }[] =>
  payload.db.name === 'sqlite'
    ? migrations
    : payload.db.name === 'postgres'
      ? postgresMigrations
      : []

/** How many committed migrations the database has not run yet (0 on MongoDB). */
export const migrationsPending = async (payload: Payload): Promise<number> => {
  const committed = committedMigrations(payload)
  if (committed.length === 0) {
    return 0
  }
  try {
    const { docs } = await payload.find({
      collection: 'payload-migrations',
      depth: 0,
      limit: 0,
      pagination: false,
    })
    const applied = new Set(docs.map((doc) => String((doc as { name?: string }).name)))
    return committed.filter((migration) => !applied.has(migration.name)).length
  } catch {
    return committed.length
  }
}

type PoolClient = {
  query: (sql: string, values?: unknown[]) => Promise<unknown>
  release: (destroy?: boolean) => void
}

/** The advisory lock key of start-up work (migrations and the demo seed): any fixed 64-bit number. */
export const STARTUP_LOCK_KEY = 7_424_001

/**
 * Runs `work` (migrating, seeding) while holding a PostgreSQL advisory lock, so that instances
 * started together on one empty database take turns: the first migrates and seeds, the others wait,
 * then find nothing left to do. The lock is held on a connection of its own and ends with it, so a
 * process that dies mid-way frees it. SQLite and MongoDB run `work` as it is (one process per
 * SQLite file; MongoDB has no migrations).
 */
export const withStartupLock = async <T>(payload: Payload, work: () => Promise<T>): Promise<T> => {
  const pool = (payload.db as unknown as { pool?: { connect: () => Promise<PoolClient> } }).pool
  if (payload.db.name !== 'postgres' || !pool) {
    return work()
  }
  const client = await pool.connect()
  let broken = false
  try {
    await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK_KEY])
    try {
      return await work()
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]).catch(() => {
        broken = true
      })
    }
  } finally {
    // A connection whose unlock failed is dropped, which ends its session and so the lock.
    client.release(broken)
  }
}
