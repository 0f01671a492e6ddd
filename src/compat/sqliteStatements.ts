import { createRequire } from 'node:module'

type Column = { name: string; type?: null | string }
type Statement = { columns: () => Column[] }
type DatabaseClass = { prototype: { prepare: (this: object, sql: string) => Statement } }

/** Statements kept per connection; Payload's queries are a few dozen shapes per collection. */
export const MAX_CACHED_STATEMENTS = 500

/** Reads and writes are kept; anything else (DDL, PRAGMA, BEGIN) is prepared each time. */
const CACHEABLE = /^\s*(select|insert|update|delete|with)\b/i
/** Statements that change the schema make every kept statement's columns stale. */
const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i

let installed = false

/**
 * libsql's client prepares every statement again on every call (`db.prepare(sql)` in
 * @libsql/client's executeStmt), and asks it twice for its columns: about a tenth of a cold
 * public read. This keeps each connection's prepared statements by SQL text, and their columns.
 * The client uses a statement synchronously from bind to last row and sets its modes
 * (`raw`, `safeIntegers`) on every use, so a kept statement is as good as a fresh one; SQLite
 * prepares it again itself if the schema changed, and a schema change here drops the kept
 * columns. Installed once per process, for every libsql connection.
 *
 * Compat patch. What it changes: `Database.prototype.prepare` of the `libsql` driver (under
 * @libsql/client, under @payloadcms/db-sqlite). Installed by the SQLite adapter (src/database.ts).
 * Gain: about 10–15 % of a cold single-article read (README, Performance).
 * Upstream: @libsql/client prepares per call by design (lib-esm/sqlite3.js `executeStmt`); it has
 * no statement cache to turn on.
 * Checked against: @libsql/client 0.14.0 and libsql 0.4.7 under @payloadcms/db-sqlite 3.90.1
 * (src/compat/index.ts; another version turns this off).
 * Guarded by: the whole SQLite suite (every read goes through kept statements) and
 * tests/int/query-templates.int.spec.ts; the suite's COMPAT=0 run covers the stock path.
 * Off switch: COMPAT=0. Once installed it stays for the process (a prototype patch).
 */
export const cacheSqliteStatements = (): void => {
  if (installed) {
    return
  }
  installed = true
  let Database: DatabaseClass
  try {
    // libsql is the driver of @libsql/client, of @payloadcms/db-sqlite: resolved along that chain.
    const fromHere = createRequire(import.meta.url)
    const fromAdapter = createRequire(fromHere.resolve('@payloadcms/db-sqlite'))
    const fromClient = createRequire(fromAdapter.resolve('@libsql/client'))
    Database = fromClient('libsql') as DatabaseClass
  } catch {
    // Inside Next's bundle of the config (the admin) there is no require to reach the driver with;
    // the server process patched it already, and the patch is only for speed.
    return
  }
  const prepare = Database.prototype.prepare
  const kept = new WeakMap<object, Map<string, Statement>>()
  let schema = 0
  const keptSchema = new WeakMap<object, number>()

  Database.prototype.prepare = function (this: object, sql: string): Statement {
    if (!CACHEABLE.test(sql)) {
      if (SCHEMA_CHANGE.test(sql)) {
        schema += 1
      }
      return prepare.call(this, sql)
    }
    let statements = kept.get(this)
    if (!statements || keptSchema.get(this) !== schema) {
      statements = new Map()
      kept.set(this, statements)
      keptSchema.set(this, schema)
    }
    const found = statements.get(sql)
    if (found) {
      // Most recently used last, so the oldest is the first to go.
      statements.delete(sql)
      statements.set(sql, found)
      return found
    }
    const statement = prepare.call(this, sql)
    const columns = statement.columns.bind(statement)
    let known: Column[] | undefined
    statement.columns = () => (known ??= columns())
    statements.set(sql, statement)
    if (statements.size > MAX_CACHED_STATEMENTS) {
      statements.delete(statements.keys().next().value as string)
    }
    return statement
  }
}
