import type { Plugin } from 'payload'

import os from 'node:os'
import path from 'node:path'

import { readS3Settings } from '../../src/lib/env'
import { buildMedia } from './Media'
import { mediaStorage } from './storage'
import type { MediaPluginOptions } from './types'

export type { MediaPluginOptions }

/** Uploads stored under `media/` or on S3 (S3_*), with an allow-list of types and a size limit. */
export const mediaPlugin =
  (options: MediaPluginOptions = {}): Plugin =>
  (incoming) =>
    mediaStorage(options.s3 === undefined ? readS3Settings() : options.s3)({
      ...incoming,
      collections: [
        ...(incoming.collections ?? []),
        buildMedia({ staticDir: options.staticDir ?? path.resolve(process.cwd(), 'media') }),
      ],
      upload: {
        ...incoming.upload,
        abortOnLimit: true,
        // Large uploads go to disk, not memory: the system's temporary folder, not the project's.
        tempFileDir: path.join(os.tmpdir(), 'vn-portal-cms-uploads'),
        useTempFiles: true,
        limits: { ...incoming.upload?.limits, fileSize: options.maxFileSize ?? 20 * 1024 * 1024 },
      },
    })
