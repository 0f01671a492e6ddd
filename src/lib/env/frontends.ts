import type { Env } from './database'
import { SettingsError } from './database'

export type FrontendSettings = {
  /** CDN_PURGE_METHOD: the HTTP method of a purge request. */
  cdnPurgeMethod: string
  /** CDN_PURGE_URL: the purge URL template ({url}, {path}, {collection}, {slug}), or null: no purge. */
  cdnPurgeUrl: null | string
  /** SERVER_URL, else http://localhost:PORT: where the API's own addresses are purged. */
  serverUrl: string
  /** PREVIEW_TOKEN_TTL: seconds a draft-preview token stays valid. */
  previewTokenTtl: number
  /** PREVIEW_URL: the frontend's preview address template ({token}, {slug}, {id}), or null. */
  previewUrl: null | string
}

export const PREVIEW_TOKEN_TTL_DEFAULT = 600

const template = (env: Env, name: string, needs: string): null | string => {
  const raw = env[name]?.trim()
  if (!raw) {
    return null
  }
  let url: URL | undefined
  try {
    // Placeholders are not valid in a host name; check the address with them filled in.
    url = new URL(raw.replace(/\{[a-z]+\}/g, 'x'))
  } catch {
    url = undefined
  }
  if (!url || !/^https?:$/.test(url.protocol)) {
    throw new SettingsError(`${name} "${raw.slice(0, 80)}" is not an http:// or https:// URL`)
  }
  if (!raw.includes(needs)) {
    throw new SettingsError(`${name} "${raw.slice(0, 80)}" must contain ${needs}`)
  }
  return raw
}

/** Reads PREVIEW_* and CDN_* settings; a bad value is refused with a message naming the variable. */
export const readFrontendSettings = (env: Env = process.env): FrontendSettings => {
  const ttlRaw = env.PREVIEW_TOKEN_TTL?.trim()
  const ttl = ttlRaw ? Number(ttlRaw) : PREVIEW_TOKEN_TTL_DEFAULT
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86_400) {
    throw new SettingsError(
      `PREVIEW_TOKEN_TTL "${String(ttlRaw).slice(0, 40)}" must be a whole number of seconds, 1 to 86400`,
    )
  }
  const method = (env.CDN_PURGE_METHOD?.trim() || 'POST').toUpperCase()
  if (!['DELETE', 'GET', 'POST', 'PURGE', 'PUT'].includes(method)) {
    throw new SettingsError(
      `CDN_PURGE_METHOD "${method.slice(0, 20)}" must be POST, PURGE, GET, PUT or DELETE`,
    )
  }
  return {
    cdnPurgeMethod: method,
    cdnPurgeUrl: template(env, 'CDN_PURGE_URL', '{'),
    previewTokenTtl: ttl,
    serverUrl: (env.SERVER_URL?.trim() || `http://localhost:${env.PORT?.trim() || '3000'}`).replace(
      /\/+$/,
      '',
    ),
    previewUrl: template(env, 'PREVIEW_URL', '{token}'),
  }
}
