import { fold } from '@/lib/vietnamese'
import { foldWithMap, makeSnippet, scoreHit, searchTerms } from '@/lib/search'

const PARAGRAPH =
  'Ngày 08/7, Đoàn kiểm tra công tác cải cách hành chính tiến hành kiểm tra tại Ban Quản lý Khu kinh tế tỉnh. Dự buổi kiểm tra về phía Đoàn kiếm tra có ông Đoàn Văn Minh, Phó Giám đốc Sở Nội vụ, Trưởng đoàn cùng các thành viên trong đoàn. Về phía Ban quản lý Khu kinh tế có ông Vũ Mạnh Hải, Phó Trưởng Ban và lãnh đạo các phòng chuyên môn.'

describe('search helpers', () => {
  describe('searchTerms', () => {
    it('should fold and split a query on whitespace and punctuation', () => {
      expect(searchTerms('  Ban Quản lý, KHU-KINH-TẾ!  ')).toEqual([
        'ban',
        'quan',
        'ly',
        'khu',
        'kinh',
        'te',
      ])
      expect(searchTerms('Đoàn Văn Minh'.normalize('NFD'))).toEqual(['doan', 'van', 'minh'])
    })

    it('should keep document numbers with a slash whole, without surrounding punctuation', () => {
      expect(searchTerms('Kế hoạch (82/KH-BQLKKT), Thông tư 15/2023/TT-BNV.')).toEqual([
        'ke',
        'hoach',
        '82/kh-bqlkkt',
        'thong',
        'tu',
        '15/2023/tt-bnv',
      ])
    })

    it('should return no terms for an empty or punctuation-only query', () => {
      expect(searchTerms('')).toEqual([])
      expect(searchTerms('   ')).toEqual([])
      expect(searchTerms('…!?, // - "" ;')).toEqual([])
    })

    it('should drop repeated terms, keep at most 10 and cut each at 100 characters', () => {
      expect(searchTerms('Sở số so SỔ')).toEqual(['so'])
      expect(searchTerms('a b c d e f g h i j k l')).toEqual([
        'a',
        'b',
        'c',
        'd',
        'e',
        'f',
        'g',
        'h',
        'i',
        'j',
      ])
      const [long] = searchTerms('x'.repeat(250))
      expect(long).toBe('x'.repeat(100))
    })
  })

  describe('foldWithMap', () => {
    it('should fold exactly like fold() and map every folded character back to the NFC text', () => {
      const text = '  Đà\u00a0 Nẵng\n\n'
      const { folded, map } = foldWithMap(text)
      expect(folded).toBe(fold(text))
      expect(folded).toBe('da nang')
      expect(map).toEqual([2, 3, 4, 6, 7, 8, 9, 12])
    })

    it('should map decomposed (NFD) input onto its NFC form', () => {
      const nfc = 'Đồng chí Vũ Mạnh Hải'
      const { folded, map } = foldWithMap(nfc.normalize('NFD'))
      expect(folded).toBe('dong chi vu manh hai')
      expect(map).toHaveLength(folded.length + 1)
      const at = folded.indexOf('manh')
      expect(nfc.slice(map[at], map[at + 'manh'.length])).toBe('Mạnh')
    })

    it('should fold the whole article paragraph exactly like fold()', () => {
      expect(foldWithMap(PARAGRAPH).folded).toBe(fold(PARAGRAPH))
    })

    it("should fold Đ's look-alike and invisible characters like fold(), mapping to the text", () => {
      const text = '\ufeffHội thảo tại \u00d0à Nẵ\u200bng, chuyển\u00ad đổi số\ufeff mới '
      const { folded, map } = foldWithMap(text)
      expect(folded).toBe(fold(text))
      expect(folded).toBe('hoi thao tai da nang, chuyen doi so moi')
      const at = folded.indexOf('da nang')
      expect(text.slice(map[at], map[at + 'da nang'.length])).toBe('\u00d0à Nẵ\u200bng')
    })
  })

  describe('makeSnippet', () => {
    it('should show the accented original around an unaccented query, cut on words', () => {
      expect(makeSnippet({ text: PARAGRAPH, terms: searchTerms('pho giam doc'), radius: 30 })).toBe(
        '…tra có ông Đoàn Văn Minh, Phó Giám đốc Sở Nội vụ, Trưởng đoàn cùng…',
      )
    })

    it('should return NFC text around a match in decomposed (NFD) text', () => {
      const snippet = makeSnippet({
        text: PARAGRAPH.normalize('NFD'),
        terms: searchTerms('VU MANH HAI'),
        radius: 30,
      })
      expect(snippet).toBe('…quản lý Khu kinh tế có ông Vũ Mạnh Hải, Phó Trưởng Ban và lãnh đạo…')
    })

    it('should prefer the whole query as a phrase over an earlier single term', () => {
      // "vu" alone first occurs in "Sở Nội vụ", well before "Vũ Mạnh Hải".
      expect(makeSnippet({ text: PARAGRAPH, terms: ['vu', 'manh', 'hai'], radius: 10 })).toBe(
        '…tế có ông Vũ Mạnh Hải, Phó…',
      )
      expect(makeSnippet({ text: PARAGRAPH, terms: ['hai', 'vu'], radius: 10 })).toBe(
        '…Sở Nội vụ, Trưởng…',
      )
    })

    it('should omit the ellipsis at the start and end of the text', () => {
      expect(makeSnippet({ text: PARAGRAPH, terms: searchTerms('ngay 08/7'), radius: 20 })).toBe(
        'Ngày 08/7, Đoàn kiểm tra công…',
      )
      expect(makeSnippet({ text: PARAGRAPH, terms: ['chuyen mon'], radius: 20 })).toBe(
        '…lãnh đạo các phòng chuyên môn.',
      )
      expect(makeSnippet({ text: 'Sở Nội vụ', terms: ['noi'] })).toBe('Sở Nội vụ')
    })

    it('should find a document number and collapse line breaks in the excerpt', () => {
      const text = 'Căn cứ\n\nKế hoạch số 82/KH-BQLKKT ngày 14/2/2020\nvề CCHC năm 2021 của Ban.'
      expect(makeSnippet({ text, terms: searchTerms('82/kh-bqlkkt'), radius: 16 })).toBe(
        '…cứ Kế hoạch số 82/KH-BQLKKT ngày 14/2/2020…',
      )
    })

    it('should return the beginning of the text when nothing matches', () => {
      expect(makeSnippet({ text: PARAGRAPH, terms: ['xyz'], radius: 20 })).toBe(
        'Ngày 08/7, Đoàn kiểm tra công tác cải…',
      )
      expect(makeSnippet({ text: PARAGRAPH, terms: [], radius: 20 })).toBe(
        'Ngày 08/7, Đoàn kiểm tra công tác cải…',
      )
      expect(makeSnippet({ text: '', terms: ['x'] })).toBe('')
    })

    it('should keep the radius around the match by default at about 80 characters a side', () => {
      const snippet = makeSnippet({ text: PARAGRAPH, terms: ['vu manh hai'] })
      expect(snippet).toBe(
        '…đoàn cùng các thành viên trong đoàn. Về phía Ban quản lý Khu kinh tế có ông Vũ Mạnh Hải, Phó Trưởng Ban và lãnh đạo các phòng chuyên môn.',
      )
    })
  })

  describe('scoreHit', () => {
    const terms = searchTerms('Sở Nội vụ')
    const hits = [
      { id: 'body-some', title: 'Hội nghị tổng kết', body: 'Đại diện Sở Tài chính dự họp.' },
      { id: 'body-all', title: 'Hội nghị tổng kết', body: 'Đại diện Sở Nội vụ dự họp.' },
      { id: 'title-all', title: 'Hội nghị của Sở Nội vụ tỉnh', body: '' },
      { id: 'prefix', title: 'Sở Nội vụ tổ chức hội nghị', body: '' },
      { id: 'exact', title: 'SỞ NỘI VỤ', body: null },
      { id: 'none', title: 'Ban Quản lý Khu kinh tế', body: 'Kế hoạch 82/KH-BQLKKT.' },
    ]

    it('should rank exact title, title prefix, all terms in title, all in body, then some', () => {
      const ranked = hits
        .map((hit) => ({
          id: hit.id,
          score: scoreHit({ title: hit.title, body: hit.body, terms }),
        }))
        .filter((hit) => hit.score > 0)
        .sort((a, b) => b.score - a.score)
        .map((hit) => hit.id)
      expect(ranked).toEqual(['exact', 'prefix', 'title-all', 'body-all', 'body-some'])
    })

    it('should return 0 when no term matches anywhere or there are no terms', () => {
      expect(scoreHit({ title: 'Ban Quản lý Khu kinh tế', body: 'Kế hoạch.', terms })).toBe(0)
      expect(scoreHit({ title: 'Sở Nội vụ', body: 'Sở Nội vụ', terms: [] })).toBe(0)
      expect(scoreHit({ title: null, body: undefined, terms })).toBe(0)
    })

    it('should weigh a term in the title far above the same term in the body', () => {
      const one = searchTerms('kiểm tra')
      const inTitle = scoreHit({ title: 'Đoàn kiểm tra làm việc', body: '', terms: one })
      const inBody = scoreHit({ title: 'Đoàn công tác làm việc', body: PARAGRAPH, terms: one })
      expect(inTitle).toBeGreaterThan(inBody)
      expect(inBody).toBeGreaterThan(0)
    })

    it('should match document numbers and ignore case and diacritics', () => {
      const numbered = searchTerms('82/kh-bqlkkt')
      expect(
        scoreHit({ title: 'Kế hoạch 82/KH-BQLKKT', body: '', terms: numbered }),
      ).toBeGreaterThan(
        scoreHit({ title: 'Kế hoạch', body: 'Theo Kế hoạch số 82/KH-BQLKKT.', terms: numbered }),
      )
      expect(scoreHit({ title: 'Kế hoạch', body: '', terms: ['KE', 'HOẠCH'] })).toBe(
        scoreHit({ title: 'ke hoach', body: '', terms: ['ke', 'hoach'] }),
      )
    })

    it('should rank a whole-word title match above a match inside a longer word', () => {
      // "tin" is a word in the first title and only part of "tỉnh" in the second.
      const one = searchTerms('tin')
      expect(scoreHit({ title: 'Bản tin của tỉnh', body: '', terms: one })).toBeGreaterThan(
        scoreHit({ title: 'Báo cáo của tỉnh', body: '', terms: one }),
      )
    })
  })
})
