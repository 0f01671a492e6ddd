import path from 'node:path'

import type { DatabaseTarget, Env } from './database'
import { parseDatabaseUri, SettingsError } from './database'
import type { RedisTarget } from './redis'
import { readRedisTarget } from './redis'
import type { S3Settings } from './storage'
import { readSiteUrl } from './server'
import { readS3Settings } from './storage'
import { integer } from './webhooks'

/**
 * Seconds of quiet after an edit before the admin autosaves an article draft. Payload waits that
 * long after the last keystroke, so a shorter pause saves more often while typing; 10 s loses
 * little of a closed tab and keeps saves (each a version write and an `updatedAt` the open form
 * takes over) far apart from each other and from the 5-minute document lock.
 */
export const AUTOSAVE_SECONDS_DEFAULT = 10

/** Everything the process reads from its environment, read in one place. */
export type Settings = {
  /** AUTOSAVE_SECONDS: the admin's autosave interval for article drafts; 0 turns autosave off. */
  autosaveSeconds: number
  /** COMPAT=0 turns off every patch of a dependency's internals (src/compat/). */
  compat: boolean
  database: DatabaseTarget
  dataDir: string
  demoPassword: string | null
  port: number
  production: boolean
  /** QUERY_TEMPLATES=0 has drizzle build every query afresh; VERIFY_QUERY_TEMPLATES checks each reuse (on under NODE_ENV=test). */
  queryTemplates: { enabled: boolean; verify: boolean }
  /** REDIS_URL: the state instances share; null keeps it in this process. */
  redis: null | RedisTarget
  /** Media on an S3-compatible bucket; null: `media/`. */
  s3: null | S3Settings
  seedDemo: boolean
  /** SITE_URL (else SERVER_URL, else localhost): where feeds, the sitemap and structured data link. */
  siteUrl: string
}

const parsePort = (raw: string | undefined): number => {
  if (raw === undefined || raw.trim() === '') {
    return 3000
  }
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new SettingsError(`PORT "${raw}" is not a port number (0–65535)`)
  }
  return port
}

const parseFlag = (name: string, raw: string | undefined, fallback: boolean): boolean => {
  if (raw === undefined || raw.trim() === '') {
    return fallback
  }
  if (raw === '1' || raw === 'true') {
    return true
  }
  if (raw === '0' || raw === 'false') {
    return false
  }
  throw new SettingsError(`${name} "${raw}" must be 1 or 0`)
}

/**
 * Demo content and accounts by default only on the two-command start (`npm ci && npm start`,
 * neither DATABASE_URI nor PAYLOAD_SECRET set): an operator who configured either is deploying,
 * and demo accounts must not land there by accident.
 */
const seedsByDefault = (env: Env): boolean =>
  !env.DATABASE_URI?.trim() && !env.PAYLOAD_SECRET?.trim()

export const readSettings = (env: Env = process.env, cwd = process.cwd()): Settings => {
  const database = parseDatabaseUri(env.DATABASE_URI, cwd)
  return {
    autosaveSeconds: integer(env, 'AUTOSAVE_SECONDS', AUTOSAVE_SECONDS_DEFAULT, 0),
    compat: parseFlag('COMPAT', env.COMPAT, true),
    database,
    dataDir: path.resolve(cwd, 'data'),
    demoPassword: env.DEMO_PASSWORD?.trim() || null,
    port: parsePort(env.PORT),
    production: env.NODE_ENV === 'production',
    queryTemplates: {
      enabled: parseFlag('QUERY_TEMPLATES', env.QUERY_TEMPLATES, true),
      verify: parseFlag(
        'VERIFY_QUERY_TEMPLATES',
        env.VERIFY_QUERY_TEMPLATES,
        env.NODE_ENV === 'test',
      ),
    },
    redis: readRedisTarget(env),
    s3: readS3Settings(env),
    seedDemo: parseFlag('SEED_DEMO', env.SEED_DEMO, seedsByDefault(env)),
    siteUrl: readSiteUrl(env),
  }
}
