import type { Env } from './database'
import { SettingsError } from './database'

/** What the HTTP server reads from its environment. */
export type ServerSettings = {
  /** CACHE=0 turns the anonymous response cache off (the benchmark's cold runs). */
  cache: boolean
  /** CORS_ORIGINS: the origins whose browsers may call the API, `*` for any; none by default. */
  corsOrigins: '*' | string[]
  /** NODE_ENV=development (`npm run dev`): schemas are rebuilt on change. */
  development: boolean
  /** LOG_LEVEL, one of pino's levels. */
  logLevel: string
  production: boolean
  /** RENDERINGS=0 answers every public article read through Payload, not from its stored rendering. */
  renderings: boolean
  /** TRUST_PROXY=1: one reverse proxy in front, whose X-Forwarded-For names the client. */
  trustProxy: boolean
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/**
 * CORS_ORIGINS: comma-separated origins (`https://portal.example.gov.vn`), or `*`. An entry that
 * is not an origin (a path, no scheme) stops the start: a browser sends origins exactly, so it
 * would never match.
 */
export const parseCorsOrigins = (raw: string | undefined): '*' | string[] => {
  const entries = (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
  if (entries.includes('*')) {
    if (entries.length > 1) {
      throw new SettingsError('CORS_ORIGINS is "*" or a list of origins, not both')
    }
    return '*'
  }
  return entries.map((entry) => {
    let url: URL | undefined
    try {
      url = new URL(entry)
    } catch {
      url = undefined
    }
    const origin = url && /^https?:$/.test(url.protocol) ? url.origin : null
    if (!origin || entry.replace(/\/+$/, '').toLowerCase() !== origin.toLowerCase()) {
      throw new SettingsError(
        `CORS_ORIGINS entry "${entry.slice(0, 80)}" is not an origin; write scheme://host[:port], e.g. https://portal.example.gov.vn`,
      )
    }
    return origin
  })
}

export const readServerSettings = (env: Env = process.env): ServerSettings => {
  const logLevel = env.LOG_LEVEL?.trim() || 'info'
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new SettingsError(`LOG_LEVEL "${logLevel}" must be one of ${LOG_LEVELS.join(', ')}`)
  }
  return {
    cache: env.CACHE !== '0',
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
    development: env.NODE_ENV === 'development',
    logLevel,
    production: env.NODE_ENV === 'production',
    renderings: env.RENDERINGS !== '0',
    trustProxy: env.TRUST_PROXY === '1',
  }
}

/**
 * SITE_URL: the public site's address, which feeds, the sitemap and structured data link to
 * (`${SITE_URL}/articles/<slug>`); SERVER_URL, else http://localhost:PORT, when unset.
 */
export const readSiteUrl = (env: Env = process.env): string => {
  const raw = env.SITE_URL?.trim() || env.SERVER_URL?.trim()
  if (!raw) {
    return `http://localhost:${env.PORT?.trim() || '3000'}`
  }
  let url: URL | undefined
  try {
    url = new URL(raw)
  } catch {
    url = undefined
  }
  if (!url || !/^https?:$/.test(url.protocol)) {
    const name = env.SITE_URL?.trim() ? 'SITE_URL' : 'SERVER_URL'
    throw new SettingsError(`${name} "${raw.slice(0, 80)}" is not an http:// or https:// URL`)
  }
  return url.href.replace(/\/+$/, '')
}

/** This process's environment with `overrides`, for a child process or a config built for another database. */
export const environment = (overrides: Env = {}): NodeJS.ProcessEnv =>
  ({ ...process.env, ...overrides }) as NodeJS.ProcessEnv

/** `npm start` runs in production unless NODE_ENV says otherwise (Next reads it too). */
export const defaultNodeEnv = (value: string): void => {
  // Through a variable: Next's build replaces the literal `process.env.NODE_ENV` with a string.
  const name = 'NODE_ENV'
  const env: Env = process.env
  env[name] ??= value
}
