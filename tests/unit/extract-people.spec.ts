import { readFileSync } from 'node:fs'

import { extractPeople } from '@/lib/extract'

const FIXTURE = readFileSync(
  `${process.cwd()}/content/articles/kiem-tra-cong-tac-cai-cach-hanh-chinh-tai-ban-quan-ly-khu-kinh-te.txt`,
  'utf8',
)

describe('extractPeople', () => {
  it('should find the two officials of the fixture article with their offices', () => {
    expect(extractPeople(FIXTURE)).toEqual([
      {
        name: 'Đoàn Văn Minh',
        honorific: 'ông',
        positions: [
          { title: 'Phó Giám đốc', organization: 'Sở Nội vụ' },
          { title: 'Trưởng đoàn', organization: null },
        ],
      },
      {
        name: 'Vũ Mạnh Hải',
        honorific: 'ông',
        positions: [{ title: 'Phó Trưởng Ban', organization: 'Ban quản lý Khu kinh tế' }],
      },
    ])
  })

  it('should read an agency that repeats the head word of the office before it', () => {
    const offices = (text: string) => extractPeople(text).flatMap((person) => person.positions)
    expect(
      offices('Ông Nguyễn Văn Hùng, Phó Trưởng ban Ban Quản lý Khu kinh tế tỉnh, chủ trì.'),
    ).toEqual([{ title: 'Phó Trưởng Ban', organization: 'Ban Quản lý Khu kinh tế tỉnh' }])
    expect(offices('Ông Phạm Văn Bình, Chánh Văn phòng Văn phòng UBND tỉnh, cho biết.')).toEqual([
      { title: 'Chánh Văn phòng', organization: 'Văn phòng UBND tỉnh' },
    ])
    // Without the repetition the head word inside the office still begins the agency.
    expect(offices('Ông Lê Văn An, Phó Trưởng Ban Tuyên giáo Tỉnh ủy, dự họp.')).toEqual([
      { title: 'Phó Trưởng Ban', organization: 'Ban Tuyên giáo Tỉnh ủy' },
    ])
  })

  it('should read several offices after a name', () => {
    expect(
      extractPeople(
        'Dự có ông Đoàn Văn Minh, Phó Giám đốc Sở Nội vụ, Trưởng đoàn cùng các thành viên.',
      ),
    ).toEqual([
      {
        name: 'Đoàn Văn Minh',
        honorific: 'ông',
        positions: [
          { title: 'Phó Giám đốc', organization: 'Sở Nội vụ' },
          { title: 'Trưởng đoàn', organization: null },
        ],
      },
    ])
  })

  it('should read captions with a hyphen, an en dash or an em dash', () => {
    for (const dash of ['-', '–', '—']) {
      expect(extractPeople(`Đồng chí Lê Văn Cường ${dash} Giám đốc Sở Nội vụ phát biểu`)).toEqual([
        {
          name: 'Lê Văn Cường',
          honorific: 'đồng chí',
          positions: [{ title: 'Giám đốc', organization: 'Sở Nội vụ' }],
        },
      ])
    }
  })

  it('should read title-first forms without an honorific', () => {
    expect(
      extractPeople(
        'Thủ tướng Chính phủ Phạm Minh Chính chủ trì. Chủ tịch UBND tỉnh Nguyễn Văn An phát biểu. ' +
          'Phó Chủ tịch Thường trực HĐND tỉnh Trần Thị Bình dự.',
      ),
    ).toEqual([
      {
        name: 'Phạm Minh Chính',
        honorific: null,
        positions: [{ title: 'Thủ tướng', organization: 'Chính phủ' }],
      },
      {
        name: 'Nguyễn Văn An',
        honorific: null,
        positions: [{ title: 'Chủ tịch', organization: 'UBND tỉnh' }],
      },
      {
        name: 'Trần Thị Bình',
        honorific: null,
        positions: [{ title: 'Phó Chủ tịch Thường trực', organization: 'HĐND tỉnh' }],
      },
    ])
  })

  it('should read a list after "các đồng chí:" with party and state abbreviations', () => {
    expect(
      extractPeople(
        'Tham dự có các đồng chí: Nguyễn Văn An, TVTU, Phó Chủ tịch UBND tỉnh; Trần Thị Bình, Phó Chủ ' +
          'tịch Ủy ban MTTQ Việt Nam tỉnh; Lê Văn Cường, Ủy viên BCH Đảng bộ tỉnh, Chủ tịch HĐND huyện Sơn Tịnh.',
      ),
    ).toEqual([
      {
        name: 'Nguyễn Văn An',
        honorific: 'đồng chí',
        positions: [
          { title: 'Ủy viên Ban Thường vụ Tỉnh ủy', organization: null },
          { title: 'Phó Chủ tịch', organization: 'UBND tỉnh' },
        ],
      },
      {
        name: 'Trần Thị Bình',
        honorific: 'đồng chí',
        positions: [{ title: 'Phó Chủ tịch', organization: 'Ủy ban MTTQ Việt Nam tỉnh' }],
      },
      {
        name: 'Lê Văn Cường',
        honorific: 'đồng chí',
        positions: [
          { title: 'Ủy viên Ban Chấp hành Đảng bộ tỉnh', organization: null },
          { title: 'Chủ tịch', organization: 'HĐND huyện Sơn Tịnh' },
        ],
      },
    ])
  })

  it('should read a comma list of names after "Các đồng chí"', () => {
    expect(
      extractPeople('Các đồng chí Nguyễn Văn An, Trần Thị Bình và Lê Văn Cường được khen thưởng.'),
    ).toEqual([
      { name: 'Nguyễn Văn An', honorific: 'đồng chí', positions: [] },
      { name: 'Trần Thị Bình', honorific: 'đồng chí', positions: [] },
      { name: 'Lê Văn Cường', honorific: 'đồng chí', positions: [] },
    ])
  })

  it('should normalize honorifics to lowercase and Đ/c to đồng chí', () => {
    expect(
      extractPeople(
        'Ông Trần Văn Sơn phát biểu. Bà Nguyễn Thị Thu Hà cho biết. Đ/c Lê Văn Cường dự.',
      ).map((p) => [p.name, p.honorific]),
    ).toEqual([
      ['Trần Văn Sơn', 'ông'],
      ['Nguyễn Thị Thu Hà', 'bà'],
      ['Lê Văn Cường', 'đồng chí'],
    ])
  })

  it('should merge two mentions of one person without duplicating offices', () => {
    expect(
      extractPeople(
        'Đ/c Lê Văn Cường — Giám đốc Sở Nội vụ. Ông Lê Văn Cường, Giám đốc Sở Nội vụ, Trưởng Ban ' +
          'Thi đua - Khen thưởng tỉnh phát biểu.',
      ),
    ).toEqual([
      {
        name: 'Lê Văn Cường',
        honorific: 'đồng chí',
        positions: [
          { title: 'Giám đốc', organization: 'Sở Nội vụ' },
          { title: 'Trưởng Ban', organization: 'Ban Thi đua - Khen thưởng tỉnh' },
        ],
      },
    ])
  })

  it('should read ministers with their ministries', () => {
    expect(
      extractPeople(
        'Bà Nguyễn Thị Thu Hà - Thứ trưởng Bộ Nội vụ; ông Trần Văn Sơn – Bộ trưởng Bộ Tài chính.',
      ),
    ).toEqual([
      {
        name: 'Nguyễn Thị Thu Hà',
        honorific: 'bà',
        positions: [{ title: 'Thứ trưởng', organization: 'Bộ Nội vụ' }],
      },
      {
        name: 'Trần Văn Sơn',
        honorific: 'ông',
        positions: [{ title: 'Bộ trưởng', organization: 'Bộ Tài chính' }],
      },
    ])
  })

  it('should read an appointment "bổ nhiệm ông … giữ chức …"', () => {
    expect(
      extractPeople(
        'Chủ tịch UBND tỉnh trao Quyết định bổ nhiệm ông Lê Quang Vinh giữ chức Phó Giám đốc Sở Lao động - Thương binh và Xã hội.',
      ),
    ).toEqual([
      {
        name: 'Lê Quang Vinh',
        honorific: 'ông',
        positions: [{ title: 'Phó Giám đốc', organization: 'Sở Lao động - Thương binh và Xã hội' }],
      },
    ])
  })

  it('should never take agencies, places, offices or historical figures for people', () => {
    expect(
      extractPeople(
        'Ban Quản lý Khu kinh tế tỉnh Quảng Ngãi làm việc với Sở Nội vụ. Phó Trưởng Ban và Khu kinh tế ' +
          'Dung Quất. Học tập tư tưởng Chủ tịch Hồ Chí Minh. Đường Bà Triệu, tỉnh Bà Rịa - Vũng Tàu. ' +
          'Trường THPT Trần Quốc Tuấn khai giảng; Chủ tịch UBND phường Lê Hồng Phong cho biết.',
      ),
    ).toEqual([])
  })

  it('should keep a former office out of the directory', () => {
    expect(extractPeople('Ông Nguyễn Đức Tuy, nguyên Chủ tịch UBND tỉnh đã đến thăm.')).toEqual([
      { name: 'Nguyễn Đức Tuy', honorific: 'ông', positions: [] },
    ])
  })

  it('should read decomposed (NFD) text and answer in NFC', () => {
    const people = extractPeople('Ông Đoàn Văn Minh, Phó Giám đốc Sở Nội vụ'.normalize('NFD'))
    expect(people).toEqual([
      {
        name: 'Đoàn Văn Minh',
        honorific: 'ông',
        positions: [{ title: 'Phó Giám đốc', organization: 'Sở Nội vụ' }],
      },
    ])
  })
})
