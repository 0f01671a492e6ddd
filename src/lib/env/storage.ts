import type { Env } from './database'
import { SettingsError } from './database'

/** Where uploads go when they do not go to `media/`: an S3-compatible bucket. */
export type S3Settings = {
  bucket: string
  /** Both keys, or null for the AWS SDK's own chain (AWS_* variables, an instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null
  /** An S3-compatible server (MinIO, Ceph, a provider's endpoint); null for AWS itself. */
  endpoint: null | string
  /** `bucket` in the path instead of the host name, as most S3-compatible servers expect. */
  forcePathStyle: boolean
  region: string
}

const S3_VARIABLES = [
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_FORCE_PATH_STYLE',
] as const

const value = (env: Env, name: string): string | undefined => env[name]?.trim() || undefined

/**
 * The S3_* variables, or null when S3_BUCKET is unset (uploads stay in `media/`). A half-given
 * setting (keys without a bucket, one key without the other, an endpoint that is not a URL) stops
 * the start with one line naming the variable, rather than silently writing files to `media/`.
 */
export const readS3Settings = (env: Env = process.env): null | S3Settings => {
  const bucket = value(env, 'S3_BUCKET')
  if (!bucket) {
    const stray = S3_VARIABLES.find((name) => value(env, name) !== undefined)
    if (stray) {
      throw new SettingsError(
        `${stray} is set but S3_BUCKET is not; set S3_BUCKET to store media on S3`,
      )
    }
    return null
  }
  const endpoint = value(env, 'S3_ENDPOINT') ?? null
  if (endpoint !== null && !/^https?:\/\/[^/\s]+/.test(endpoint)) {
    throw new SettingsError(
      `S3_ENDPOINT "${endpoint.slice(0, 80)}" is not an http:// or https:// URL`,
    )
  }
  const accessKeyId = value(env, 'S3_ACCESS_KEY_ID')
  const secretAccessKey = value(env, 'S3_SECRET_ACCESS_KEY')
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new SettingsError(
      `${accessKeyId ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'} is missing; set both keys, or neither to use the AWS SDK's own credentials`,
    )
  }
  const pathStyle = value(env, 'S3_FORCE_PATH_STYLE')
  if (pathStyle !== undefined && !['0', '1', 'false', 'true'].includes(pathStyle)) {
    throw new SettingsError(`S3_FORCE_PATH_STYLE "${pathStyle}" must be 1 or 0`)
  }
  return {
    bucket,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : null,
    endpoint,
    // S3-compatible servers mostly serve buckets by path; AWS by host name.
    forcePathStyle:
      pathStyle === undefined ? endpoint !== null : pathStyle === '1' || pathStyle === 'true',
    region: value(env, 'S3_REGION') ?? 'us-east-1',
  }
}
