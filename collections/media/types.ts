import type { S3Settings } from '../../src/lib/env'

export type MediaPluginOptions = {
  /** Folder for uploaded files; default `media/` at the project root. */
  staticDir?: string
  /** Largest accepted upload in bytes; default 20 MB. */
  maxFileSize?: number
  /** An S3-compatible bucket instead of `staticDir`; default from the S3_* settings, null for none. */
  s3?: null | S3Settings
}
