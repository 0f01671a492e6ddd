import path from 'node:path'

/** The environment as this module reads it (NODE_ENV optional, unlike Next's typing). */
export type Env = Record<string, string | undefined>

/** Where the content lives, decided by DATABASE_URI alone. */
export type DatabaseTarget =
  | { file: string; kind: 'sqlite'; url: string }
  | { kind: 'mongodb'; url: string }
  | { kind: 'postgres'; url: string }

export const DEFAULT_DATABASE_URI = 'file:./data/cms.db'

/** Thrown for settings a person must fix; the message is the one line they see. */
export class SettingsError extends Error {}

/**
 * Reads DATABASE_URI: `file:<path>` → embedded SQLite (relative to `cwd`), `postgres://` or
 * `postgresql://` → PostgreSQL, `mongodb://` or `mongodb+srv://` → MongoDB. Anything else is
 * refused with a message naming the variable.
 */
/** DATABASE_URI of the environment, read as parseDatabaseUri does. */
export const readDatabaseTarget = (env: Env = process.env, cwd = process.cwd()): DatabaseTarget =>
  parseDatabaseUri(env.DATABASE_URI, cwd)

export const parseDatabaseUri = (raw: string | undefined, cwd = process.cwd()): DatabaseTarget => {
  const value = (raw ?? '').trim() || DEFAULT_DATABASE_URI
  if (value.startsWith('file:')) {
    const rest = value.slice('file:'.length).replace(/^\/\/(?=\/)/, '')
    if (!rest || rest.endsWith('/')) {
      throw new SettingsError(
        `DATABASE_URI "${value}" names no database file; use file:<path>, e.g. ${DEFAULT_DATABASE_URI}`,
      )
    }
    const file = path.resolve(cwd, rest)
    return { file, kind: 'sqlite', url: `file:${file}` }
  }
  if (/^postgres(ql)?:\/\/[^/\s]+/.test(value)) {
    return { kind: 'postgres', url: value }
  }
  if (/^mongodb(\+srv)?:\/\/[^/\s]+/.test(value)) {
    return { kind: 'mongodb', url: value }
  }
  throw new SettingsError(
    `DATABASE_URI "${value.slice(0, 80)}" is not supported; accepted: file:<path> (embedded SQLite), postgres://… or postgresql://… (PostgreSQL), mongodb://… or mongodb+srv://… (MongoDB)`,
  )
}
