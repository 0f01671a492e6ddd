/** The dashboard's words; Payload's own strings follow the admin language the same way. */
const vi = {
  approve: 'Duyệt và xuất bản',
  approved: 'Đã duyệt và xuất bản: {title}',
  cancel: 'Hủy',
  colActions: 'Thao tác',
  colDepartment: 'Đơn vị',
  colLatest: 'Trao đổi gần nhất',
  colNote: 'Trao đổi biên tập gần nhất',
  colState: 'Trạng thái duyệt',
  colSubmitted: 'Gửi duyệt',
  colTitle: 'Tiêu đề',
  colUpdated: 'Cập nhật',
  departmentEmpty: 'Đơn vị chưa có tin bài nào.',
  departmentIntro:
    'Tin bài của {department}, bài mới cập nhật ở trên. Cột cuối là ý kiến trao đổi mới nhất giữa người viết và Ban Biên tập.',
  departmentTitle: 'Tin bài của đơn vị',
  failed: 'Không thực hiện được: {message}',
  kindReply: 'Trả lời',
  kindReturn: 'Ban Biên tập trả lại',
  kindSubmit: 'Ghi chú khi gửi duyệt',
  locked:
    'Bài «{title}» đang được mở để sửa ở máy khác (khóa tự hết sau vài phút). Nếu chắc người viết đã xong, bấm "Vẫn thực hiện".',
  needNote: 'Hãy ghi ý kiến trả lại trước khi gửi.',
  newArticle: 'Viết bài mới',
  note: 'Ý kiến trả lại',
  override: 'Vẫn thực hiện',
  queueEmpty: 'Không có bài nào chờ duyệt.',
  queueIntro:
    'Bài các đơn vị đã gửi, chờ Ban Biên tập duyệt. Duyệt để xuất bản, hoặc trả lại kèm ý kiến.',
  queueTitle: 'Chờ duyệt',
  returnAction: 'Trả lại',
  returned: 'Đã trả lại kèm ý kiến: {title}',
  scheduledBoard: 'Ban Biên tập',
  scheduledBy: 'Người lên lịch',
  scheduledEmpty: 'Chưa có tin bài nào được hẹn giờ xuất bản hoặc gỡ.',
  scheduledIntro:
    'Tin bài được hẹn giờ xuất bản hoặc gỡ xuống, sớm nhất ở trên. Hẹn hoặc hủy trong trang sửa bài: mũi tên cạnh nút "Xuất bản tài liệu" → "Lịch xuất bản".',
  scheduledIntroDepartment:
    'Tin bài của đơn vị được Ban Biên tập hẹn giờ xuất bản hoặc gỡ xuống, sớm nhất ở trên.',
  scheduledPublish: 'Xuất bản',
  scheduledTime: 'Thời gian (giờ Việt Nam)',
  scheduledTitle: 'Đã lên lịch',
  scheduledType: 'Loại',
  scheduledUnpublish: 'Gỡ bài',
  sendReturn: 'Gửi trả lại',
  untitled: '(Chưa có tiêu đề)',
  viewAll: 'Xem tất cả tin bài',
}

export type DashboardText = typeof vi

const en: DashboardText = {
  approve: 'Approve and publish',
  approved: 'Approved and published: {title}',
  cancel: 'Cancel',
  colActions: 'Actions',
  colDepartment: 'Department',
  colLatest: 'Latest note',
  colNote: 'Latest editorial note',
  colState: 'Review',
  colSubmitted: 'Submitted',
  colTitle: 'Title',
  colUpdated: 'Updated',
  departmentEmpty: 'Your department has no articles yet.',
  departmentIntro:
    "{department}'s articles, latest first. The last column has the latest note between the author and the board.",
  departmentTitle: "Your department's articles",
  failed: 'Could not do it: {message}',
  kindReply: 'Reply',
  kindReturn: 'Returned by the board',
  kindSubmit: 'Note on submitting',
  locked:
    'Someone has “{title}” open for editing (the lock expires after a few minutes). If you are sure they are done, choose "Do it anyway".',
  needNote: 'Write a note before returning the article.',
  newArticle: 'New article',
  note: 'Note for the editor',
  override: 'Do it anyway',
  queueEmpty: 'Nothing is awaiting review.',
  queueIntro:
    'Articles departments submitted for review. Approve to publish, or return with a note.',
  queueTitle: 'Awaiting review',
  returnAction: 'Return',
  returned: 'Returned with a note: {title}',
  scheduledBoard: 'Editorial board',
  scheduledBy: 'Scheduled by',
  scheduledEmpty: 'No article is scheduled to be published or taken down.',
  scheduledIntro:
    'Articles scheduled to be published or taken down, soonest first. Schedule or cancel on the article: the arrow beside "Publish changes" → "Schedule Publish".',
  scheduledIntroDepartment:
    "Your department's articles the board scheduled to be published or taken down, soonest first.",
  scheduledPublish: 'Publish',
  scheduledTime: 'Time (Vietnam)',
  scheduledTitle: 'Scheduled',
  scheduledType: 'Type',
  scheduledUnpublish: 'Take down',
  sendReturn: 'Send back',
  untitled: '(Untitled)',
  viewAll: 'All articles',
}

export const dashboardText = (language: string | undefined): DashboardText =>
  language === 'en' ? en : vi

/** Fills `{name}` placeholders. */
export const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
