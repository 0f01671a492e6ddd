import type { Plugin } from 'payload'

import { s3Storage } from '@payloadcms/storage-s3'

import type { S3Settings } from '../../src/lib/env'
import { slugs } from '../../src/slugs'

/**
 * Media on an S3-compatible bucket through Payload's own storage plugin, or `media/` when `s3` is
 * null. The plugin's fields (`prefix`, `_objectKey`) are inserted either way, so the schema and
 * the committed migrations are the same with and without S3. Files are uploaded by the server
 * (no presigned browser uploads), so the upload rules (type sniffing, size limit, image sizes)
 * apply unchanged; they are read back through Payload (`/api/media/file/<name>`), so the
 * collection's read access still decides who gets them and the bucket can stay private.
 */
export const mediaStorage = (s3: null | S3Settings): Plugin =>
  s3Storage({
    alwaysInsertFields: true,
    bucket: s3?.bucket ?? '',
    clientUploads: false,
    // A defined prefix ('' = the bucket's root) keeps the `prefix` field in the schema when the
    // plugin is on too (alwaysInsertFields alone inserts it only when the plugin is off).
    collections: { [slugs.media]: { prefix: '' } },
    config: {
      credentials: s3?.credentials ?? undefined,
      endpoint: s3?.endpoint ?? undefined,
      forcePathStyle: s3?.forcePathStyle,
      region: s3?.region,
    },
    enabled: s3 !== null,
  })
