/**
 * Word lists a clerk carries in their head: family names, offices, kinds of agencies and the
 * vocabulary agency names are built from. Entries are written as they appear in modern
 * Vietnamese; lookups go through `normWord` so old tone placement ("Uỷ", "hoà") matches too.
 */

/** Vietnamese family names, lowercase NFC with tones (tones matter: "Phòng" is an office, "Phong" a name). */
export const FAMILY_NAMES: ReadonlySet<string> = new Set(
  (
    'nguyễn trần lê phạm hoàng huỳnh phan vũ võ vương đặng bùi đỗ hồ ngô dương lý đoàn đinh lâm mai ' +
    'trịnh lương hà tạ cao châu trương đào tô tôn thái triệu từ tăng kiều khúc khổng lưu lục mạc ' +
    'nghiêm ninh nông phùng phí quan quách tống thân thạch trình uông viên vi la lã lại lò lường sầm ' +
    'hầu hứa giang giáp diệp đậu chu chế cù cung doãn dư mã âu bạch bế cầm chung đàm điêu đồng hàn ' +
    'khương kha lạc lăng liêu lỗ mẫn ngụy nhữ ôn phương tào thi tiêu trà vòng xa giàng sùng thào ' +
    'vàng mùa hờ lù lầu ksor siu rơ nay đường đổng biện bồ lư thều ưng yên hàng kim khuất ' +
    // more surnames of the Hmong, Dao, Tày, Thái, Khmer and Tây Nguyên peoples
    'vừ chảo tẩn bàn quàng đèo mào lỡ ma hạng pờ cứ chẻo điểu danh kpă rcom rmah hoàng rah ' +
    'puih chau néang ka tòng bạc tráng sần chìu khà ngôn nịnh lộc lãnh chẩu mông ' +
    // rarer Kinh surnames
    'mạch chiêm chử cấn đới điền khâu lều ngọ nhâm nhan quản trác vưu vy bì cái cam cổ đan ' +
    'hướng khiếu mã nhạc bàng giản thiều ân đồ hầu ngạc phó'
  ).split(' '),
)

/**
 * Folded capitalised phrases that look like personal names but are places or historical figures a
 * staff directory must not collect (Hồ Chí Minh is also a city and appears in "Chủ tịch Hồ Chí Minh").
 */
export const NOT_PEOPLE: ReadonlySet<string> = new Set([
  'ho chi minh',
  'thanh pho ho chi minh',
  'tran van thoi',
  'viet nam',
  'quang ngai',
  'ha noi',
  'ha nam',
  'ha tinh',
  'ha giang',
  'ha tien',
  'ha long',
  'ha dong',
  'ly son',
  'lam dong',
  'cao bang',
  'dong nai',
  'dong thap',
  'dong hoi',
  'dong ha',
  'mai son',
  'mai chau',
  'chau thanh',
  'chau doc',
  'phan thiet',
  'phan rang',
  'hoang sa',
  'truong sa',
  'tra bong',
  'tra vinh',
  'luong son',
  'ho tram',
  'vu quang',
  'dinh lap',
  'ha trung',
  'hoang mai',
  'dung quat',
  'giang thanh',
  'cao lanh',
  'thai binh',
  'thai nguyen',
  'thai hoa',
  'lang son',
  'ninh binh',
  'ninh thuan',
  'dang ha',
  'tan binh',
  // historical figures whose names are streets, wards and schools ("phường Lê Hồng Phong")
  'le hong phong',
  'tran hung dao',
  'nguyen nghiem',
  'tran phu',
  'nguyen du',
  'phan boi chau',
  'phan chu trinh',
  'ly thuong kiet',
  'nguyen trai',
  'tran quoc toan',
  'tran quoc tuan',
  'le thanh ton',
  'le thanh tong',
  'nguyen hue',
  'nguyen thai hoc',
  'vo nguyen giap',
  'pham van dong',
  'ton duc thang',
  'truong chinh',
  'le duan',
  'nguyen van cu',
  'nguyen van troi',
  'vo thi sau',
  'nguyen thi minh khai',
  'nguyen cong tru',
  'huynh thuc khang',
  'le trung dinh',
  'truong dinh',
  'nguyen tri phuong',
  'ba trieu',
  'hai ba trung',
  'le loi',
  'le lai',
  'dinh tien hoang',
  'ly thai to',
  'ngo quyen',
  'phan dinh phung',
  'nguyen chi thanh',
  'le van tam',
  'cu chinh lan',
  'kim dong',
  'vo van kiet',
  'nguyen tat thanh',
  'ho xuan huong',
  'nguyen dinh chieu',
  'chu van an',
  'luong the vinh',
  'le quy don',
  'le khiet',
  'bui thi xuan',
  'tran cao van',
  'nguyen huu tho',
  'ha huy tap',
  'nguyen trung truc',
  'nguyen van cu',
  'tran quang khai',
  'tran nhan tong',
  'ly tu trong',
  'hoang hoa tham',
  'phan dinh giot',
  'hoang van thu',
  'tran van on',
  'nguyen thi dinh',
  'mac dinh chi',
  'nguyen binh khiem',
  'nguyen van linh',
  'tran thi ly',
  'hoang dieu',
  'dao duy tu',
  'nguyen khuyen',
  'ton that tung',
  'ho tung mau',
  'trieu quang phuc',
  'ly nam de',
  'le dai hanh',
  'tran khanh du',
  'ngo gia tu',
  'nguyen duc canh',
  'nguyen viet xuan',
  'dinh bo linh',
  'tran binh trong',
  'pham ngu lao',
  'pham hong thai',
  'luong van can',
  'nguyen an ninh',
  'to hieu',
  'to vinh dien',
  'be van dan',
  'la van cau',
  'phan huy chu',
  'nguyen huu canh',
  'lo van gia',
  'tran dai nghia',
  'nguyen thi thap',
  'le thi hong gam',
  'nguyen van huyen',
  'dang thai mai',
  'tran quoc thao',
  'hoang quoc viet',
  'nguyen luong bang',
  'ton duc thang',
  'le hong son',
  'ha huy giap',
  'nguyen phong sac',
  'tran van tra',
  'nguyen tri phuong',
  'huynh tan phat',
  'nguyen hong dao',
  'dong khoi',
  'cach mang thang tam',
])

/**
 * Provinces and centrally run cities (folded), before and after the 2025 merger. After "tỉnh" a
 * capitalised run that opens with a family name is a place only when it is one of these:
 * "Chủ tịch UBND tỉnh Hà Giang" names a province, "Chủ tịch UBND tỉnh Trần Châu" a person.
 */
export const PROVINCES: ReadonlySet<string> = new Set(
  (
    'an giang|ba ria - vung tau|ba ria vung tau|bac giang|bac kan|bac lieu|bac ninh|ben tre|binh dinh|' +
    'binh duong|binh phuoc|binh thuan|ca mau|cao bang|dak lak|dak nong|dien bien|dong nai|' +
    'dong thap|gia lai|ha giang|ha nam|ha tinh|hai duong|hau giang|hoa binh|hung yen|khanh hoa|' +
    'kien giang|kon tum|lai chau|lam dong|lang son|lao cai|long an|nam dinh|nghe an|ninh binh|' +
    'ninh thuan|phu tho|phu yen|quang binh|quang nam|quang ngai|quang ninh|quang tri|soc trang|' +
    'son la|tay ninh|thai binh|thai nguyen|thanh hoa|thua thien hue|hue|tien giang|tra vinh|' +
    'tuyen quang|vinh long|vinh phuc|yen bai|ha noi|hai phong|da nang|can tho|ho chi minh'
  ).split('|'),
)

/** Types of agency names; each decides what may follow the head word(s). */
export type HeadType =
  /** a complete name on its own: "Chính phủ", "Bộ Chính trị" */
  | 'fixed'
  /** a party committee, complete alone or followed by a place: "Tỉnh ủy", "Huyện ủy Bình Sơn" */
  | 'party'
  /** needs a level or parent: "UBND tỉnh", "Công an huyện Bình Sơn", "Thanh tra Sở Nội vụ" */
  | 'level'
  /** needs a proper name: "Sở Nội vụ", "Ban Quản lý Khu kinh tế", "Phòng Nội vụ huyện X" */
  | 'named'
  /** a school, whose proper name may be a person's name: "Trường THPT Nguyễn Công Trứ" */
  | 'school'

export type HeadDef = {
  type: HeadType
  /** may itself contain sub-units ("Văn phòng UBND tỉnh", "Ban Tuyên giáo Tỉnh ủy") and be one */
  parent?: boolean
  /** a party body whose members are titled "Ủy viên …" (Ban Thường vụ, Ban Chấp hành, Bộ Chính trị) */
  partyBody?: boolean
  /** the first name component must start with one of these lowercase words ("Bộ Nội vụ", not "Bộ Chỉ số") */
  firstWords?: ReadonlySet<string>
  /** the name part must be a known vocabulary phrase ("Vụ Tổ chức cán bộ", not "Vụ Đông Xuân") */
  vocabOnly?: boolean
  /**
   * the name may be a lowercase description closed by a level ("Ban Chỉ đạo phòng, chống dịch
   * tỉnh", "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh")
   */
  descriptive?: boolean
  /** a level head that needs an explicit level ("Đoàn xã Bình Châu"): "Đoàn" is also a family name */
  levelOnly?: boolean
}

const MINISTRY_WORDS = new Set(
  'nội tài kế công quốc ngoại tư nông giao xây thông lao văn khoa giáo y dân tài'.split(' '),
)

const head = (type: HeadType, extra: Omit<HeadDef, 'type'> = {}): HeadDef => ({ type, ...extra })

/** Heads of agency names, written as in running text. Longest match wins. */
export const ORG_HEADS: ReadonlyArray<[string, HeadDef]> = [
  ['Chính phủ', head('fixed', { parent: true })],
  ['Quốc hội', head('fixed', { parent: true })],
  ['Bộ Chính trị', head('fixed', { partyBody: true })],
  ['Ban Bí thư', head('fixed', { partyBody: true })],
  ['Ban Chấp hành Trung ương', head('fixed', { partyBody: true })],
  ['Ban Chấp hành Trung ương Đảng', head('fixed', { partyBody: true })],
  ['BCH Trung ương', head('fixed', { partyBody: true })],
  ['Trung ương Đảng', head('fixed', { partyBody: true, parent: true })],
  ['Ủy ban Thường vụ Quốc hội', head('fixed', { parent: true })],
  ['Kiểm toán Nhà nước', head('fixed')],
  ['Thanh tra Chính phủ', head('fixed')],
  ['Văn phòng Chính phủ', head('fixed')],
  ['Văn phòng Quốc hội', head('fixed')],
  ['Văn phòng Chủ tịch nước', head('fixed')],
  ['Ngân hàng Nhà nước Việt Nam', head('fixed')],
  ['Ngân hàng Nhà nước', head('level')],
  ['Tòa án nhân dân tối cao', head('fixed')],
  ['Viện Kiểm sát nhân dân tối cao', head('fixed')],
  ['Bảo hiểm xã hội Việt Nam', head('fixed')],
  ['Tổng Liên đoàn Lao động Việt Nam', head('fixed')],
  ['Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam', head('fixed')],
  ['Mặt trận Tổ quốc Việt Nam', head('level')],
  ['Tỉnh ủy', head('party', { parent: true })],
  ['Thành ủy', head('party', { parent: true })],
  ['Huyện ủy', head('party', { parent: true })],
  ['Thị ủy', head('party', { parent: true })],
  ['Quận ủy', head('party', { parent: true })],
  ['TU', head('party', { parent: true })],
  ['Tỉnh đoàn', head('party')],
  ['Thành đoàn', head('party')],
  ['Huyện đoàn', head('party')],
  ['Đảng ủy', head('level', { parent: true })],
  ['Đảng bộ', head('level', { parent: true })],
  ['Ủy ban nhân dân', head('level', { parent: true })],
  ['UBND', head('level', { parent: true })],
  ['Hội đồng nhân dân', head('level', { parent: true })],
  ['HĐND', head('level', { parent: true })],
  ['Thường trực HĐND', head('level', { parent: true })],
  ['Thường trực Hội đồng nhân dân', head('level', { parent: true })],
  ['Ủy ban Mặt trận Tổ quốc Việt Nam', head('level', { parent: true })],
  ['Ủy ban Mặt trận Tổ quốc', head('level', { parent: true })],
  ['Ủy ban MTTQ Việt Nam', head('level', { parent: true })],
  ['Ủy ban MTTQVN', head('level', { parent: true })],
  ['Ủy ban MTTQ', head('level', { parent: true })],
  ['UBMTTQ Việt Nam', head('level', { parent: true })],
  ['UBMTTQVN', head('level', { parent: true })],
  ['UBMTTQ', head('level', { parent: true })],
  ['Mặt trận Tổ quốc', head('level', { parent: true })],
  ['MTTQ', head('level', { parent: true })],
  ['MTTQVN', head('level', { parent: true })],
  ['Ban Thường vụ', head('level', { partyBody: true })],
  ['BTV', head('level', { partyBody: true })],
  ['Thường vụ', head('level', { partyBody: true })],
  ['Ban Chấp hành', head('level', { partyBody: true })],
  ['BCH', head('level', { partyBody: true })],
  ['Ủy ban Kiểm tra', head('level')],
  ['UBKT', head('level')],
  ['Công an', head('level', { parent: true })],
  ['Đoàn', head('level', { levelOnly: true })],
  ['Tòa án nhân dân', head('level')],
  ['TAND', head('level')],
  ['Viện Kiểm sát nhân dân', head('level')],
  ['VKSND', head('level')],
  ['Bộ Chỉ huy Quân sự', head('level')],
  ['Ban Chỉ huy Quân sự', head('level')],
  ['Bộ Chỉ huy Bộ đội Biên phòng', head('level')],
  ['Bộ đội Biên phòng', head('level')],
  ['Bảo hiểm xã hội', head('level')],
  ['BHXH', head('level')],
  ['Kho bạc Nhà nước', head('level')],
  ['KBNN', head('level')],
  ['Liên đoàn Lao động', head('level')],
  ['LĐLĐ', head('level')],
  ['Hội Nông dân', head('level')],
  ['Hội Liên hiệp Phụ nữ', head('level')],
  ['Hội LHPN', head('level')],
  ['Hội Cựu chiến binh', head('level')],
  ['Hội Chữ thập đỏ', head('level')],
  ['Đoàn Thanh niên', head('level')],
  ['Đoàn TNCS Hồ Chí Minh', head('level')],
  ['Đoàn Thanh niên Cộng sản Hồ Chí Minh', head('level')],
  ['Đoàn Đại biểu Quốc hội', head('party', { parent: true })],
  ['Đoàn ĐBQH', head('party', { parent: true })],
  ['Thanh tra', head('level', { parent: true })],
  ['Cục Thuế', head('level')],
  ['Cục Thống kê', head('level')],
  ['Cục Hải quan', head('level')],
  ['Chi cục Thuế', head('level')],
  ['Đài Phát thanh và Truyền hình', head('level')],
  ['Đài PT-TH', head('level')],
  ['Đài PT&TH', head('level')],
  ['Sở', head('named', { parent: true })],
  ['Bộ', head('named', { parent: true, firstWords: MINISTRY_WORDS })],
  ['Bộ Tư lệnh', head('named')],
  ['Đội', head('named')],
  ['Chi bộ', head('level')],
  ['Chi đoàn', head('level')],
  ['Ban', head('named', { parent: true })],
  ['Ban Quản lý', head('named', { descriptive: true })],
  ['Ban Quản lý dự án', head('named', { descriptive: true })],
  ['BQL', head('named', { descriptive: true })],
  ['BQL dự án', head('named', { descriptive: true })],
  ['Ủy ban', head('named', { descriptive: true, parent: true })],
  ['Ban Chỉ đạo', head('named', { descriptive: true })],
  ['Ban Chỉ huy', head('named', { descriptive: true })],
  ['Tổ công tác', head('named', { descriptive: true })],
  ['Ban Tổ chức', head('named', { parent: true })],
  ['Phòng', head('named')],
  ['Cục', head('named', { parent: true })],
  ['Chi cục', head('named')],
  ['Tổng cục', head('named', { parent: true })],
  ['Vụ', head('named', { vocabOnly: true })],
  ['Trung tâm', head('named')],
  ['Viện', head('named')],
  ['Bệnh viện', head('named')],
  ['Hội', head('named')],
  ['Hội đồng', head('named', { descriptive: true })],
  ['Công ty', head('named')],
  ['Tổng Công ty', head('named')],
  ['Ngân hàng', head('named')],
  ['Quỹ', head('named')],
  ['Văn phòng', head('named')],
  ['Đài', head('named')],
  ['Báo', head('named')],
  ['Hợp tác xã', head('named')],
  ['Liên minh Hợp tác xã', head('level')],
  ['Học viện', head('school')],
  ['Đại học', head('school')],
  ...[
    'THPT',
    'THCS',
    'TH',
    'MN',
    'PTDTNT',
    'PTDTBT',
    'TH&THCS',
    'THCS&THPT',
    'Tiểu học',
    'Mầm non',
    'Mẫu giáo',
    'Đại học',
    'Cao đẳng',
    'Trung cấp',
    'Chính trị',
    'Phổ thông',
    'Trung học',
    'Trung học phổ thông',
    'Trung học cơ sở',
    'Phổ thông Dân tộc nội trú',
    'Dân tộc nội trú',
    'Bồi dưỡng',
    'Quân sự',
  ].map((kind): [string, HeadDef] => [`Trường ${kind}`, head('school')]),
]

/** Administrative levels; what follows them is a place name. */
export const ADMIN_LEVELS: ReadonlyArray<string> = [
  'tỉnh',
  'huyện',
  'xã',
  'phường',
  'quận',
  'thị xã',
  'thị trấn',
  'thành phố',
  'đặc khu',
  'TP',
  'thôn',
  'tổ dân phố',
  'khu dân cư',
  'khu phố',
]

/**
 * Phrases agency names are built from ("Sở Kế hoạch và Đầu tư", "Phòng Tổ chức cán bộ"), so a
 * capitalised word may carry its lowercase remainder. Lowercase words outside these phrases end a
 * name: in "Sở Nội vụ tổ chức hội nghị" the verb "tổ chức" follows a complete component.
 */
export const ORG_PHRASES: ReadonlyArray<string> = (
  'nội vụ|tài chính|kế hoạch|đầu tư|giáo dục|đào tạo|y tế|tư pháp|xây dựng|công thương|' +
  'giao thông vận tải|giao thông|vận tải|nông nghiệp|phát triển nông thôn|phát triển|nông thôn|' +
  'tài nguyên|môi trường|thông tin|truyền thông|văn hóa|thể thao|du lịch|lao động|thương binh|' +
  'xã hội|khoa học|công nghệ|ngoại vụ|ngoại giao|dân tộc|tôn giáo|khu kinh tế|khu công nghiệp|' +
  'kinh tế|quản lý|hành chính công|hành chính|tổ chức cán bộ|tổ chức|cán bộ|công chức|viên chức|' +
  'thi đua|khen thưởng|văn thư|lưu trữ|cải cách hành chính|thanh tra|nội chính|tuyên giáo|' +
  'dân vận|kiểm tra|kiểm soát thủ tục hành chính|tổng hợp|công nghiệp|dịch vụ|quy hoạch|' +
  'nghiệp vụ|doanh nghiệp|phục vụ hành chính công|phát thanh|truyền hình|chuyển đổi số|' +
  'xúc tiến đầu tư|xúc tiến|hỗ trợ|chính trị|quân sự|biên phòng|thủy lợi|kiểm lâm|thủy sản|' +
  'chăn nuôi|thú y|đất đai|đăng ký đất đai|đô thị|dân số|nông dân|phụ nữ|cựu chiến binh|' +
  'thanh niên|công đoàn|hợp tác xã|trẻ em|khuyến học|chữ thập đỏ|đa khoa|y học cổ truyền|' +
  'pháp chế|ngân sách|thống kê|thuế|phòng chống thiên tai|an toàn thực phẩm|an ninh|quốc phòng|' +
  'kỹ thuật|nước sạch|y tế dự phòng|kiểm soát bệnh tật|bồi dưỡng|giáo dục nghề nghiệp|' +
  'giáo dục thường xuyên|chính sách xã hội|hợp tác quốc tế|viễn thông|bưu chính|báo chí|' +
  'xuất bản|công nghệ thông tin|bảo tồn|di tích|bảo tàng|thư viện|văn học nghệ thuật|' +
  'kế toán|kiểm toán|nhà nước|trung ương|địa phương|chính quyền địa phương|tiền lương|' +
  'công tác xã hội|bảo trợ xã hội|người có công|việc làm|an toàn giao thông|cảnh sát|' +
  'quản lý thị trường|tìm kiếm cứu nạn|phòng cháy chữa cháy|cứu nạn cứu hộ|điều tra|' +
  'hải quan|kho bạc|bảo hiểm|đối ngoại|truyền thông|thông tin điện tử|đô thị|môi trường|' +
  'an ninh chính trị nội bộ|an ninh chính trị|an ninh kinh tế|xây dựng chính quyền|' +
  'công tác thanh niên|công tác|cảnh sát giao thông|cảnh sát điều tra|quản lý hành chính|' +
  'quản lý đô thị|kinh tế hạ tầng|hạ tầng|ngân sách nhà nước|văn hóa xã hội|tài chính kế hoạch|' +
  'kế hoạch tài chính|tuyên truyền|dân chủ|pháp luật|phổ biến giáo dục pháp luật|' +
  'bồi thường|giải phóng mặt bằng|tái định cư|phát triển quỹ đất|quỹ đất|khai thác|' +
  'thủy lợi|đê điều|khí tượng thủy văn|lâm nghiệp|trồng trọt|bảo vệ thực vật|' +
  'điều hành|thông tin điện tử|tiếp công dân|xử lý đơn thư|giám định|pháp y|' +
  'sản nhi|mắt|da liễu|tâm thần|lao|phổi|nội tiết|ung bướu|y dược|dược|tư vấn|' +
  'công an|khoa giáo|văn xã|hội nghị|triển lãm|hội chợ|thể dục thể thao|huấn luyện|giáo dục quốc phòng|' +
  'quốc gia|khuyến nông|khuyến công|nước sạch|vệ sinh môi trường|thi hành án|thi hành án dân sự'
).split('|')

/** Offices. `head` is the index of the word where an embedded agency starts ("Trưởng Ban …"). */
export type TitleDef = {
  canon: string
  /** index (in words) of an agency head inside the title: "Trưởng phòng Nội vụ" → Phòng Nội vụ */
  head?: number
  /** "Ủy viên": followed by a party body it is membership, not an office of that body */
  membership?: boolean
  /** a complete membership title with no organization ("Tỉnh ủy viên", "TVTU") */
  complete?: boolean
  /** an office in an ad-hoc delegation, not of an agency ("Trưởng đoàn") */
  delegation?: boolean
  /** an abbreviation, recognised only in capitals ("PCT", "TVTU") */
  abbr?: boolean
}

type BaseTitle = [canon: string, extra?: Omit<TitleDef, 'canon'>]

/** Offices that also exist as deputies ("Phó …"). */
const DEPUTY_TITLES: BaseTitle[] = [
  ['Chủ tịch'],
  ['Chủ tịch nước'],
  ['Giám đốc'],
  ['Tổng Giám đốc'],
  ['Bí thư'],
  ['Trưởng Ban', { head: 1 }],
  ['Trưởng phòng', { head: 1 }],
  ['Chánh Văn phòng', { head: 1 }],
  ['Chánh Thanh tra', { head: 1 }],
  ['Chánh án'],
  ['Viện trưởng'],
  ['Cục trưởng'],
  ['Tổng cục trưởng'],
  ['Chi cục trưởng'],
  ['Vụ trưởng'],
  ['Thủ tướng'],
  ['Hiệu trưởng'],
  ['Chủ nhiệm'],
  ['Trưởng đoàn', { head: 1, delegation: true }],
  ['Tư lệnh'],
  ['Chính ủy'],
  ['Chỉ huy trưởng'],
  ['Tổng Thư ký'],
  ['Trưởng khoa'],
  ['Trưởng Công an', { head: 1 }],
  ['Đội trưởng'],
  ['Tổng Biên tập'],
  ['Trưởng thôn'],
  ['Giám đốc Điều hành'],
]

/** Acting heads ("Quyền Giám đốc") hold the office in the directory's sense. */
const ACTING_TITLES: BaseTitle[] = [
  ['Quyền Giám đốc'],
  ['Quyền Chánh Văn phòng', { head: 2 }],
  ['Quyền Trưởng phòng', { head: 2 }],
  ['Quyền Trưởng Ban', { head: 2 }],
  ['Quyền Chủ tịch'],
  ['Quyền Chánh Thanh tra', { head: 2 }],
  ['Quyền Cục trưởng'],
  ['Quyền Chi cục trưởng'],
  ['Quyền Hiệu trưởng'],
]

const OTHER_TITLES: BaseTitle[] = [
  ...ACTING_TITLES,
  ['Tổng Bí thư'],
  ['Bộ trưởng'],
  ['Thứ trưởng'],
  ['Phó Ban', { head: 1 }],
  ['Ủy viên', { membership: true }],
  ['Tỉnh ủy viên', { complete: true }],
  ['Huyện ủy viên', { complete: true }],
  ['Thành ủy viên', { complete: true }],
  ['Đảng ủy viên', { complete: true }],
  ['Đại biểu Quốc hội', { complete: true }],
  ['Thành viên', { delegation: true }],
  ['Thường trực Ban Bí thư', { complete: true }],
  ['Chuyên viên'],
  ['Kế toán trưởng'],
  ['Tổ trưởng'],
]

/** Abbreviated offices as printed in captions and lists. */
export const TITLE_ABBREVIATIONS: ReadonlyArray<[string, TitleDef]> = (
  [
    ['PCT', { canon: 'Phó Chủ tịch' }],
    ['PGĐ', { canon: 'Phó Giám đốc' }],
    ['GĐ', { canon: 'Giám đốc' }],
    ['PBT', { canon: 'Phó Bí thư' }],
    ['UV', { canon: 'Ủy viên', membership: true }],
    ['TVTU', { canon: 'Ủy viên Ban Thường vụ Tỉnh ủy', complete: true }],
    ['UVBTVTU', { canon: 'Ủy viên Ban Thường vụ Tỉnh ủy', complete: true }],
    ['UVTVTU', { canon: 'Ủy viên Ban Thường vụ Tỉnh ủy', complete: true }],
    ['UVBTV', { canon: 'Ủy viên Ban Thường vụ', membership: true }],
    ['TUV', { canon: 'Tỉnh ủy viên', complete: true }],
    ['HUV', { canon: 'Huyện ủy viên', complete: true }],
    ['ĐBQH', { canon: 'Đại biểu Quốc hội', complete: true }],
  ] as Array<[string, TitleDef]>
).map(([abbr, def]): [string, TitleDef] => [abbr, { ...def, abbr: true }])

export const TITLES: ReadonlyArray<[string, TitleDef]> = [
  ...[...DEPUTY_TITLES, ...OTHER_TITLES].map(([canon, extra]): [string, TitleDef] => [
    canon,
    { canon, ...extra },
  ]),
  ...DEPUTY_TITLES.map(([canon, extra]): [string, TitleDef] => [
    `Phó ${canon}`,
    {
      canon: `Phó ${canon}`,
      ...extra,
      ...(extra?.head === undefined ? {} : { head: extra.head + 1 }),
    },
  ]),
  ...TITLE_ABBREVIATIONS,
]

/** Abbreviations expanded when a party body becomes part of a membership title. */
export const PARTY_ABBREVIATIONS: Readonly<Record<string, string>> = {
  BTV: 'Ban Thường vụ',
  BCH: 'Ban Chấp hành',
  TU: 'Tỉnh ủy',
  HU: 'Huyện ủy',
  TW: 'Trung ương',
}

/** Military ranks, academic degrees and honours printed before a name (never a position). */
export const NAME_PREFIXES: ReadonlyArray<string> = [
  'Bà mẹ Việt Nam Anh hùng',
  'Mẹ Việt Nam Anh hùng',
  'Anh hùng Lực lượng vũ trang nhân dân',
  'Anh hùng Lao động',
  'Anh hùng',
  'Liệt sĩ',
  'Nghệ nhân Nhân dân',
  'Nghệ nhân Ưu tú',
  'Nghệ nhân',
  'Già làng',
  'Thầy giáo',
  'Cô giáo',
  'Nhà thơ',
  'Nhà văn',
  'Nhạc sĩ',
  'Họa sĩ',
  'Đại tướng',
  'Thượng tướng',
  'Trung tướng',
  'Thiếu tướng',
  'Đại tá',
  'Thượng tá',
  'Trung tá',
  'Thiếu tá',
  'Đại úy',
  'Thượng úy',
  'Trung úy',
  'Thiếu úy',
  'Luật sư',
  'Nhà báo',
  'Nhà giáo Nhân dân',
  'Nhà giáo Ưu tú',
  'Nghệ sĩ Nhân dân',
  'Nghệ sĩ Ưu tú',
  'Thầy thuốc Nhân dân',
  'Thầy thuốc Ưu tú',
  'Bác sĩ',
  'Kỹ sư',
  'Tiến sĩ',
  'Thạc sĩ',
  'Giáo sư',
  'Phó Giáo sư',
]

/** Degree abbreviations ("PGS.TS", "ThS.") that may be chained with dots before a name. */
export const DEGREE_ABBREVIATIONS: ReadonlySet<string> = new Set(
  'gs pgs ts ths bs bsckii bscki cn ks ncs ds tskh nsnd nsưt ngnd ngưt ttnd ttưt'.split(' '),
)

/** Capitalised words that end an agency name in captions ("… Khu kinh tế - Ảnh: BBT"). */
export const ORG_STOP_WORDS: ReadonlySet<string> = new Set([
  'ảnh',
  'nguồn',
  'video',
  'clip',
  // "HĐND tỉnh Khóa XIV": the term of office, not part of the agency's name
  'khóa',
])
