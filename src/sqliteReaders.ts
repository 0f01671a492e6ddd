import type { Payload } from 'payload'

import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'

import type { Row } from './sqlRunner'

/**
 * Read-only SQLite connections on worker threads, for the statements long enough to hold up
 * everything else. libsql runs a statement on the thread that calls it, even behind
 * @libsql/client's promises: a ranked search over a broad query (FTS5's count and bm25 over some
 * 20,000 matches at 100k articles, 30–40 ms) stopped the server's event loop for that long, so
 * every other request of the instance waited behind it and search used one core of several.
 * Each worker keeps its own connection to the database file (WAL: readers see every committed
 * write and never block writers) and its statements prepared. A statement on a reader sees what
 * is committed, never a transaction in progress: for reads made outside any write.
 *
 * Only for a database file (`file:` URLs); none for `:memory:`, where another connection would
 * see another database. Workers are started on first use, one per core up to four, and do not
 * keep the process alive.
 */
type Pending = { reject: (error: Error) => void; resolve: (rows: Row[]) => void }
type Reader = { pending: Map<number, Pending>; worker: Worker }
type Message = { error?: { code?: string; message: string }; id: number; rows?: Row[] }

export type ReadClient = {
  execute: (statement: { args: (number | string)[]; sql: string }) => Promise<{ rows: Row[] }>
}

// The worker runs as a CommonJS script (eval), so it needs no file of its own next to the
// compiled bundle; libsql is resolved here and handed over by path.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.libsql)
const db = new Database(workerData.file)
db.exec('PRAGMA busy_timeout = 5000; PRAGMA query_only = 1')
const statements = new Map()
parentPort.on('message', ({ close, id, sql, args }) => {
  if (close) {
    statements.clear()
    db.close()
    parentPort.close()
    return
  }
  try {
    let statement = statements.get(sql)
    if (!statement) {
      if (statements.size >= 200) statements.delete(statements.keys().next().value)
      statement = db.prepare(sql)
      statements.set(sql, statement)
    }
    parentPort.postMessage({ id, rows: statement.all(args) })
  } catch (error) {
    parentPort.postMessage({ id, error: { code: error && error.code, message: String(error && error.message || error) } })
  }
})
`

const MAX_READERS = 4

const fileOf = (payload: Payload): null | string => {
  const db = payload.db as unknown as { clientConfig?: { url?: string }; name: string }
  const url = db.name === 'sqlite' ? db.clientConfig?.url : undefined
  if (!url?.startsWith('file:')) {
    return null
  }
  if (url.includes('mode=memory') || url.includes(':memory:')) {
    return null
  }
  const file = url.startsWith('file://')
    ? fileURLToPath(url.split('?')[0]!)
    : url.slice('file:'.length).split('?')[0]!
  return file === '' ? null : file
}

type Pool = { client: ReadClient; close: () => Promise<void> }
const pools = new WeakMap<object, null | Pool>()

const requireHere = createRequire(import.meta.url)

const startReader = (file: string, onGone: (reader: Reader) => void): Reader => {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, libsql: requireHere.resolve('libsql') },
  })
  worker.unref()
  const reader: Reader = { pending: new Map(), worker }
  worker.on('message', ({ error, id, rows }: Message) => {
    const waiting = reader.pending.get(id)
    reader.pending.delete(id)
    if (!waiting) {
      return
    }
    if (error) {
      waiting.reject(Object.assign(new Error(error.message), { code: error.code }))
    } else {
      waiting.resolve(rows ?? [])
    }
  })
  const gone = (error: Error) => {
    onGone(reader)
    for (const waiting of reader.pending.values()) {
      waiting.reject(error)
    }
    reader.pending.clear()
  }
  worker.on('error', gone)
  worker.on('exit', (code) => gone(new Error(`SQLite reader exited with code ${code}`)))
  return reader
}

/** The readers of this Payload's database file, or null (not SQLite, or not a file). */
export const sqliteReaders = (payload: Payload): null | ReadClient => {
  if (pools.has(payload.db)) {
    return pools.get(payload.db)?.client ?? null
  }
  const file = fileOf(payload)
  if (!file) {
    pools.set(payload.db, null)
    return null
  }
  const size = Math.max(1, Math.min(MAX_READERS, availableParallelism()))
  const readers: Reader[] = []
  let next = 0
  const drop = (reader: Reader) => {
    const at = readers.indexOf(reader)
    if (at >= 0) {
      readers.splice(at, 1)
    }
  }
  const pick = (): Reader => {
    const idle = readers.find((reader) => reader.pending.size === 0)
    if (idle) {
      return idle
    }
    if (readers.length < size) {
      const reader = startReader(file, drop)
      readers.push(reader)
      return reader
    }
    // The reader with the fewest statements waiting.
    return readers.reduce((best, reader) =>
      reader.pending.size < best.pending.size ? reader : best,
    )
  }
  let closed = false
  const client: ReadClient = {
    execute: ({ args, sql }) =>
      new Promise((resolve, reject) => {
        if (closed) {
          reject(new Error('These SQLite readers are closed; ask sqliteReaders for new ones.'))
          return
        }
        const reader = pick()
        const id = (next += 1)
        reader.pending.set(id, { reject, resolve: (rows) => resolve({ rows }) })
        reader.worker.postMessage({ args, id, sql })
      }),
  }
  // Each worker finishes the statements sent before, closes its connection and ends by itself:
  // terminating one inside libsql's native code would abort the whole process.
  const close = async () => {
    closed = true
    await Promise.all(
      readers.splice(0).map(
        ({ worker }) =>
          new Promise<void>((resolve) => {
            worker.once('exit', () => resolve())
            worker.postMessage({ close: true })
          }),
      ),
    )
  }
  pools.set(payload.db, { client, close })
  return client
}

/** Ends the readers of an adapter (its destroy calls this); a later read starts new ones. */
export const closeSqliteReaders = async (db: object): Promise<void> => {
  const pool = pools.get(db)
  pools.delete(db)
  await pool?.close()
}
