/**
 * A real S3-compatible server for a test file: s3rver on an ephemeral loopback port, storing in a
 * temporary folder, with one empty bucket. s3rver accepts the key pair S3RVER / S3RVER.
 */
import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import S3rver from 's3rver'

export type TestBucket = {
  /** The S3_* settings that point the server at this bucket. */
  env: Record<string, string>
  /** Every key in the bucket. */
  keys: () => Promise<string[]>
  stop: () => Promise<void>
}

export const startS3 = async (): Promise<TestBucket> => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'))
  const bucket = `cms-media-${crypto.randomBytes(4).toString('hex')}`
  const server = new S3rver({
    address: '127.0.0.1',
    configureBuckets: [{ name: bucket }],
    directory,
    port: 0,
    silent: true,
  })
  const { port } = await server.run()
  const endpoint = `http://127.0.0.1:${port}`
  const client = new S3Client({
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
  })
  const keys = async () => {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }))
    return (listed.Contents ?? []).map((object) => object.Key!).sort()
  }
  return {
    env: {
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: '1',
      S3_REGION: 'us-east-1',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
    keys,
    stop: async () => {
      const left = await keys().catch(() => [])
      if (left.length > 0) {
        await client.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: left.map((Key) => ({ Key })) },
          }),
        )
      }
      client.destroy()
      await server.close()
      fs.rmSync(directory, { force: true, recursive: true })
    },
  }
}
