import { purgeRequests } from '../../src/lib/cdn/purge'
import { readFrontendSettings, SettingsError } from '../../src/lib/env'
import { previewAddress, signPreviewToken, verifyPreviewToken } from '../../src/lib/preview/token'

describe('frontend settings', () => {
  it('should default to a 600 s token, POST purges, no templates', () => {
    expect(readFrontendSettings({})).toEqual({
      cdnPurgeMethod: 'POST',
      cdnPurgeUrl: null,
      previewTokenTtl: 600,
      previewUrl: null,
      serverUrl: 'http://localhost:3000',
    })
  })

  it('should refuse bad values naming the variable', () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ PREVIEW_TOKEN_TTL: '0' }, /^PREVIEW_TOKEN_TTL/],
      [{ PREVIEW_TOKEN_TTL: '10m' }, /^PREVIEW_TOKEN_TTL/],
      [{ PREVIEW_URL: 'https://portal.gov.vn/preview' }, /^PREVIEW_URL .*\{token\}/],
      [{ PREVIEW_URL: 'ftp://x/{token}' }, /^PREVIEW_URL/],
      [{ CDN_PURGE_URL: 'not a url {url}' }, /^CDN_PURGE_URL/],
      [{ CDN_PURGE_METHOD: 'PATCHY' }, /^CDN_PURGE_METHOD/],
    ]
    for (const [env, message] of bad) {
      expect(() => readFrontendSettings(env)).toThrow(SettingsError)
      expect(() => readFrontendSettings(env)).toThrow(message)
    }
  })
})

describe('preview tokens', () => {
  it('should verify its own token and refuse one signed with another secret', async () => {
    const { expiresAt, token } = await signPreviewToken({
      collection: 'articles',
      id: '7',
      secret: 's1',
      ttlSeconds: 60,
    })
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(55_000)
    expect(await verifyPreviewToken('s1', token)).toEqual({
      claims: { collection: 'articles', id: '7' },
    })
    expect(await verifyPreviewToken('s2', token)).toEqual({
      error: 'The preview token is not valid.',
    })
  })

  it('should fill the template with URL-encoded values, or use SITE_URL/preview', () => {
    const base = { id: '7', siteUrl: 'https://p.vn', slug: 'tin-a&b', token: 'a.b.c' }
    expect(previewAddress({ ...base, template: null })).toBe(
      'https://p.vn/preview?token=a.b.c&slug=tin-a%26b',
    )
    expect(previewAddress({ ...base, template: 'https://f.vn/p/{id}?t={token}&x={other}' })).toBe(
      'https://f.vn/p/7?t=a.b.c&x={other}',
    )
  })
})

describe('CDN purge addresses', () => {
  it('should purge the public page and the REST address, encoded into the template', () => {
    expect(
      purgeRequests({
        collection: 'people',
        id: '3',
        serverUrl: 'https://cms.vn',
        siteUrl: 'https://p.vn',
        slug: 'nguyễn-văn-a',
        template: 'https://cdn.example/purge?url={url}&p={path}&c={collection}&s={slug}',
      }),
    ).toEqual([
      `https://cdn.example/purge?url=${encodeURIComponent('https://p.vn/people/nguy%E1%BB%85n-v%C4%83n-a')}&p=${encodeURIComponent('/people/nguy%E1%BB%85n-v%C4%83n-a')}&c=people&s=${encodeURIComponent('nguyễn-văn-a')}`,
      `https://cdn.example/purge?url=${encodeURIComponent('https://cms.vn/api/people/3')}&p=${encodeURIComponent('/api/people/3')}&c=people&s=${encodeURIComponent('nguyễn-văn-a')}`,
    ])
  })

  it('should purge only the REST address of a record without a slug', () => {
    expect(
      purgeRequests({
        collection: 'articles',
        id: '9',
        serverUrl: 'https://cms.vn',
        siteUrl: 'https://p.vn',
        slug: null,
        template: 'https://cdn.example/purge?path={path}',
      }),
    ).toEqual([`https://cdn.example/purge?path=${encodeURIComponent('/api/articles/9')}`])
  })
})
