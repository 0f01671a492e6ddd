import fs from 'node:fs'
import path from 'node:path'

const DOCS = path.resolve(process.cwd(), 'docs')
const GUIDE = path.join(DOCS, 'huong-dan-bien-tap.md')
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

type Link = { image: boolean; line: number; target: string; text: string }

/** Inline Markdown links and images, `[text](target)` and `![alt](target "title")`, with their line. */
const linksOf = (markdown: string): Link[] =>
  markdown.split('\n').flatMap((content, index) =>
    [...content.matchAll(/(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
      (match) => ({
        image: match[1] === '!',
        line: index + 1,
        target: match[3]!,
        text: match[2]!,
      }),
    ),
  )

/** A link inside the repository (not a web address, not an anchor on the same page). */
const isLocal = (target: string) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#')

describe("the editor's guide (docs/huong-dan-bien-tap.md)", () => {
  const markdown = fs.readFileSync(GUIDE, 'utf8')
  const links = linksOf(markdown)
  const images = links.filter((link) => link.image)

  it('should read images, links, titles and lines the way Markdown writes them', () => {
    expect(
      linksOf('Xem ![Trang đăng nhập](img/dang-nhap.png "Đăng nhập")\n[README](../README.md#x)'),
    ).toEqual([
      { image: true, line: 1, target: 'img/dang-nhap.png', text: 'Trang đăng nhập' },
      { image: false, line: 2, target: '../README.md#x', text: 'README' },
    ])
    expect(isLocal('https://example.gov.vn')).toBe(false)
    expect(isLocal('#dang-nhap')).toBe(false)
    expect(isLocal('img/a.png')).toBe(true)
  })

  it('should show pictures, each a PNG under docs/img that exists, with a description', () => {
    // A guide about screens with no picture left means the links were lost, not that all is well.
    expect(images.length).toBeGreaterThanOrEqual(8)
    for (const image of images) {
      const where = `line ${image.line}: ${image.target}`
      expect({ where, relative: image.target.startsWith('img/') }).toEqual({
        where,
        relative: true,
      })
      const file = path.resolve(DOCS, image.target)
      expect({ where, exists: fs.existsSync(file) }).toEqual({ where, exists: true })
      expect({ where, png: fs.readFileSync(file).subarray(0, 8).equals(PNG_SIGNATURE) }).toEqual({
        where,
        png: true,
      })
      expect({ where, described: image.text.trim().length > 0 }).toEqual({ where, described: true })
    }
  })

  it('should link only to files that exist in the repository', () => {
    for (const link of links.filter((candidate) => isLocal(candidate.target))) {
      const where = `line ${link.line}: ${link.target}`
      const file = path.resolve(DOCS, decodeURIComponent(link.target.replace(/#.*$/, '')))
      expect({ where, exists: fs.existsSync(file) }).toEqual({ where, exists: true })
    }
  })

  it('should be written in NFC, as every Vietnamese text of the project is', () => {
    expect(markdown === markdown.normalize('NFC')).toBe(true)
  })

  it('should be linked from the README', () => {
    const readme = fs.readFileSync(path.resolve(process.cwd(), 'README.md'), 'utf8')
    expect(linksOf(readme).map((link) => link.target)).toContain('docs/huong-dan-bien-tap.md')
  })
})
