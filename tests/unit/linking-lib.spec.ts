import { periodYearOf, subjectOf } from '@/lib/documents/subject'
import { matchOrganization } from '@/lib/link/organizations'

describe('subjects of cited documents', () => {
  const text =
    'Ban quản lý đã xây dựng và triển khai Kế hoạch số 82/KH-BQLKKT ngày 14/2/2020 về thực hiện công tác CCHC nhà nước tại BQLKKT tỉnh năm 2021; Kế hoạch số 83/KH-BQLKKT ngày 28/12/2020 về hoạt động kiểm soát TTHC năm 2021; Kế hoạch số 11/KH-BQLKKT ngày 25/01/2021 về rà soát, đánh giá TTHC thuộc thẩm quyền giải quyết của BQLKKT tỉnh năm 2021; …'

  it('should take the words after "về" up to the semicolon', () => {
    expect(subjectOf(text, '82/KH-BQLKKT')).toBe(
      'thực hiện công tác CCHC nhà nước tại BQLKKT tỉnh năm 2021',
    )
    expect(subjectOf(text, '11/KH-BQLKKT')).toBe(
      'rà soát, đánh giá TTHC thuộc thẩm quyền giải quyết của BQLKKT tỉnh năm 2021',
    )
  })

  it('should accept a long date and "về việc"', () => {
    const other =
      'UBND tỉnh ban hành Kế hoạch số 45/KH-UBND ngày 5 tháng 3 năm 2021 về việc tổ chức Hội thi tìm hiểu pháp luật. Các sở triển khai.'
    expect(subjectOf(other, '45/KH-UBND')).toBe('tổ chức Hội thi tìm hiểu pháp luật')
  })

  it('should answer null when no subject follows the number', () => {
    expect(
      subjectOf(
        'Theo văn bản số 2158/UBND-KTTH ngày 28/6/2021, các đơn vị báo cáo.',
        '2158/UBND-KTTH',
      ),
    ).toBeNull()
    expect(subjectOf(text, '99/KH-X')).toBeNull()
  })

  it('should read the period year at the end of a subject', () => {
    expect(periodYearOf('hoạt động kiểm soát TTHC năm 2021')).toBe(2021)
    expect(periodYearOf('tổ chức Hội thi')).toBeNull()
  })
})

describe('matching written organization names to known ones', () => {
  const known = [
    { documentCode: 'BQLKKT', id: 1, name: 'Ban Quản lý Khu kinh tế tỉnh', shortName: 'BQLKKT' },
    { documentCode: 'SNV', id: 2, name: 'Sở Nội vụ', shortName: 'SNV' },
    { documentCode: 'UBND', id: 3, name: 'Ủy ban nhân dân tỉnh', shortName: 'UBND tỉnh' },
    { id: 4, name: 'Sở Tài chính' },
    { id: 5, name: 'Sở Tài nguyên và Môi trường' },
  ]

  it('should match by name ignoring case, tones and a trailing "tỉnh"', () => {
    expect(matchOrganization('Ban quản lý Khu kinh tế', known)?.id).toBe(1)
    expect(matchOrganization('SỞ NỘI VỤ', known)?.id).toBe(2)
    expect(matchOrganization('Ủy ban nhân dân', known)?.id).toBe(3)
  })

  it('should match by short name or document code', () => {
    expect(matchOrganization('BQLKKT', known)?.id).toBe(1)
    expect(matchOrganization('UBND tỉnh', known)?.id).toBe(3)
  })

  it('should not guess between two organizations that share a prefix', () => {
    expect(matchOrganization('Sở Tài', known)).toBeNull()
    expect(matchOrganization('Sở Tư pháp', known)).toBeNull()
  })
})
