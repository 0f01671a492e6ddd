import type { Env } from './database'
import { SettingsError } from './database'

/** What the HTTP server reads from its environment. */
export type ServerSettings = {
  /** CACHE=0 turns the anonymous response cache off (the benchmark's cold runs). */
  cache: boolean
  /** NODE_ENV=development (`npm run dev`): schemas are rebuilt on change. */
  development: boolean
  /** LOG_LEVEL, one of pino's levels. */
  logLevel: string
  production: boolean
  /** TRUST_PROXY=1: one reverse proxy in front, whose X-Forwarded-For names the client. */
  trustProxy: boolean
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

export const readServerSettings = (env: Env = process.env): ServerSettings => {
  const logLevel = env.LOG_LEVEL?.trim() || 'info'
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new SettingsError(`LOG_LEVEL "${logLevel}" must be one of ${LOG_LEVELS.join(', ')}`)
  }
  return {
    cache: env.CACHE !== '0',
    development: env.NODE_ENV === 'development',
    logLevel,
    production: env.NODE_ENV === 'production',
    trustProxy: env.TRUST_PROXY === '1',
  }
}

/** This process's environment with `overrides`, for a child process or a config built for another database. */
export const environment = (overrides: Env = {}): NodeJS.ProcessEnv =>
  ({ ...process.env, ...overrides }) as NodeJS.ProcessEnv

/** `npm start` runs in production unless NODE_ENV says otherwise (Next reads it too). */
export const defaultNodeEnv = (value: string): void => {
  ;(process.env as Env).NODE_ENV ??= value
}
