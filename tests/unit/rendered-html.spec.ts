import { planSlugChange } from '../../src/lib/redirects/chain'
import { sanitizeBodyHtml } from '../../src/lib/richtext/sanitize'
import { articleJsonLd } from '../../src/lib/structured/jsonLd'

describe('sanitizeBodyHtml: what a rendered body may keep', () => {
  it('should drop scripts, frames, event handlers and javascript: links', () => {
    const html = sanitizeBodyHtml(
      '<p onclick="steal()">Xin chào<script>alert(1)</script></p>' +
        '<iframe src="https://evil.example"></iframe>' +
        '<a href="javascript:alert(1)">bấm</a><a href="JaVaScRiPt:alert(2)">nữa</a>' +
        '<img src="x" onerror="alert(3)" alt="ảnh"><div style="position:fixed">phủ</div>',
    )
    expect(html).not.toMatch(/script|iframe|onclick|onerror|javascript:|style=|<div/i)
    expect(html).toContain('<p>Xin chào</p>')
    expect(html).toContain('<a>bấm</a>')
    expect(html).toContain('<img src="x" alt="ảnh" />')
  })

  it('should keep what Lexical renders: headings, lists, tables, links and sized images', () => {
    const source =
      '<h2>Mục</h2><ul><li value="1">Một</li></ul><table><tbody><tr><th>A</th><td>B</td></tr></tbody></table>' +
      '<a href="https://example.gov.vn/x" rel="noopener noreferrer" target="_blank">liên kết</a>' +
      '<figure><img src="/api/media/file/a.webp" alt="Ảnh" width="768" height="512" /><figcaption>Chú thích</figcaption></figure>'
    expect(sanitizeBodyHtml(source)).toBe(source)
  })
})

describe('articleJsonLd: schema.org NewsArticle', () => {
  it('should link to the site, name the publisher and leave out what is unknown', () => {
    const ld = articleJsonLd(
      {
        datePublished: '2021-06-28T01:00:00.000Z',
        department: { name: 'Sở Nội vụ', shortName: 'SNV', slug: 'so-noi-vu' },
        headline: 'Tin',
        people: [{ name: 'Bà A', positions: [{ organization: null, title: 'Giám đốc' }] }],
        plans: [],
        slug: 'tin',
      },
      'https://site.example',
    )
    expect(ld).toEqual({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      datePublished: '2021-06-28T01:00:00.000Z',
      headline: 'Tin',
      inLanguage: 'vi',
      mainEntityOfPage: 'https://site.example/articles/tin',
      mentions: [{ '@type': 'Person', jobTitle: 'Giám đốc', name: 'Bà A' }],
      publisher: {
        '@type': 'GovernmentOrganization',
        alternateName: 'SNV',
        name: 'Sở Nội vụ',
        url: 'https://site.example/organizations/so-noi-vu',
      },
      url: 'https://site.example/articles/tin',
    })
  })
})

describe('planSlugChange: redirects without chains or loops', () => {
  it('should add the first redirect from the old address', () => {
    expect(planSlugChange([], '/articles/a', '/articles/b')).toEqual({
      remove: [],
      retarget: [],
      upsert: { from: '/articles/a', id: undefined, to: '/articles/b' },
    })
  })

  it('should point earlier redirects at the newest address', () => {
    const edges = [{ from: '/articles/a', id: 1, to: '/articles/b' }]
    expect(planSlugChange(edges, '/articles/b', '/articles/c')).toEqual({
      remove: [],
      retarget: [1],
      upsert: { from: '/articles/b', id: undefined, to: '/articles/c' },
    })
  })

  it('should remove the redirect from an address taken back', () => {
    const edges = [
      { from: '/articles/a', id: 1, to: '/articles/c' },
      { from: '/articles/b', id: 2, to: '/articles/c' },
    ]
    expect(planSlugChange(edges, '/articles/c', '/articles/a')).toEqual({
      remove: [1],
      retarget: [2],
      upsert: { from: '/articles/c', id: undefined, to: '/articles/a' },
    })
  })
})
