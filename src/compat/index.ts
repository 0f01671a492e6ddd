/**
 * Every patch of a dependency's internals, in one list, switched on in one place.
 *
 * Each patch names the packages whose private code it relies on, with the exact versions it was
 * checked against (its own file says what it changes, what it gains, the upstream issue and the
 * test that guards it). At start the installed versions are compared with those: a patch whose
 * packages differ is left off, with one warning, so an upgrade costs speed, never correctness.
 * `COMPAT=0` leaves every patch off; the product then runs on stock Payload.
 */
import fs from 'node:fs'
import path from 'node:path'

/** A package, reached through the ones before it (a dependency's own copy): `['@payloadcms/drizzle', 'drizzle-orm']`. */
type PackageChain = readonly string[]

type Patch = {
  /** The packages and versions it was checked against. */
  checked: readonly (readonly [PackageChain, string])[]
  /** Its file in src/compat/. */
  file: string
}

const PAYLOAD = [['payload'], '3.90.1'] as const
const DRIZZLE = [['@payloadcms/drizzle'], '3.90.1'] as const
const DB_SQLITE = [['@payloadcms/db-sqlite'], '3.90.1'] as const
const DB_POSTGRES = [['@payloadcms/db-postgres'], '3.90.1'] as const
const LIBSQL_CLIENT = [['@payloadcms/db-sqlite', '@libsql/client'], '0.14.0'] as const

export const PATCHES = {
  /** Jobs claimed with one conditional UPDATE … RETURNING (exactly once across instances). */
  atomicJobClaims: {
    checked: [PAYLOAD, DRIZZLE, DB_SQLITE, DB_POSTGRES],
    file: 'atomicJobClaims.ts',
  },
  /** Payload's GraphQL POST handler with kept parsed and validated documents. */
  graphqlHandler: {
    checked: [
      PAYLOAD,
      [['@payloadcms/next'], '3.90.1'],
      [['@payloadcms/graphql'], '3.90.1'],
      [['graphql-http'], '1.23.1'],
    ],
    file: 'graphqlHandler.ts',
  },
  /** Closing PostgreSQL's pool, the connection db-postgres keeps included. */
  postgresPool: {
    checked: [
      DB_POSTGRES,
      DRIZZLE,
      [['@payloadcms/db-postgres', 'pg'], '8.20.0'],
      [['@payloadcms/db-postgres', 'pg', 'pg-pool'], '3.14.0'],
    ],
    file: 'postgresPool.ts',
  },
  /** Population finds skip sort and join checks their answer cannot show. */
  populationFinds: {
    checked: [PAYLOAD],
    file: 'populationFinds.ts',
  },
  /** drizzle's relational query SQL kept per query shape. */
  relationalQueries: {
    checked: [
      DRIZZLE,
      DB_SQLITE,
      DB_POSTGRES,
      [['@payloadcms/drizzle', 'drizzle-orm'], '0.45.2'],
      [['@payloadcms/db-sqlite', 'drizzle-orm'], '0.45.2'],
      [['@payloadcms/db-postgres', 'drizzle-orm'], '0.45.2'],
    ],
    file: 'relationalQueries.ts',
  },
  /** The busy timeout on every libsql connection, not only the first. */
  sqliteBusyTimeout: {
    checked: [DB_SQLITE, LIBSQL_CLIENT],
    file: 'sqliteBusyTimeout.ts',
  },
  /** libsql's prepared statements kept per connection. */
  sqliteStatements: {
    checked: [
      DB_SQLITE,
      LIBSQL_CLIENT,
      [['@payloadcms/db-sqlite', '@libsql/client', 'libsql'], '0.4.7'],
    ],
    file: 'sqliteStatements.ts',
  },
} satisfies Record<string, Patch>

export type PatchName = keyof typeof PATCHES

/** Which patches are on in this process. */
export type Compat = Record<PatchName, boolean>

/** Every patch off: stock Payload. */
export const COMPAT_OFF: Compat = Object.fromEntries(
  Object.keys(PATCHES).map((name) => [name, false]),
) as Compat

/**
 * The folder of package `name` as Node would find it from folder `from`: `node_modules/<name>` in
 * `from` or the nearest folder above it that has one. Read from the file system, not through
 * `createRequire`, which Next's bundle of the config (the admin) does not provide.
 */
const packageDir = (name: string, from: string): null | string => {
  let dir = path.resolve(from)
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name)
    if (fs.existsSync(path.join(candidate, 'package.json'))) {
      return candidate
    }
    const parent = path.dirname(dir)
    if (parent === dir) {
      return null
    }
    dir = parent
  }
}

/** The installed version at the end of a chain (from the project's folder), or null when it is not installed. */
export const installedVersion = (chain: PackageChain, root = process.cwd()): null | string => {
  let from = root
  for (const name of chain) {
    const dir = packageDir(name, from)
    if (!dir) {
      return null
    }
    from = dir
  }
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(from, 'package.json'), 'utf8')) as {
      version?: string
    }
    return manifest.version ?? null
  } catch {
    return null
  }
}

/** The packages a patch was checked against that are installed in another version: `pg 8.21.0 (checked 8.20.0)`. */
export const versionMismatches = (
  name: PatchName,
  versionOf: (chain: PackageChain) => null | string = installedVersion,
): string[] =>
  PATCHES[name].checked.flatMap(([chain, version]) => {
    const installed = versionOf(chain)
    // A database package that is not installed leaves its patch nothing to patch.
    return installed === null || installed === version
      ? []
      : [`${chain.join(' → ')} ${installed} (checked ${version})`]
  })

/**
 * The patches to turn on: none with COMPAT=0, and none whose packages differ from the checked
 * versions (each such patch is named once through `warn`).
 */
export const resolveCompat = (
  enabled: boolean,
  warn: (message: string) => void = (message) => process.emitWarning(message, 'CompatWarning'),
  versionOf: (chain: PackageChain) => null | string = installedVersion,
): Compat => {
  if (!enabled) {
    return { ...COMPAT_OFF }
  }
  const compat = { ...COMPAT_OFF }
  for (const name of Object.keys(PATCHES) as PatchName[]) {
    const mismatches = versionMismatches(name, versionOf)
    compat[name] = mismatches.length === 0
    if (mismatches.length > 0) {
      warn(
        `src/compat/${PATCHES[name].file} is off: it was checked against other versions than are installed (${mismatches.join(', ')}). Re-check it and update its versions in src/compat/index.ts.`,
      )
    }
  }
  return compat
}
