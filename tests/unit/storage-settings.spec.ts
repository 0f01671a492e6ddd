import { readS3Settings, readSettings, SettingsError } from '@/lib/env'

describe('S3 settings', () => {
  it('should keep media in media/ when S3_BUCKET is unset', () => {
    expect(readS3Settings({})).toBeNull()
    expect(readSettings({}).s3).toBeNull()
  })

  it('should read an S3-compatible server with path-style addressing by default', () => {
    expect(
      readS3Settings({
        S3_ACCESS_KEY_ID: 'key',
        S3_BUCKET: 'cms-media',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_SECRET_ACCESS_KEY: 'secret',
      }),
    ).toEqual({
      bucket: 'cms-media',
      credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      region: 'us-east-1',
    })
  })

  it('should read AWS itself: no endpoint, the SDK own credentials, host-style buckets', () => {
    expect(readS3Settings({ S3_BUCKET: 'cms-media', S3_REGION: 'ap-southeast-1' })).toEqual({
      bucket: 'cms-media',
      credentials: null,
      endpoint: null,
      forcePathStyle: false,
      region: 'ap-southeast-1',
    })
    expect(
      readS3Settings({
        S3_BUCKET: 'b',
        S3_ENDPOINT: 'https://s3.example.vn',
        S3_FORCE_PATH_STYLE: '0',
      })?.forcePathStyle,
    ).toBe(false)
  })

  it('should refuse half-given settings with one line naming the variable', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ S3_ENDPOINT: 'http://127.0.0.1:9000' }, /^S3_ENDPOINT is set but S3_BUCKET is not/],
      [{ S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'key' }, /^S3_SECRET_ACCESS_KEY is missing/],
      [{ S3_BUCKET: 'b', S3_SECRET_ACCESS_KEY: 'secret' }, /^S3_ACCESS_KEY_ID is missing/],
      [{ S3_BUCKET: 'b', S3_ENDPOINT: '127.0.0.1:9000' }, /^S3_ENDPOINT "127.0.0.1:9000"/],
      [{ S3_BUCKET: 'b', S3_FORCE_PATH_STYLE: 'yes' }, /^S3_FORCE_PATH_STYLE "yes"/],
    ]
    for (const [env, message] of cases) {
      expect(() => readS3Settings(env)).toThrow(SettingsError)
      expect(() => readSettings(env)).toThrow(message)
    }
  })
})
