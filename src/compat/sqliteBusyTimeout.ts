/**
 * Compat patch: every SQLite connection waits for a busy database, not only the first.
 *
 * What it changes: after `@payloadcms/db-sqlite` connects, the libsql client's `transaction()`
 * is wrapped so the connection the client opens in place of the one a transaction takes over
 * gets `PRAGMA busy_timeout` too. Payload sets the pragma once, on the client's first connection;
 * libsql hands that connection to the first transaction and lazily opens a fresh one, with no
 * timeout, for everything after.
 * Why: with no timeout a write that meets another process's write fails at once with
 * SQLITE_BUSY ("cannot begin transaction") instead of waiting its turn: two instances on one
 * SQLite file, or an import while serving, lose writes, and a job runner fails jobs it claimed.
 * Checked against: @payloadcms/db-sqlite 3.90.1 (dist/connect.js), @libsql/client 0.x as
 * installed (lib-esm/sqlite3.js: `transaction()` sets `#db = null`).
 * Guarded by: tests/int/jobs-race.int.spec.ts (two runner processes write to one SQLite file;
 * without this the second one's transactions fail with SQLITE_BUSY).
 * Off switch: COMPAT=0.
 */

type Client = {
  execute: (sql: string) => Promise<unknown>
  transaction: (mode?: string) => Promise<unknown>
}
type SqliteAdapter = {
  busyTimeout?: number
  client?: Client
  connect?: (...args: never[]) => Promise<void>
}

export const keepBusyTimeout = (db: SqliteAdapter): void => {
  const connect = db.connect
  if (!connect) {
    return
  }
  db.connect = async (...args: never[]) => {
    await connect.apply(db, args)
    const client = db.client
    const timeout = db.busyTimeout ?? 0
    if (!client || timeout <= 0 || (client as { keepsBusyTimeout?: boolean }).keepsBusyTimeout) {
      return
    }
    const transaction = client.transaction.bind(client)
    client.transaction = async (mode?: string) => {
      const tx = await transaction(mode)
      // The client's next statement opens its new connection: give it the timeout first.
      await client.execute(`PRAGMA busy_timeout = ${timeout}`)
      return tx
    }
    ;(client as { keepsBusyTimeout?: boolean }).keepsBusyTimeout = true
  }
}
