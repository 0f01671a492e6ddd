/**
 * Closes the PostgreSQL pool when Payload's database adapter is destroyed, the connection
 * @payloadcms/db-postgres checks out at connect and never gives back included.
 *
 * Why: drizzle's `destroy` (shared with SQLite) leaves the pg pool open, so a closed server keeps
 * its connections to the end of the process, and `pool.end()` alone waits forever for the client
 * that `connectWithReconnect` (db-postgres `dist/connect.js`) takes with `pool.connect()` and keeps.
 * This releases every client the pool still has out (pg-pool's internal `_clients`), which lets
 * `pool.end()` finish.
 *
 * Checked against @payloadcms/db-postgres 3.90.1, @payloadcms/drizzle 3.90.1, pg 8.20.0 and
 * pg-pool 3.14.0. Guarded by the integration suite on PostgreSQL: every test file's cleanup drops its
 * database WITH (FORCE), and a pool left open fails the file with an unhandled "terminating
 * connection due to administrator command" error and an open handle.
 *
 * Off switch: COMPAT=0 (the pool is then ended without waiting for the kept connection).
 */
type PgClient = { release?: (destroy?: boolean) => void }

export type PgPool = {
  _clients?: PgClient[]
  _idle?: { client: PgClient }[]
  end: () => Promise<void>
  listenerCount?: (event: 'error') => number
  on: {
    (event: 'error', listener: (error: Error) => void): unknown
    (event: 'connect', listener: (client: never) => void): unknown
  }
}

export const endPostgresPool = async (pool: PgPool, compat: boolean): Promise<void> => {
  // A connection cut after the close (a dropped test database, a restart) is nobody's error now.
  pool.on('error', () => {})
  // Ended already (a test cutting the database off): nothing more to wait for.
  const ended = pool.end().catch(() => undefined)
  if (compat) {
    const idle = new Set((pool._idle ?? []).map((item) => item.client))
    for (const client of pool._clients ?? []) {
      if (!idle.has(client)) {
        client.release?.(true)
      }
    }
  }
  let timer: NodeJS.Timeout | undefined
  await Promise.race([
    ended,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 5_000)
    }),
  ])
  clearTimeout(timer)
}

type KeptClient = PgClient & { removeAllListeners: (event: 'error') => unknown }

/**
 * Compat patch: gives back to the pool the connection @payloadcms/db-postgres checks out at
 * connect and keeps.
 *
 * What it changes: right after the adapter connects, the one client the pool has out (taken by
 * `connectWithReconnect`, db-postgres `dist/connect.js`, and never used or released) loses the
 * adapter's error listener and is released, so the pool owns it like any other idle connection.
 * Why: a PostgreSQL restart kills that connection while it is out, and pg-pool never gets the
 * slot back (it stays in `_clients`): one of the pool's ten connections lost for good. On
 * ECONNRESET (a connection reset on the way) the adapter's listener also takes and keeps another,
 * each time. Idle, a dead connection is dropped by the pool, which opens new ones as needed.
 * Checked against @payloadcms/db-postgres 3.90.1, pg 8.20.0 and pg-pool 3.14.0.
 * Guarded by tests/int/pg-restart.int.spec.ts (no connection left out of the pool after a restart).
 * Off switch: COMPAT=0.
 */
export const returnKeptClient = (pool: PgPool): void => {
  const idle = new Set((pool._idle ?? []).map((item) => item.client))
  for (const client of (pool._clients ?? []) as KeptClient[]) {
    if (!idle.has(client)) {
      client.removeAllListeners('error')
      client.release?.()
    }
  }
}
