import { documentIdentity, extract, extractDocuments, extractPeople } from '@/lib/extract'

const docs = (text: string) =>
  extractDocuments(text).map(({ kind, number, issuedOn }) => [kind, number, issuedOn])

const names = (text: string) => extractPeople(text).map((person) => person.name)

describe('document references in the forms of issue #17', () => {
  it('should read a number with no code after a written kind, urgency marks included', () => {
    expect(docs('Thực hiện Nghị quyết số 7 của Ban Chấp hành Đảng bộ tỉnh.')).toEqual([
      ['Nghị quyết', '7', null],
    ])
    expect(docs('UBND huyện ban hành Công văn hỏa tốc số 3456 yêu cầu ứng phó bão số 3.')).toEqual([
      ['Công văn', '3456', null],
    ])
    expect(docs('Quyết định 1345 ngày 12/10/2023 của UBND huyện công nhận 5 thôn.')).toEqual([
      ['Quyết định', '1345', '2023-10-12'],
    ])
  })

  it('should not take counts, storms or plans of years for numbers', () => {
    expect(docs('Bão số 3 làm 24/24 xã mất điện; Kế hoạch 2 năm của huyện, 2 lần/năm.')).toEqual([])
    expect(docs('Phát động Kế hoạch 100 ngày đêm thi đua.')).toEqual([])
  })

  it('should read the short forms "Nghị quyết 57 về …" and "Đề án 06."', () => {
    expect(docs('Thực hiện Nghị quyết 57 về đột phá khoa học và Đề án 06.')).toEqual([
      ['Nghị quyết', '57', null],
      ['Đề án', '06', null],
    ])
  })

  it('should read lists where the kind is written once', () => {
    expect(docs('Theo các Nghị quyết số 7, số 8 và số 9 của HĐND huyện.')).toEqual([
      ['Nghị quyết', '7', null],
      ['Nghị quyết', '8', null],
      ['Nghị quyết', '9', null],
    ])
    expect(
      docs('Các văn bản số 1120/UBND-KT ngày 4/5/2023 và số 1388/UBND-KT ngày 29/5/2023.'),
    ).toEqual([
      ['văn bản', '1120/UBND-KT', '2023-05-04'],
      ['văn bản', '1388/UBND-KT', '2023-05-29'],
    ])
    expect(
      docs(
        'Luật Ngân sách nhà nước số 01/2002/QH11 ngày 16/12/2002; số 83/2015/QH13 ngày 25/6/2015',
      ),
    ).toEqual([
      ['Luật', '01/2002/QH11', '2002-12-16'],
      ['Luật', '83/2015/QH13', '2015-06-25'],
    ])
  })

  it('should read dotted, lower case and stray-spaced codes, keeping case and dropping spaces', () => {
    expect(docs('Căn cứ Quyết định số 1123/QĐ.CT ngày 12/5/2021 của Chủ tịch UBND tỉnh')).toEqual([
      ['Quyết định', '1123/QĐ.CT', '2021-05-12'],
    ])
    expect(docs('Nghị định số 15/2018/nđ-cp ngày 2/2/2018 quy định chi tiết.')).toEqual([
      ['Nghị định', '15/2018/nđ-cp', '2018-02-02'],
    ])
    expect(docs('Quán triệt Kết luận số 45 -KL/TW ngày 1/2/2019 của Ban Bí thư.')).toEqual([
      ['Kết luận', '45-KL/TW', '2019-02-01'],
    ])
    expect(docs('tại Tờ trình số 473/TTr -\nNN&PTNT ngày 21/5/2007')).toEqual([
      ['Tờ trình', '473/TTr-NN&PTNT', '2007-05-21'],
    ])
  })

  it('should read joint circulars, year codes, laws and Party regulations', () => {
    expect(docs('Thông tư liên tịch số 09/2016/TTLT-BYT-BTC của Bộ Y tế và Bộ Tài chính.')).toEqual(
      [['Thông tư liên tịch', '09/2016/TTLT-BYT-BTC', null]],
    )
    expect(docs('Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15 có hiệu lực.')).toEqual([
      ['Luật', '64/2025/QH15', null],
    ])
    expect(docs('Báo cáo thẩm tra số 45/BC-HĐND ngày 4/12/2023 của Ban Pháp chế.')).toEqual([
      ['Báo cáo thẩm tra', '45/BC-HĐND', '2023-12-04'],
    ])
    expect(docs('Quy định số 37-QĐi/TW ngày 25/10/2021 của Bộ Chính trị.')).toEqual([
      ['Quy định', '37-QĐi/TW', '2021-10-25'],
    ])
  })

  it('should date a document only by a full date that qualifies it', () => {
    expect(
      docs('Quyết định số 256/QĐ-UBND ngày 10/02/2023 yêu cầu hoàn thành trước ngày 30/6/2023.'),
    ).toEqual([['Quyết định', '256/QĐ-UBND', '2023-02-10']])
    expect(
      docs('Ngày 15/3/2024, Sở Nội vụ tổ chức hội nghị triển khai Kế hoạch số 20/KH-SNV.'),
    ).toEqual([['Kế hoạch', '20/KH-SNV', null]])
    expect(docs('Ngày 12/4/2024, UBND tỉnh ban hành Kế hoạch số 98/KH-UBND.')).toEqual([
      ['Kế hoạch', '98/KH-UBND', '2024-04-12'],
    ])
    expect(docs('Thông báo số 315/TB-UBND ngày 22/8 về lịch tiếp công dân.')).toEqual([
      ['Thông báo', '315/TB-UBND', null],
    ])
    expect(docs('Kế hoạch số 143/KH-UBND được UBND tỉnh ban hành ngày 20/7/2024.')).toEqual([
      ['Kế hoạch', '143/KH-UBND', '2024-07-20'],
    ])
  })

  it('should keep two documents with the same bare number apart', () => {
    expect(docs('Nghị quyết số 7 và Chỉ thị số 7 của Tỉnh ủy.')).toEqual([
      ['Nghị quyết', '7', null],
      ['Chỉ thị', '7', null],
    ])
    expect(documentIdentity({ kind: 'Nghị quyết', number: '7' })).toBe('nghi quyet 7')
    expect(documentIdentity({ kind: 'Kết luận', number: '45 -KL/TW' })).toBe('45-kl/tw')
  })
})

describe('people in the forms of issue #17', () => {
  it('should read ethnic-minority names, Hmong "A" and Ê Đê "Y"/"H\'" included', () => {
    expect(names('Ông Giàng A Tủa, Bí thư Huyện ủy Mù Cang Chải trao quà.')).toEqual([
      'Giàng A Tủa',
    ])
    expect(names('Đồng chí Y Thanh Hà Niê Kđăm, Chủ tịch Hội đồng Dân tộc dự lễ.')).toEqual([
      'Y Thanh Hà Niê Kđăm',
    ])
    expect(
      names("Bà H' Yim Kđoh, Phó Bí thư Tỉnh ủy; bà Siu H'Mai, Chủ tịch Hội Nông dân xã."),
    ).toEqual(["H' Yim Kđoh", "Siu H'Mai"])
    expect(names("Ông Điểu K'Ré, Phó Chủ tịch UBND huyện Bù Gia Mập.")).toEqual(["Điểu K'Ré"])
  })

  it('should read two-syllable names beside an office and names of five or six syllables', () => {
    expect(names('Tổng Bí thư Tô Lâm làm việc với tỉnh.')).toEqual(['Tô Lâm'])
    expect(names('Chủ tịch UBND tỉnh Trần Châu kiểm tra hiện trường.')).toEqual(['Trần Châu'])
    expect(names('Chủ tịch UBND tỉnh Hà Giang kiểm tra hiện trường.')).toEqual([])
    expect(names('Bà Công Tằng Tôn Nữ Thị Phương, Phó Giám đốc Sở Văn hóa phát biểu.')).toEqual([
      'Công Tằng Tôn Nữ Thị Phương',
    ])
  })

  it('should read a person after a former office, without the office', () => {
    expect(extractPeople('Dự lễ có nguyên Chủ tịch UBND tỉnh Nguyễn Văn Thiện.')).toEqual([
      { name: 'Nguyễn Văn Thiện', honorific: null, positions: [] },
    ])
  })

  it('should end a place before a name that follows it', () => {
    const [person] = extractPeople('Chiều 17/8, Bí thư Huyện ủy Sìn Hồ Lù Văn Khang đối thoại.')
    expect(person).toMatchObject({
      name: 'Lù Văn Khang',
      positions: [{ title: 'Bí thư', organization: 'Huyện ủy Sìn Hồ' }],
    })
    expect(names('Phó Chủ tịch UBND tỉnh Y Ngọc khẳng định.')).toEqual(['Y Ngọc'])
  })

  it('should read hyphen-joined names as two people', () => {
    expect(names('Vợ chồng ông Lò Văn Pẩn - Lò Thị Xuân hiến đất làm đường.')).toEqual([
      'Lò Văn Pẩn',
      'Lò Thị Xuân',
    ])
    expect(names('Hai vận động viên Nguyễn Thị Oanh - Phạm Thị Huệ giành huy chương.')).toEqual([
      'Nguyễn Thị Oanh',
      'Phạm Thị Huệ',
    ])
  })

  it('should read a name after a list of titles and after honours', () => {
    const [person] = extractPeople(
      'Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy Lai Châu Giàng Páo Mỷ chủ trì buổi tiếp xúc cử tri.',
    )
    expect(person?.name).toBe('Giàng Páo Mỷ')
    expect(person?.positions).toEqual([
      { title: 'Ủy viên Trung ương Đảng', organization: null },
      { title: 'Bí thư', organization: 'Tỉnh ủy Lai Châu' },
    ])
    expect(names('Tấm gương mẹ Việt Nam Anh hùng Nguyễn Thị Thứ; Già làng A Ninh.')).toEqual([
      'Nguyễn Thị Thứ',
      'A Ninh',
    ])
  })

  it('should read a full name with no context, but not after a place word', () => {
    expect(names('Lò Văn Tiến cho biết, năm nay gia đình thu hoạch 3 tấn cà phê.')).toEqual([
      'Lò Văn Tiến',
    ])
    expect(names('Cử tri Trần Văn Mười kiến nghị sửa cầu treo.')).toEqual(['Trần Văn Mười'])
    expect(names('Tuyến phố đi bộ Trịnh Công Sơn đông du khách.')).toEqual([])
    expect(names('Tập đoàn Hoàng Anh Gia Lai đầu tư thêm 1.000 ha chuối.')).toEqual([])
    expect(names('Đường Nguyễn Văn Linh được mở rộng.')).toEqual([])
  })

  it('should know the surnames of Tây Nguyên, Khmer and Dao people', () => {
    expect(names('Chủ tịch UBND tỉnh Gia Lai Rah Lan Chung kiểm tra hồ chứa.')).toEqual([
      'Rah Lan Chung',
    ])
    expect(names('Ông Puih Hneo, Chủ tịch UBND xã; ông Chau Ty và bà Ka Hồng dự họp.')).toEqual([
      'Puih Hneo',
      'Chau Ty',
      'Ka Hồng',
    ])
  })

  it('should not take streets, wards, schools or bridges named after people for people', () => {
    for (const text of [
      'Dự án nâng cấp đường Lê Lợi và đường Trần Hưng Đạo sẽ hoàn thành.',
      'UBND phường Nguyễn Trung Trực tổ chức ra quân.',
      'Chủ tịch UBND xã Nguyễn Huệ cho biết toàn xã có 320 hộ nuôi tôm.',
      'Học sinh trường THCS Nguyễn Du dự lễ tại quảng trường Hồ Chí Minh.',
      'Cầu Trần Thị Lý được chiếu sáng nghệ thuật.',
    ]) {
      expect(extract(text).people).toEqual([])
    }
  })
})
