import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import {
  parseCorsOrigins,
  parseDatabaseUri,
  readImportBatchSize,
  readServerSettings,
  readSiteUrl,
  readSettings,
  resolveSecret,
  SettingsError,
} from '@/lib/env'

describe('settings from the environment', () => {
  it('should default to the embedded SQLite file under data/', () => {
    const target = parseDatabaseUri(undefined, '/srv/cms')
    expect(target).toEqual({
      file: '/srv/cms/data/cms.db',
      kind: 'sqlite',
      url: 'file:/srv/cms/data/cms.db',
    })
  })

  it('should accept file: paths, relative and absolute', () => {
    expect(parseDatabaseUri('file:./x/y.db', '/a').kind).toBe('sqlite')
    expect(parseDatabaseUri('file:/tmp/z.db', '/a')).toMatchObject({ file: '/tmp/z.db' })
    expect(parseDatabaseUri('file:///tmp/z.db', '/a')).toMatchObject({ file: '/tmp/z.db' })
  })

  it('should accept mongodb:// and mongodb+srv:// URIs', () => {
    expect(parseDatabaseUri('mongodb://db:27017/cms')).toEqual({
      kind: 'mongodb',
      url: 'mongodb://db:27017/cms',
    })
    expect(parseDatabaseUri('mongodb+srv://u:p@cluster.example.net/cms').kind).toBe('mongodb')
  })

  it('should accept postgres:// and postgresql:// URIs', () => {
    expect(parseDatabaseUri('postgres://postgres@127.0.0.1:5432/cms')).toEqual({
      kind: 'postgres',
      url: 'postgres://postgres@127.0.0.1:5432/cms',
    })
    expect(parseDatabaseUri('postgresql://u:p@db.example.net/cms').kind).toBe('postgres')
  })

  it('should refuse anything else with a message naming DATABASE_URI and what is accepted', () => {
    for (const bad of ['postgres://', 'pg://localhost/cms', 'cms.db', 'file:', 'mongodb://']) {
      expect(() => parseDatabaseUri(bad)).toThrow(SettingsError)
      expect(() => parseDatabaseUri(bad)).toThrow(/DATABASE_URI/)
    }
    expect(() => parseDatabaseUri('mysql://x')).toThrow(/file:<path>.*postgres.*mongodb/)
  })

  it('should refuse a PORT that is not a port and a SEED_DEMO that is not 1 or 0', () => {
    expect(() => readSettings({ PORT: 'abc' })).toThrow(/PORT/)
    expect(() => readSettings({ PORT: '70000' })).toThrow(/PORT/)
    expect(() => readSettings({ SEED_DEMO: 'maybe' })).toThrow(/SEED_DEMO/)
  })

  it('should seed demo content by default only on the two-command start', () => {
    expect(readSettings({}).seedDemo).toBe(true)
    // Blank counts as unset, as it does for DATABASE_URI itself.
    expect(readSettings({ DATABASE_URI: ' ', PAYLOAD_SECRET: '' }).seedDemo).toBe(true)
    expect(readSettings({ DATABASE_URI: 'mongodb://db/cms' }).seedDemo).toBe(false)
    // A configured SQLite file or secret is a deployment too: no demo accounts by accident.
    expect(readSettings({ DATABASE_URI: 'file:./data/cms.db' }).seedDemo).toBe(false)
    expect(readSettings({ PAYLOAD_SECRET: 'given' }).seedDemo).toBe(false)
    expect(readSettings({ NODE_ENV: 'production', PAYLOAD_SECRET: 'given' }).seedDemo).toBe(false)
    expect(readSettings({ DATABASE_URI: 'postgres://db/cms' }).seedDemo).toBe(false)
    expect(readSettings({ DATABASE_URI: 'mongodb://db/cms', SEED_DEMO: '1' }).seedDemo).toBe(true)
    expect(readSettings({ PAYLOAD_SECRET: 'given', SEED_DEMO: '1' }).seedDemo).toBe(true)
    expect(readSettings({ SEED_DEMO: '0' }).seedDemo).toBe(false)
  })

  it('should keep the compat patches on unless COMPAT=0', () => {
    expect(readSettings({}).compat).toBe(true)
    expect(readSettings({ COMPAT: '1' }).compat).toBe(true)
    expect(readSettings({ COMPAT: '0' }).compat).toBe(false)
    expect(() => readSettings({ COMPAT: 'off' })).toThrow(/COMPAT/)
  })

  it('should generate a secret once, keep it under data/, and reuse it', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-secret-'))
    const target = parseDatabaseUri(undefined)
    const first = resolveSecret({ dataDir, env: {}, target })
    const second = resolveSecret({ dataDir, env: {}, target })
    expect(first).toMatch(/^[0-9a-f]{64}$/)
    expect(second).toBe(first)
    expect(fs.readFileSync(path.join(dataDir, 'payload-secret'), 'utf8').trim()).toBe(first)
    expect(resolveSecret({ dataDir, env: { PAYLOAD_SECRET: 'given' }, target })).toBe('given')
    fs.rmSync(dataDir, { force: true, recursive: true })
  })

  it('should require PAYLOAD_SECRET in production on a server database', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cms-secret-'))
    for (const uri of ['mongodb://db/cms', 'postgres://db/cms']) {
      const target = parseDatabaseUri(uri)
      expect(() => resolveSecret({ dataDir, env: { NODE_ENV: 'production' }, target })).toThrow(
        /PAYLOAD_SECRET/,
      )
    }
    expect(fs.existsSync(path.join(dataDir, 'payload-secret'))).toBe(false)
    fs.rmSync(dataDir, { force: true, recursive: true })
  })
})

describe('settings: the HTTP server and the rate limits', () => {
  it('should read the server settings, refusing an unknown log level with its name', () => {
    expect(readServerSettings({})).toEqual({
      cache: true,
      corsOrigins: [],
      development: false,
      logLevel: 'info',
      production: false,
      renderings: true,
      trustProxy: false,
    })
    expect(
      readServerSettings({
        CACHE: '0',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'production',
        RENDERINGS: '0',
        TRUST_PROXY: '1',
      }),
    ).toEqual({
      cache: false,
      corsOrigins: [],
      development: false,
      logLevel: 'warn',
      production: true,
      renderings: false,
      trustProxy: true,
    })
    expect(() => readServerSettings({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL "loud"/)
  })

  it('should read the import batch size, refusing what is not a whole number', () => {
    expect(readImportBatchSize({})).toBe(500)
    expect(readImportBatchSize({ IMPORT_BATCH_SIZE: '50' })).toBe(50)
    expect(() => readImportBatchSize({ IMPORT_BATCH_SIZE: '0' })).toThrow(/IMPORT_BATCH_SIZE/)
    expect(() => readImportBatchSize({ IMPORT_BATCH_SIZE: 'many' })).toThrow(SettingsError)
  })

  it('should read the query template switches, verifying by default under tests only', () => {
    expect(readSettings({}).queryTemplates).toEqual({ enabled: true, verify: false })
    expect(readSettings({ NODE_ENV: 'test' }).queryTemplates).toEqual({
      enabled: true,
      verify: true,
    })
    expect(
      readSettings({ NODE_ENV: 'test', QUERY_TEMPLATES: '0', VERIFY_QUERY_TEMPLATES: '0' })
        .queryTemplates,
    ).toEqual({ enabled: false, verify: false })
  })
})

describe('settings: CORS_ORIGINS', () => {
  it('should read origins and "*", refusing what a browser would never send as an origin', () => {
    expect(parseCorsOrigins(undefined)).toEqual([])
    expect(parseCorsOrigins(' https://a.gov.vn , http://localhost:4000/ ')).toEqual([
      'https://a.gov.vn',
      'http://localhost:4000',
    ])
    expect(parseCorsOrigins('*')).toBe('*')
    expect(() => parseCorsOrigins('*,https://a.gov.vn')).toThrow(/CORS_ORIGINS/)
    expect(() => parseCorsOrigins('a.gov.vn')).toThrow(/"a.gov.vn" is not an origin/)
    expect(() => parseCorsOrigins('https://a.gov.vn/tin-tuc')).toThrow(/not an origin/)
  })
})

describe('settings: SITE_URL', () => {
  it('should link to SITE_URL, else SERVER_URL, else localhost on PORT', () => {
    expect(readSiteUrl({ SITE_URL: 'https://baocaobinhduong.gov.vn/' })).toBe(
      'https://baocaobinhduong.gov.vn',
    )
    expect(readSiteUrl({ SERVER_URL: 'https://cms.example.gov.vn' })).toBe(
      'https://cms.example.gov.vn',
    )
    expect(readSiteUrl({ PORT: '4100' })).toBe('http://localhost:4100')
    expect(readSiteUrl({ SITE_URL: 'https://a.gov.vn/tin-tuc/' })).toBe('https://a.gov.vn/tin-tuc')
    expect(() => readSiteUrl({ SITE_URL: 'portal.gov.vn' })).toThrow(/SITE_URL/)
  })
})
