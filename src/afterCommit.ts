import type { BaseDatabaseAdapter, PayloadRequest } from 'payload'

type Transactional = Pick<BaseDatabaseAdapter, 'commitTransaction' | 'rollbackTransaction'>

/** Work waiting for a transaction to end, by adapter and transaction id. */
const waiting = new WeakMap<Transactional, Map<string, (() => void)[]>>()

/**
 * Runs `work` once the write `req` belongs to has committed: at once when it runs outside a
 * transaction (already committed), never when its transaction rolls back. Hooks run inside the
 * write's transaction; what must follow the commit (telling readers the data changed: before it,
 * a reader still sees, and may keep, the old data) goes through here.
 */
export const afterCommit = async (req: PayloadRequest, work: () => void): Promise<void> => {
  const pending = waiting.get(req.payload.db)
  const id = await req.transactionID
  if (!pending || id === undefined || id === null) {
    work()
    return
  }
  const key = String(id)
  pending.set(key, [...(pending.get(key) ?? []), work])
}

/**
 * Has the adapter run afterCommit's work when a transaction ends: Payload (3.90) offers no hook
 * after the commit (`afterOperation` runs before it), and every write commits through
 * `payload.db.commitTransaction`, the adapter's public method, whichever database is in use.
 */
export const runWorkAfterCommit = (db: Transactional): void => {
  if (waiting.has(db)) {
    return
  }
  const pending = new Map<string, (() => void)[]>()
  waiting.set(db, pending)
  const commit = db.commitTransaction.bind(db)
  const rollback = db.rollbackTransaction.bind(db)
  db.commitTransaction = async (incoming) => {
    const key = String(await incoming)
    try {
      await commit(incoming)
    } finally {
      // A commit that failed may still have written: running the work then costs little, and
      // skipping it could leave readers on old data.
      const work = pending.get(key) ?? []
      pending.delete(key)
      for (const run of work) {
        run()
      }
    }
  }
  db.rollbackTransaction = async (incoming) => {
    const key = String(await incoming)
    pending.delete(key)
    await rollback(incoming)
  }
}
