/** Deterministic Vietnamese text for test fixtures and the bench corpus: no randomness, so reruns build the same file. */

const SURNAMES = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
]
const MIDDLE = [
  'Văn',
  'Thị',
  'Hữu',
  'Đức',
  'Minh',
  'Thanh',
  'Quốc',
  'Ngọc',
  'Mạnh',
  'Xuân',
  'Hồng',
  'Công',
]
const GIVEN = [
  'Minh',
  'Hải',
  'Hùng',
  'Lan',
  'Hương',
  'Dũng',
  'Tuấn',
  'Hà',
  'Nam',
  'Phúc',
  'Thảo',
  'Long',
  'Sơn',
  'Trang',
  'Quang',
  'Bình',
  'Hạnh',
  'Khánh',
  'Linh',
  'Tâm',
]
const TITLES = [
  'Giám đốc',
  'Phó Giám đốc',
  'Trưởng phòng',
  'Phó Trưởng phòng',
  'Chánh Văn phòng',
  'Trưởng Ban',
  'Phó Trưởng Ban',
  'Chủ tịch',
  'Phó Chủ tịch',
  'Chuyên viên',
]
const AGENCIES = [
  'Sở Nội vụ',
  'Sở Tài chính',
  'Sở Kế hoạch và Đầu tư',
  'Sở Xây dựng',
  'Sở Tư pháp',
  'Sở Y tế',
  'Sở Giáo dục và Đào tạo',
  'Sở Công Thương',
  'Sở Tài nguyên và Môi trường',
  'Sở Giao thông vận tải',
  'Sở Nông nghiệp và Phát triển nông thôn',
  'Sở Thông tin và Truyền thông',
  'Sở Văn hóa, Thể thao và Du lịch',
  'Sở Lao động - Thương binh và Xã hội',
  'Ban Quản lý Khu kinh tế tỉnh',
  'Thanh tra tỉnh',
  'Văn phòng UBND tỉnh',
  'Ủy ban nhân dân huyện',
  'Ủy ban nhân dân thị xã',
  'Ủy ban nhân dân xã',
]
const UNITS = [
  'Phòng Tổ chức cán bộ',
  'Phòng Kế hoạch - Tài chính',
  'Văn phòng',
  'Phòng Quản lý doanh nghiệp',
  'Phòng Quản lý quy hoạch',
  'Trung tâm Phục vụ hành chính công',
  'Phòng Cải cách hành chính',
  'Phòng Pháp chế',
]
const SUBJECTS = [
  'cải cách hành chính',
  'chuyển đổi số',
  'thu hút đầu tư',
  'phòng chống thiên tai',
  'xây dựng nông thôn mới',
  'an toàn giao thông',
  'bảo vệ môi trường',
  'phát triển du lịch',
  'giải ngân vốn đầu tư công',
  'an sinh xã hội',
  'phòng chống tham nhũng',
  'phổ biến giáo dục pháp luật',
]
const OPENINGS = [
  'Ngày {d}/{m}, {org} tổ chức hội nghị triển khai công tác {subject} năm {y}.',
  'Sáng {d}/{m}, Đoàn công tác của {org} do {person}, {title}, làm trưởng đoàn đã có buổi làm việc về {subject}.',
  'Thực hiện Kế hoạch số {plan} ngày {d}/{m}/{y}, {org} đã kiểm tra tình hình thực hiện nhiệm vụ {subject} tại các đơn vị trực thuộc.',
  'Chiều {d}/{m}, {person}, {title} {org}, chủ trì cuộc họp đánh giá kết quả {subject} sáu tháng đầu năm.',
]
const MIDDLES = [
  'Tại buổi làm việc, các đại biểu đã thảo luận, đánh giá những kết quả đạt được, chỉ ra các tồn tại, hạn chế và nguyên nhân trong quá trình tổ chức thực hiện.',
  'Theo báo cáo, trong thời gian qua đơn vị đã ban hành đầy đủ các văn bản chỉ đạo, điều hành; công tác tuyên truyền được triển khai thường xuyên, đa dạng về hình thức.',
  'Việc ứng dụng công nghệ thông tin trong giải quyết thủ tục hành chính tiếp tục được đẩy mạnh, tỷ lệ hồ sơ trực tuyến toàn trình đạt trên {pct}%.',
  'Đoàn kiểm tra ghi nhận những nỗ lực của tập thể lãnh đạo, công chức, viên chức trong việc nâng cao chất lượng phục vụ người dân và doanh nghiệp.',
  'Bên cạnh những kết quả đạt được, vẫn còn một số khó khăn, vướng mắc về cơ chế, chính sách, nguồn nhân lực và cơ sở vật chất cần được tháo gỡ kịp thời.',
  'Các ý kiến tham luận tập trung làm rõ giải pháp nâng cao hiệu quả phối hợp giữa các sở, ban, ngành và địa phương trong thời gian tới.',
  'Đến nay, đã có {n} hồ sơ được tiếp nhận và giải quyết đúng hạn, không có hồ sơ tồn đọng, quá hạn.',
]
const CLOSINGS = [
  'Phát biểu kết luận, {person} đề nghị các đơn vị tiếp tục quán triệt, triển khai nghiêm túc các nhiệm vụ, giải pháp đã đề ra, phấn đấu hoàn thành các chỉ tiêu kế hoạch năm {y}.',
  'Kết thúc buổi làm việc, Đoàn đã thống nhất các nội dung kiến nghị và giao {org} tổng hợp, báo cáo UBND tỉnh trước ngày {d}/{m}.',
  '{person} yêu cầu các phòng chuyên môn rà soát, khắc phục những tồn tại, hạn chế đã được chỉ ra, bảo đảm tiến độ và chất lượng công việc.',
]

export const pick = <T>(list: T[], n: number): T =>
  list[((n % list.length) + list.length) % list.length]

export const personName = (n: number): string =>
  `${pick(SURNAMES, n)} ${pick(MIDDLE, Math.floor(n / 16))} ${pick(GIVEN, Math.floor(n / 192))}${n >= 3840 ? ` ${pick(GIVEN, Math.floor(n / 3840) + 7)}` : ''}`

export const positionTitle = (n: number): string => pick(TITLES, n)

export const organizationName = (n: number): string =>
  n < AGENCIES.length
    ? AGENCIES[n]
    : `${pick(UNITS, n)} ${pick(AGENCIES, Math.floor(n / UNITS.length))} số ${n}`

export const subject = (n: number): string => pick(SUBJECTS, n)

export const planNumber = (n: number, code: string): string => `${n + 1}/KH-${code}`

const fill = (template: string, n: number, vars: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    if (key in vars) {
      return vars[key]
    }
    if (key === 'd') {
      return String((n % 28) + 1)
    }
    if (key === 'm') {
      return String((n % 12) + 1)
    }
    if (key === 'y') {
      return String(2018 + (n % 8))
    }
    if (key === 'pct') {
      return String(60 + (n % 40))
    }
    return String(100 + ((n * 37) % 5000))
  })

export const articleTitle = (n: number, org: string): string =>
  `${pick(['Kiểm tra công tác', 'Hội nghị triển khai', 'Sơ kết', 'Tổng kết', 'Đẩy mạnh'], n)} ${subject(n)} tại ${org} (${n})`

/** About 5–7 paragraphs, 2–3 KB, like a provincial news item. */
export const articleParagraphs = (
  n: number,
  vars: { org: string; person: string; plan: string; title: string },
): string[] => {
  const all = { ...vars, subject: subject(n) }
  const paragraphs = [fill(pick(OPENINGS, n), n, all)]
  const count = 4 + (n % 3)
  for (let i = 0; i < count; i += 1) {
    paragraphs.push(
      `${fill(pick(MIDDLES, n + i), n + i, all)} ${fill(pick(MIDDLES, n + i + 3), n + i, all)}`,
    )
  }
  paragraphs.push(fill(pick(CLOSINGS, n), n, all))
  return paragraphs
}

export const lexicalOf = (paragraphs: string[]): string =>
  JSON.stringify({
    root: {
      children: paragraphs.map((text) => ({
        children: [
          { detail: 0, format: 0, mode: 'normal', style: '', text, type: 'text', version: 1 },
        ],
        direction: 'ltr',
        format: '',
        indent: 0,
        textFormat: 0,
        textStyle: '',
        type: 'paragraph',
        version: 1,
      })),
      direction: 'ltr',
      format: '',
      indent: 0,
      type: 'root',
      version: 1,
    },
  })
