import {
  fold,
  foldWhereOn,
  includesFolded,
  normalizeDeep,
  numberedSlug,
  searchKeyOf,
  slugify,
  toNFC,
} from '@/lib/vietnamese'

describe('Vietnamese text utilities', () => {
  it('should slugify the seed title exactly', () => {
    expect(slugify('Kiểm tra công tác cải cách hành chính tại Ban quản lý Khu kinh tế')).toBe(
      'kiem-tra-cong-tac-cai-cach-hanh-chinh-tai-ban-quan-ly-khu-kinh-te',
    )
  })

  it('should map đ and Đ to d and strip every tone', () => {
    expect(slugify('Đoàn Văn Minh — Phó Giám đốc Sở Nội vụ')).toBe(
      'doan-van-minh-pho-giam-doc-so-noi-vu',
    )
    expect(slugify('Ủy ban nhân dân tỉnh Quảng Ngãi')).toBe('uy-ban-nhan-dan-tinh-quang-ngai')
  })

  it('should slugify decomposed (NFD) input the same as composed input', () => {
    const title = 'Hội nghị tổng kết năm 2023'
    expect(slugify(title.normalize('NFD'))).toBe(slugify(title))
  })

  it("should read Đ's look-alikes as d and drop invisible characters", () => {
    expect(fold('\u00d0ỗ Văn \u00d0ức')).toBe('do van duc')
    expect(fold('\u00f0ồng chí \u0189inh')).toBe('dong chi dinh')
    expect(fold('Nẵ\u200bng chuyển\u00ad đổi\u2060 số\ufeff \u200cmới\u200d')).toBe(
      'nang chuyen doi so moi',
    )
    expect(slugify('Hội thảo tại \u00d0à Nẵ\u200bng')).toBe('hoi-thao-tai-da-nang')
  })

  it('should fold case, tones, đ and Unicode form to one key', () => {
    expect(fold('ĐOÀN VĂN MINH')).toBe('doan van minh')
    expect(fold('Đoàn Văn Minh'.normalize('NFD'))).toBe('doan van minh')
    expect(includesFolded('Ban Quản lý Khu kinh tế tỉnh', 'quan ly khu KINH te')).toBe(true)
    expect(includesFolded('Sở Nội vụ', 'so tai chinh')).toBe(false)
  })

  it('should NFC-normalize strings deep inside objects and arrays', () => {
    const nfd = 'Kế hoạch'.normalize('NFD')
    const out = normalizeDeep({ a: nfd, b: [nfd, { c: nfd }], n: 3, d: null })
    expect(out).toEqual({ a: toNFC(nfd), b: [toNFC(nfd), { c: toNFC(nfd) }], n: 3, d: null })
    expect(out.a).not.toBe(nfd)
    expect(out.a.length).toBeLessThan(nfd.length)
  })

  it('should make one search key of several texts, skipping empty ones', () => {
    expect(searchKeyOf(['Nguyễn Văn Bình', null, '  ', 'Phó Giám đốc Sở Nội vụ'])).toBe(
      'nguyen van binh pho giam doc so noi vu',
    )
    expect(searchKeyOf(['45/KH-UBND', 'Kế hoạch chuyển đổi số'])).toBe(
      '45/kh-ubnd ke hoach chuyen doi so',
    )
  })

  it('should fold what a query compares the search key to, at any depth, and nothing else', () => {
    const where = {
      and: [
        { department: { equals: 'Sở Nội vụ' } },
        { or: [{ searchKey: { like: 'NGUYỄN Văn' } }, { searchKey: { exists: true } }] },
      ],
    }
    expect(foldWhereOn(where, 'searchKey')).toEqual({
      and: [
        { department: { equals: 'Sở Nội vụ' } },
        { or: [{ searchKey: { like: 'nguyen van' } }, { searchKey: { exists: true } }] },
      ],
    })
    expect(where.and[1]!.or![0]!.searchKey!.like).toBe('NGUYỄN Văn')
  })

  it('should number a taken slug within the 200-character cap, the base first', () => {
    expect(numberedSlug('nguyen-van-an', 1)).toBe('nguyen-van-an')
    expect(numberedSlug('nguyen-van-an', 2)).toBe('nguyen-van-an-2')
    const long = slugify(`${'Ủy ban nhân dân '.repeat(12)}tỉnh`)
    expect(long.length).toBeGreaterThan(195)
    const tenth = numberedSlug(long, 10)
    expect(tenth.length).toBeLessThanOrEqual(200)
    expect(tenth).toMatch(/[a-z]-10$/)
    expect(tenth).not.toBe(numberedSlug(long, 1))
  })
})
