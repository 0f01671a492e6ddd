import type { Config, Field } from 'payload'
import type { S3Settings } from '../../src/lib/env'

import { mediaPlugin } from '../../collections/media'

/** Every stored field of the media collection, nested ones as paths. */
const fieldPaths = async (s3: null | S3Settings) => {
  const config = (await mediaPlugin({ s3 })({ collections: [] } as unknown as Config)) as Config
  const paths: string[] = []
  const walk = (fields: Field[], prefix: string) => {
    for (const field of fields) {
      if ('name' in field) {
        paths.push(`${prefix}${field.name}`)
        if ('fields' in field) {
          walk(field.fields, `${prefix}${field.name}.`)
        }
      }
    }
  }
  walk(config.collections![0]!.fields, '')
  return paths.sort()
}

describe('media storage plugin', () => {
  it('should give media the same fields with and without S3, so one set of migrations fits both', async () => {
    const onS3 = await fieldPaths({
      bucket: 'cms-media',
      credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      region: 'us-east-1',
    })
    expect(onS3).toEqual(await fieldPaths(null))
    expect(onS3).toEqual(expect.arrayContaining(['_objectKey', 'prefix', 'sizes.card.url', 'url']))
  })
})
