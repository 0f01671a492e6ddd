import { readWebhookSettings, SettingsError } from '@/lib/env'
import {
  actionOf,
  classifyAddress,
  eventsOf,
  generateSecret,
  refusalOf,
  retryConfig,
  retryDelays,
  secretProblemOf,
  urlProblemOf,
} from '@/lib/webhooks'

describe('webhook events', () => {
  it('should name publishing events for types with drafts and plain ones for the others', () => {
    expect(eventsOf('articles', true)).toEqual([
      'article.published',
      'article.unpublished',
      'article.updated',
      'article.deleted',
    ])
    expect(eventsOf('people', false)).toEqual([
      'person.created',
      'person.updated',
      'person.deleted',
    ])
  })

  it('should tell publish, update, unpublish and delete from what readers saw before and after', () => {
    const drafts = true
    expect(
      actionOf({ drafts, liveAfter: 'published', operation: 'create', saved: 'published' }),
    ).toBe('published')
    expect(actionOf({ drafts, liveAfter: 'draft', operation: 'create', saved: 'draft' })).toBeNull()
    const update = { drafts, operation: 'update' as const }
    expect(
      actionOf({ ...update, liveAfter: 'published', liveBefore: 'draft', saved: 'published' }),
    ).toBe('published')
    expect(
      actionOf({ ...update, liveAfter: 'published', liveBefore: 'published', saved: 'published' }),
    ).toBe('updated')
    // A draft saved over a published record: readers still see the published one.
    expect(
      actionOf({ ...update, liveAfter: 'published', liveBefore: 'published', saved: 'draft' }),
    ).toBeNull()
    expect(
      actionOf({ ...update, liveAfter: 'draft', liveBefore: 'published', saved: 'draft' }),
    ).toBe('unpublished')
    expect(
      actionOf({ ...update, liveAfter: 'draft', liveBefore: 'draft', saved: 'draft' }),
    ).toBeNull()
    expect(actionOf({ drafts, operation: 'delete' })).toBe('deleted')
    expect(actionOf({ drafts: false, operation: 'create' })).toBe('created')
    expect(actionOf({ drafts: false, operation: 'update' })).toBe('updated')
  })
})

describe('webhook target addresses', () => {
  it('should allow public addresses', () => {
    for (const address of ['93.184.216.34', '2606:4700::6810:85e5', '8.8.8.8']) {
      expect(classifyAddress(address)).toBe('public')
      expect(refusalOf(address, false)).toBeNull()
    }
  })

  it('should treat loopback and private ranges as private, allowed only on request', () => {
    for (const address of [
      '127.0.0.1',
      '127.8.9.10',
      '10.0.0.1',
      '172.16.5.4',
      '172.31.255.255',
      '192.168.1.1',
      '0.0.0.0',
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      '::ffff:10.0.0.1',
      '::ffff:127.0.0.1',
      '100.64.0.1',
    ]) {
      expect([address, classifyAddress(address)]).toEqual([address, 'private'])
      expect(refusalOf(address, false)).toContain('WEBHOOK_ALLOW_PRIVATE')
      expect(refusalOf(address, true)).toBeNull()
    }
    expect(classifyAddress('172.32.0.1')).toBe('public')
  })

  it('should always refuse link-local, metadata, multicast and malformed addresses', () => {
    for (const address of [
      '169.254.169.254',
      '169.254.0.1',
      'fe80::1',
      'febf::1',
      '::ffff:169.254.169.254',
      '100.100.100.200',
      'fd00:ec2::254',
      '224.0.0.1',
      '255.255.255.255',
      '2002:a9fe:a9fe::1',
      '64:ff9b::a9fe:a9fe',
      'not an address',
    ]) {
      expect([address, classifyAddress(address)]).toEqual([address, 'forbidden'])
      expect(refusalOf(address, true)).toContain('never')
    }
  })

  it('should refuse URLs that are not plain http or https', () => {
    expect(urlProblemOf('https://hooks.example.gov.vn/cms')).toBeNull()
    expect(urlProblemOf('ftp://example.com/')).toContain('http')
    expect(urlProblemOf('not a url')).toContain('valid')
    expect(urlProblemOf('https://user:pw@example.com/')).toContain('password')
    expect(urlProblemOf('')).toContain('required')
  })
})

describe('webhook secrets, retries and settings', () => {
  it('should accept Standard Webhooks secrets and refuse anything else', () => {
    const secret = generateSecret()
    expect(secret).toMatch(/^whsec_/)
    expect(secretProblemOf(secret)).toBeNull()
    expect(secretProblemOf('whsec_short')).toContain('24 to 64')
    expect(secretProblemOf('plain-secret')).toContain('whsec_')
    expect(secretProblemOf(`whsec_${'a'.repeat(40)}!`)).toContain('whsec_')
  })

  it('should double the delay before each retry', () => {
    expect(retryDelays(5, 1000)).toEqual([1000, 2000, 4000, 8000, 16000])
    expect(retryConfig(5, 1000)).toEqual({
      attempts: 5,
      backoff: { delay: 1000, type: 'exponential' },
    })
  })

  it('should read the WEBHOOK_ settings with defaults and refuse bad values by name', () => {
    expect(readWebhookSettings({})).toEqual({
      allowPrivate: false,
      pauseAfter: 5,
      retries: 8,
      retryDelayMs: 30_000,
    })
    expect(readWebhookSettings({ WEBHOOK_ALLOW_PRIVATE: '1' }).allowPrivate).toBe(true)
    expect(() => readWebhookSettings({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(SettingsError)
    // The contract promises at least 5 retries.
    expect(() => readWebhookSettings({ WEBHOOK_RETRIES: '3' })).toThrow(/WEBHOOK_RETRIES/)
    expect(() => readWebhookSettings({ WEBHOOK_RETRY_DELAY_MS: 'soon' })).toThrow(
      /WEBHOOK_RETRY_DELAY_MS/,
    )
  })
})
