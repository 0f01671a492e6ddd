import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import type { DatabaseTarget, Env } from './database'
import { SettingsError } from './database'

type ResolveSecretArgs = {
  /** Folder that keeps the generated secret (`data/`). */
  dataDir: string
  env: Env
  target: DatabaseTarget
}

/**
 * PAYLOAD_SECRET when set. Otherwise one generated once and kept in `data/payload-secret`,
 * except in production on a server database, where a lost local file would log everybody out
 * of every instance: there it is required.
 */
export const resolveSecret = ({ dataDir, env, target }: ResolveSecretArgs): string => {
  const given = env.PAYLOAD_SECRET?.trim()
  if (given) {
    return given
  }
  if (env.NODE_ENV === 'production' && target.kind !== 'sqlite') {
    throw new SettingsError(
      'PAYLOAD_SECRET is required when NODE_ENV=production and DATABASE_URI is not the embedded SQLite database',
    )
  }
  const file = path.join(dataDir, 'payload-secret')
  try {
    const kept = fs.readFileSync(file, 'utf8').trim()
    if (kept) {
      return kept
    }
  } catch {
    // Not generated yet.
  }
  fs.mkdirSync(dataDir, { recursive: true })
  const secret = crypto.randomBytes(32).toString('hex')
  try {
    // `wx` so two processes starting together keep the first one's secret.
    fs.writeFileSync(file, `${secret}\n`, { flag: 'wx', mode: 0o600 })
    return secret
  } catch {
    return fs.readFileSync(file, 'utf8').trim()
  }
}
