import { readFileSync } from 'node:fs'

import { extract, extractOrganizations } from '@/lib/extract'

const FIXTURE = readFileSync(
  `${process.cwd()}/content/articles/kiem-tra-cong-tac-cai-cach-hanh-chinh-tai-ban-quan-ly-khu-kinh-te.txt`,
  'utf8',
)

const KNOWN = [
  {
    name: 'Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi',
    shortName: 'BQL KKT',
    documentCode: 'BQLKKT',
  },
  { name: 'Sở Nội vụ tỉnh Quảng Ngãi', shortName: 'Sở Nội vụ', documentCode: 'SNV' },
]

describe('extractOrganizations', () => {
  it('should list the agencies of the fixture article once each', () => {
    expect(extractOrganizations(FIXTURE)).toEqual([
      { name: 'Ban Quản lý Khu kinh tế tỉnh' },
      { name: 'Sở Nội vụ' },
      { name: 'Ủy ban nhân dân tỉnh' },
    ])
  })

  it('should use canonical names of known organizations found by code or short name', () => {
    expect(extract(FIXTURE, { organizations: KNOWN }).organizations).toEqual([
      { name: 'Ban Quản lý Khu kinh tế tỉnh' },
      { name: 'Sở Nội vụ tỉnh Quảng Ngãi' },
      { name: 'Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi' },
      { name: 'Ủy ban nhân dân tỉnh' },
    ])
  })

  it('should match known codes as whole words only', () => {
    expect(
      extractOrganizations('BQLKKT đã triển khai kế hoạch. SNV và Sở Nội vụ cùng tham gia.', {
        organizations: KNOWN,
      }),
    ).toEqual([
      { name: 'Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi' },
      { name: 'Sở Nội vụ tỉnh Quảng Ngãi' },
    ])
    expect(
      extractOrganizations('Mã SNVX và BQLKKTX không phải mã.', { organizations: KNOWN }),
    ).toEqual([])
  })

  it('should read agencies of every level and stop before a person', () => {
    expect(
      extractOrganizations(
        'Sở Nội vụ phối hợp với Sở Tài chính, Văn phòng UBND tỉnh, Công an tỉnh và UBND huyện Bình Sơn. ' +
          'Trưởng phòng Nội vụ huyện Sơn Hà; Trường THPT Trần Quốc Tuấn; Hội đồng nhân dân tỉnh; Tỉnh ủy; ' +
          'Bộ Nội vụ; Chính phủ; Chủ tịch UBND tỉnh Nguyễn Văn An.',
      ),
    ).toEqual([
      { name: 'Sở Nội vụ' },
      { name: 'Sở Tài chính' },
      { name: 'Văn phòng UBND tỉnh' },
      { name: 'Công an tỉnh' },
      { name: 'UBND huyện Bình Sơn' },
      { name: 'Phòng Nội vụ huyện Sơn Hà' },
      { name: 'Trường THPT Trần Quốc Tuấn' },
      { name: 'Hội đồng nhân dân tỉnh' },
      { name: 'Tỉnh ủy' },
      { name: 'Bộ Nội vụ' },
      { name: 'Chính phủ' },
      { name: 'UBND tỉnh' },
    ])
  })

  it('should read multi-part names and not swallow the verb after a name', () => {
    expect(
      extractOrganizations(
        'Sở Kế hoạch và Đầu tư tổ chức hội nghị với Sở Văn hóa, Thể thao và Du lịch, Sở Lao động - ' +
          'Thương binh và Xã hội và Ban Tuyên giáo Tỉnh ủy.',
      ),
    ).toEqual([
      { name: 'Sở Kế hoạch và Đầu tư' },
      { name: 'Sở Văn hóa, Thể thao và Du lịch' },
      { name: 'Sở Lao động - Thương binh và Xã hội' },
      { name: 'Ban Tuyên giáo Tỉnh ủy' },
    ])
  })

  it('should not take issuer codes inside document numbers, headings in capitals or generic words', () => {
    expect(
      extractOrganizations(
        'ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 4074/KH-UBND Loại văn bản; Nghị quyết số 04-NQ/TU. ' +
          'Ban quản lý đã xây dựng kế hoạch; lãnh đạo các phòng chuyên môn và Ban Giám đốc.',
      ),
    ).toEqual([])
  })

  it('should read decomposed (NFD) text and answer in NFC', () => {
    expect(extractOrganizations('Ủy ban nhân dân tỉnh và Sở Nội vụ'.normalize('NFD'))).toEqual([
      { name: 'Ủy ban nhân dân tỉnh' },
      { name: 'Sở Nội vụ' },
    ])
  })
})
