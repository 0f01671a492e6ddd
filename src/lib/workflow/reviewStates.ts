/** An article's review states, with their admin labels (enforceWorkflow moves between them). */
export const REVIEW_STATES = [
  { label: { en: 'Draft', vi: 'Bản nháp' }, value: 'draft' },
  { label: { en: 'Submitted for review', vi: 'Chờ duyệt' }, value: 'submitted' },
  { label: { en: 'Returned', vi: 'Trả lại' }, value: 'returned' },
  { label: { en: 'Published', vi: 'Đã xuất bản' }, value: 'published' },
]
