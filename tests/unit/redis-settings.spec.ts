import { readRedisTarget, readSettings, SettingsError } from '@/lib/env'

describe('REDIS_URL and REDIS_PREFIX', () => {
  it('should keep everything in the process when REDIS_URL is unset or empty', () => {
    expect(readRedisTarget({})).toBeNull()
    expect(readRedisTarget({ REDIS_URL: '  ' })).toBeNull()
    expect(readSettings({}).redis).toBeNull()
  })

  it('should accept redis:// and rediss:// addresses, with a database number', () => {
    expect(readRedisTarget({ REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual({
      prefix: 'cms:',
      url: 'redis://127.0.0.1:6379',
    })
    expect(readRedisTarget({ REDIS_URL: 'rediss://:secret@cache.example.net:6380/2' })).toEqual({
      prefix: 'cms:',
      url: 'rediss://:secret@cache.example.net:6380/2',
    })
    expect(
      readSettings({ REDIS_PREFIX: 'portal-a:', REDIS_URL: 'redis://10.0.0.5:6379' }).redis,
    ).toEqual({ prefix: 'portal-a:', url: 'redis://10.0.0.5:6379' })
  })

  it('should refuse anything else with a message naming REDIS_URL', () => {
    for (const bad of ['127.0.0.1:6379', 'http://127.0.0.1:6379', 'redis://', 'redis://h:6379/x']) {
      expect(() => readRedisTarget({ REDIS_URL: bad })).toThrow(SettingsError)
      expect(() => readRedisTarget({ REDIS_URL: bad })).toThrow(/^REDIS_URL /)
    }
  })
})
