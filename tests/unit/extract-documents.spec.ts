import { readFileSync } from 'node:fs'

import { extract, extractDocuments, kindFromCode } from '@/lib/extract'

const FIXTURE = readFileSync(
  `${process.cwd()}/content/articles/kiem-tra-cong-tac-cai-cach-hanh-chinh-tai-ban-quan-ly-khu-kinh-te.txt`,
  'utf8',
)

const BQLKKT = 'Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp Quảng Ngãi'

describe('extractDocuments', () => {
  it('should read every document the fixture article cites, with dates and issuer', () => {
    expect(extractDocuments(FIXTURE)).toEqual([
      { kind: 'Kế hoạch', number: '82/KH-BQLKKT', issuedOn: '2020-02-14', issuer: null },
      { kind: 'Kế hoạch', number: '83/KH-BQLKKT', issuedOn: '2020-12-28', issuer: null },
      { kind: 'Kế hoạch', number: '11/KH-BQLKKT', issuedOn: '2021-01-25', issuer: null },
      { kind: 'Kế hoạch', number: '40/KH-BQLKKT', issuedOn: '2021-05-13', issuer: null },
      { kind: 'Kế hoạch', number: '24/KH-BQLKKT', issuedOn: '2021-03-03', issuer: null },
      {
        kind: 'văn bản',
        number: '2158/UBND-KTTH',
        issuedOn: '2021-06-28',
        issuer: 'Ủy ban nhân dân tỉnh',
      },
    ])
  })

  it('should name the issuer from a known organization whose document code matches', () => {
    const { documents } = extract(FIXTURE, {
      organizations: [{ name: BQLKKT, shortName: 'BQL KKT', documentCode: 'BQLKKT' }],
    })
    expect(documents.map((d) => [d.number, d.issuer])).toEqual([
      ['82/KH-BQLKKT', BQLKKT],
      ['83/KH-BQLKKT', BQLKKT],
      ['11/KH-BQLKKT', BQLKKT],
      ['40/KH-BQLKKT', BQLKKT],
      ['24/KH-BQLKKT', BQLKKT],
      // the text names this issuer, which wins over the code
      ['2158/UBND-KTTH', 'Ủy ban nhân dân tỉnh'],
    ])
  })

  it('should try the whole issuer code, then its first part, against known organizations', () => {
    const organizations = [
      { name: 'Ủy ban nhân dân tỉnh Quảng Ngãi', shortName: 'UBND tỉnh', documentCode: 'UBND' },
      { name: 'Sở Nội vụ tỉnh Quảng Ngãi', documentCode: 'SNV' },
    ]
    expect(
      extractDocuments('Thực hiện văn bản số 2158/UBND-KTTH ngày 28/6/2021 và số 12/TTr-SNV.', {
        organizations,
      }),
    ).toEqual([
      {
        kind: 'văn bản',
        number: '2158/UBND-KTTH',
        issuedOn: '2021-06-28',
        issuer: 'Ủy ban nhân dân tỉnh Quảng Ngãi',
      },
      {
        kind: 'Tờ trình',
        number: '12/TTr-SNV',
        issuedOn: null,
        issuer: 'Sở Nội vụ tỉnh Quảng Ngãi',
      },
    ])
  })

  it('should read numbers in every shape as written and dates in every format', () => {
    const text =
      'Căn cứ Thông tư số 15/2023/TT-BNV ngày 20/10/2023 của Bộ Nội vụ; Nghị quyết số 05/NQ-HĐND ' +
      'ngày 5 tháng\n3 năm 2021 của Hội đồng nhân dân tỉnh; Quyết định số 12a/QĐ-UBND ngày 14.02.2020; ' +
      'Quyết định số 1234/QĐ-UBND&SNV ngày 14-02-2020.'
    expect(extractDocuments(text)).toEqual([
      { kind: 'Thông tư', number: '15/2023/TT-BNV', issuedOn: '2023-10-20', issuer: 'Bộ Nội vụ' },
      {
        kind: 'Nghị quyết',
        number: '05/NQ-HĐND',
        issuedOn: '2021-03-05',
        issuer: 'Hội đồng nhân dân tỉnh',
      },
      { kind: 'Quyết định', number: '12a/QĐ-UBND', issuedOn: '2020-02-14', issuer: null },
      { kind: 'Quyết định', number: '1234/QĐ-UBND&SNV', issuedOn: '2020-02-14', issuer: null },
    ])
  })

  it('should take a date and issuer given before the reference in the same sentence', () => {
    expect(
      extractDocuments(
        'Ngày 3/4/2021, UBND tỉnh ban hành Kế hoạch số 45/KH-UBND về cải cách hành chính.',
      ),
    ).toEqual([
      { kind: 'Kế hoạch', number: '45/KH-UBND', issuedOn: '2021-04-03', issuer: 'UBND tỉnh' },
    ])
  })

  it('should not give a date that belongs to another document to the next reference', () => {
    const text =
      'Thực hiện Quyết định số 1234/QĐ-UBND ngày 05/8/2022 của Chủ tịch UBND tỉnh, Sở Nội vụ đã ' +
      'ban hành Kế hoạch số 112/KH-SNV triển khai thực hiện.'
    expect(extractDocuments(text)).toEqual([
      { kind: 'Quyết định', number: '1234/QĐ-UBND', issuedOn: '2022-08-05', issuer: 'UBND tỉnh' },
      { kind: 'Kế hoạch', number: '112/KH-SNV', issuedOn: null, issuer: 'Sở Nội vụ' },
    ])
  })

  it('should read year-first legal numbers and their issuers', () => {
    expect(
      extractDocuments(
        'Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư và Luật số 80/2015/QH13.',
      ),
    ).toEqual([
      { kind: 'Nghị định', number: '30/2020/NĐ-CP', issuedOn: '2020-03-05', issuer: 'Chính phủ' },
      { kind: 'Luật', number: '80/2015/QH13', issuedOn: null, issuer: null },
    ])
  })

  it('should read a law named between its kind and its number', () => {
    expect(
      extractDocuments('Căn cứ Luật Cán bộ, công chức số 22/2008/QH12 ngày 13/11/2008.'),
    ).toEqual([{ kind: 'Luật', number: '22/2008/QH12', issuedOn: '2008-11-13', issuer: null }])
  })

  it('should read a document header "Số: …" with the date on the place line', () => {
    expect(
      extractDocuments(
        'UBND TỈNH QUẢNG NGÃI\nSỞ NỘI VỤ\nSố: 45/KH-SNV\nQuảng Ngãi, ngày 05 tháng 3 năm 2021\nKẾ HOẠCH',
      ),
    ).toEqual([{ kind: 'Kế hoạch', number: '45/KH-SNV', issuedOn: '2021-03-05', issuer: null }])
  })

  it('should name the Prime Minister and turn an official into their agency as issuer', () => {
    expect(
      extractDocuments(
        'Chỉ thị số 05/CT-TTg ngày 23/02/2023 của Thủ tướng Chính phủ; Quyết định số 99/QĐ-UBND ' +
          'ngày 1/2/2024 của Chủ tịch UBND tỉnh.',
      ),
    ).toEqual([
      {
        kind: 'Chỉ thị',
        number: '05/CT-TTg',
        issuedOn: '2023-02-23',
        issuer: 'Thủ tướng Chính phủ',
      },
      { kind: 'Quyết định', number: '99/QĐ-UBND', issuedOn: '2024-02-01', issuer: 'UBND tỉnh' },
    ])
  })

  it('should read Party document numbers', () => {
    expect(
      extractDocuments('Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.'),
    ).toEqual([
      { kind: 'Nghị quyết', number: '57-NQ/TW', issuedOn: '2024-12-22', issuer: 'Bộ Chính trị' },
    ])
  })

  it('should keep one entry per number, merging the richest details', () => {
    const text =
      'Kế hoạch số 45/KH-UBND về cải cách hành chính. Sau đó, Kế hoạch số 45/KH-UBND ngày ' +
      '10/3/2023 của UBND tỉnh được bổ sung.'
    expect(extractDocuments(text)).toEqual([
      { kind: 'Kế hoạch', number: '45/KH-UBND', issuedOn: '2023-03-10', issuer: 'UBND tỉnh' },
    ])
  })

  it('should give later numbers of a list their kind', () => {
    expect(
      extractDocuments(
        'Kế hoạch số 82/KH-BQLKKT, 83/KH-BQLKKT và 84/KH-BQLKKT đã được triển khai.',
      ).map((d) => [d.kind, d.number]),
    ).toEqual([
      ['Kế hoạch', '82/KH-BQLKKT'],
      ['Kế hoạch', '83/KH-BQLKKT'],
      ['Kế hoạch', '84/KH-BQLKKT'],
    ])
  })

  it('should ignore fractions, list numbering and bare dates', () => {
    expect(
      extractDocuments(
        'Tỷ lệ đạt 19/20 chỉ tiêu; 3/ Tình hình thực hiện; ngày 14/2/2020 là ngày lễ; COVID-19; tỉ lệ 1/100.000 người.',
      ),
    ).toEqual([])
  })

  it('should read decomposed (NFD) text and answer in NFC', () => {
    const docs = extractDocuments(
      'Kế hoạch số 45/KH-UBND ngày 10/3/2023 của Ủy ban nhân dân tỉnh.'.normalize('NFD'),
    )
    expect(docs).toEqual([
      {
        kind: 'Kế hoạch',
        number: '45/KH-UBND',
        issuedOn: '2023-03-10',
        issuer: 'Ủy ban nhân dân tỉnh',
      },
    ])
    expect(docs[0]?.kind).toBe('Kế hoạch'.normalize('NFC'))
  })
})

describe('kindFromCode', () => {
  it('should map type letters of a number or code to the document type', () => {
    expect(
      ['82/KH-BQLKKT', 'QĐ-UBND', '15/2023/TT-BNV', '57-NQ/TW', '12/TTr-SNV', '45/BC-UBND'].map(
        kindFromCode,
      ),
    ).toEqual(['Kế hoạch', 'Quyết định', 'Thông tư', 'Nghị quyết', 'Tờ trình', 'Báo cáo'])
    expect(
      ['33/HD-SNV', '7/TB-UBND', '5/CT-UBND', '3/NĐ-CP', '1/CĐ-TTg'].map(kindFromCode),
    ).toEqual(['Hướng dẫn', 'Thông báo', 'Chỉ thị', 'Nghị định', 'Công điện'])
  })

  it('should treat a code without type letters as an administrative letter and QH as a law', () => {
    expect(kindFromCode('2158/UBND-KTTH')).toBe('Công văn')
    expect(kindFromCode('1/CV-SNV')).toBe('Công văn')
    expect(kindFromCode('80/2015/QH13')).toBe('Luật')
  })

  it('should return null for something that is not a code', () => {
    expect(kindFromCode('x')).toBeNull()
    expect(kindFromCode('')).toBeNull()
  })
})
