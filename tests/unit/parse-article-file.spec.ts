import { readFileSync } from 'node:fs'

import { parseArticleFile } from '@/lib/import/parseArticleFile'
import type { ParsedArticle } from '@/lib/import/parseArticleFile'

const FIXTURE = `${process.cwd()}/content/articles/kiem-tra-cong-tac-cai-cach-hanh-chinh-tai-ban-quan-ly-khu-kinh-te.txt`
const TITLE = 'Kiểm tra công tác cải cách hành chính tại Ban quản lý Khu kinh tế'

const parsed = (text: string): ParsedArticle => {
  const result = parseArticleFile(text)
  if (!result.ok) {
    throw new Error(`expected a parsed article, got: ${result.reason}`)
  }
  return result.article
}

const reasonOf = (text: string): string => {
  const result = parseArticleFile(text)
  if (result.ok) {
    throw new Error('expected a parse error')
  }
  return result.reason
}

const paragraphs = (article: ParsedArticle): string[] =>
  article.blocks.filter((block) => block.type === 'paragraph').map((block) => block.text)

const CAPTION_INDENT = ' \u00a0 \u00a0 \u00a0 \u00a0 \u00a0 '

describe('parseArticleFile', () => {
  describe('the shared fixture', () => {
    const article = parsed(readFileSync(FIXTURE, 'utf8'))

    it('should read the slug, title and type', () => {
      expect(article.slug).toBe('kiem-tra-cong-tac-cai-cach-hanh-chinh-tai-ban-quan-ly-khu-kinh-te')
      expect(article.title).toBe(TITLE)
      expect(article.type).toBe('Article')
    })

    it('should find the two image captions with their exact texts and positions', () => {
      expect(
        article.blocks.flatMap((block, index) =>
          block.type === 'caption' ? [[index, block.text]] : [],
        ),
      ).toEqual([
        [4, 'Đồng chí Vũ Mạnh Hải - Phó trưởng Ban quản lý Khu kinh tế'],
        [7, 'Đồng chí Đoàn Văn Minh - Phó Giám đốc Sở Nội vụ'],
      ])
    })

    it('should take BBT as the byline and Top page Desktop as the placements', () => {
      expect(article.byline).toBe('BBT')
      expect(article.placements).toEqual(['top-page', 'desktop'])
    })

    it('should keep nine body paragraphs with the first and last exact', () => {
      const texts = paragraphs(article)
      expect(texts).toHaveLength(9)
      expect(article.blocks).toHaveLength(11)
      expect(texts[0]).toBe(
        'Ngày 08/7, Đoàn kiểm tra công tác cải cách hành chính tiến hành kiểm tra tại Ban Quản lý Khu kinh tế tỉnh. Dự buổi kiểm tra về phía Đoàn kiếm tra có ông Đoàn Văn Minh, Phó Giám đốc Sở Nội vụ, Trưởng đoàn cùng các thành viên trong đoàn. Về phía Ban quản lý Khu kinh tế có ông Vũ Mạnh Hải, Phó Trưởng Ban và lãnh đạo các phòng chuyên môn.',
      )
      expect(texts[8]).toBe(
        'Đoàn kiểm tra cũng kiến nghị tăng cường công tác tuyên truyền để góp phần nâng cao số lượng hồ sơ thủ tục hành chính thực hiện qua dịch vụ bưu chính công ích. Xây dựng Kế hoạch khắc phục tồn tại, hạn chế kết quả Chỉ số PAPI, PAR INDEX năm 2020 theo chỉ đạo của Ủy ban nhân dân tỉnh tại văn bản số 2158/UBND-KTTH ngày 28/6/2021.',
      )
    })

    it('should keep the ellipsis endings inside their paragraphs', () => {
      const texts = paragraphs(article)
      expect(texts[1].endsWith('Công tác hiện đại hóa nền hành chính; ….')).toBe(true)
      expect(texts[3].endsWith('nhóm zalo của doanh nghiệp…')).toBe(true)
    })

    it('should return NFC text with no trailing or no-break spaces', () => {
      for (const block of article.blocks) {
        expect(block.text).toBe(block.text.normalize('NFC'))
        expect(block.text).toBe(block.text.trim())
        expect(block.text).not.toContain('\u00a0')
      }
    })
  })

  describe('tolerance', () => {
    const body = [
      'bai-viet-mau',
      '',
      'Hội nghị tổng kết năm 2023',
      '',
      'Hội nghị tổng kết năm 2023',
      '',
      'Article',
      '',
      'Đoạn thứ nhất của bài viết.',
      '',
      `${CAPTION_INDENT}Toàn cảnh hội nghị `,
      '',
      'Đoạn thứ hai kết thúc bằng dấu chấm lửng…',
      '',
      'Nguyễn Văn A - Sở Nội vụ',
      '',
      'Top page Mobile',
    ]
    const expected: ParsedArticle = {
      slug: 'bai-viet-mau',
      title: 'Hội nghị tổng kết năm 2023',
      type: 'Article',
      blocks: [
        { type: 'paragraph', text: 'Đoạn thứ nhất của bài viết.' },
        { type: 'caption', text: 'Toàn cảnh hội nghị' },
        { type: 'paragraph', text: 'Đoạn thứ hai kết thúc bằng dấu chấm lửng…' },
      ],
      byline: 'Nguyễn Văn A - Sở Nội vụ',
      placements: ['top-page', 'mobile'],
    }

    it('should parse a well-formed synthetic file', () => {
      expect(parsed(body.join('\n'))).toEqual(expected)
    })

    it('should parse CRLF line endings, a BOM and trailing spaces the same way', () => {
      expect(parsed(`\ufeff${body.map((line) => `${line}  `).join('\r\n')}\r\n`)).toEqual(expected)
    })

    it('should return NFC text for decomposed (NFD) input', () => {
      const article = parsed(body.join('\n').normalize('NFD'))
      expect(article).toEqual(expected)
      expect(article.title).toHaveLength('Hội nghị tổng kết năm 2023'.length)
    })

    it('should accept a file without the repeated title and the type line', () => {
      const lines = body.filter((_, index) => index < 3 || index > 7)
      expect(parsed(lines.join('\n'))).toEqual(expected)
    })

    it('should default the type to Article and keep another type as written', () => {
      expect(parsed(body.filter((_, index) => index !== 6).join('\n')).type).toBe('Article')
      expect(parsed(body.join('\n').replace('\nArticle\n', '\nAnnouncement\n')).type).toBe(
        'Announcement',
      )
    })

    it('should read no placements when the placement line is absent, and still find the byline', () => {
      const article = parsed(body.slice(0, -2).join('\n'))
      expect(article.placements).toEqual([])
      expect(article.byline).toBe('Nguyễn Văn A - Sở Nội vụ')
      expect(article.blocks).toEqual(expected.blocks)
    })

    it('should read placement words in any case, including Nổi bật, without duplicates', () => {
      const lines = [...body.slice(0, -1), 'DESKTOP, nổi bật / Featured, desktop']
      expect(parsed(lines.join('\n')).placements).toEqual(['desktop', 'featured'])
    })

    it('should read a labelled byline even when it ends with a period', () => {
      const lines = [...body.slice(0, -3), 'Tin, ảnh: Trần B.', '', 'Desktop']
      expect(parsed(lines.join('\n')).byline).toBe('Tin, ảnh: Trần B.')
    })

    it('should not take a last paragraph that ends a sentence as the byline', () => {
      const lines = [...body.slice(0, -3), 'Hội nghị kết thúc lúc 17 giờ.', '', 'Desktop']
      const article = parsed(lines.join('\n'))
      expect(article.byline).toBeNull()
      expect(paragraphs(article)).toEqual([
        'Đoạn thứ nhất của bài viết.',
        'Đoạn thứ hai kết thúc bằng dấu chấm lửng…',
        'Hội nghị kết thúc lúc 17 giờ.',
      ])
    })

    it('should not take a long last paragraph without a period as the byline', () => {
      const long =
        'Đoàn kiểm tra cũng kiến nghị tăng cường công tác tuyên truyền tại các đơn vị trực thuộc'
      const lines = [...body.slice(0, -3), long]
      const article = parsed(lines.join('\n'))
      expect(article.byline).toBeNull()
      expect(article.placements).toEqual([])
      expect(paragraphs(article).at(-1)).toBe(long)
    })

    it('should not take the only paragraph as the byline', () => {
      const article = parsed(
        ['mot-dong', '', 'Tiêu đề', '', 'Article', '', 'Một dòng ngắn', '', 'Desktop'].join('\n'),
      )
      expect(article.byline).toBeNull()
      expect(article.blocks).toEqual([{ type: 'paragraph', text: 'Một dòng ngắn' }])
      expect(article.placements).toEqual(['desktop'])
    })
  })

  describe('errors', () => {
    it('should reject an empty or blank file', () => {
      expect(reasonOf('')).toBe('empty file')
      expect(reasonOf('\ufeff \r\n\u00a0\n\t\n')).toBe('empty file')
    })

    it('should reject a first line that is not a slug and quote it', () => {
      expect(reasonOf('Kiểm tra công tác\n\nTiêu đề\n\nĐoạn văn.')).toBe(
        'line 1 must be a slug (lowercase letters, digits, hyphens), got "Kiểm tra công tác"',
      )
      expect(reasonOf('Bai-Viet\n\nTiêu đề\n\nĐoạn văn.')).toBe(
        'line 1 must be a slug (lowercase letters, digits, hyphens), got "Bai-Viet"',
      )
      expect(reasonOf('bai viet\n\nTiêu đề\n\nĐoạn văn.')).toMatch(/^line 1 must be a slug/)
      expect(reasonOf('-bai-viet\n\nTiêu đề\n\nĐoạn văn.')).toMatch(/^line 1 must be a slug/)
    })

    it('should reject a file with only a slug for having no title', () => {
      expect(reasonOf('bai-viet\n\n')).toBe('no title: the file ends after the slug')
    })

    it('should reject a title-only file for having no body paragraphs', () => {
      expect(reasonOf('bai-viet\n\nTiêu đề\n\nTiêu đề\n\nArticle\n\nTop page Desktop\n')).toBe(
        'no body paragraphs after the title "Tiêu đề"',
      )
      expect(reasonOf('bai-viet\n\nTiêu đề')).toBe('no body paragraphs after the title "Tiêu đề"')
    })

    it('should reject a body of captions only', () => {
      expect(reasonOf(`bai-viet\n\nTiêu đề\n\n${CAPTION_INDENT}Ảnh minh họa`)).toBe(
        'no body paragraphs after the title "Tiêu đề"',
      )
    })
  })
})
