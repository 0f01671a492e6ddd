import type { Field } from 'payload'

import type { AccessUser } from '../../../src/access'
import { isBoardField, isBoardUser } from '../../../src/access'
import { REVIEW_STATES } from '../../../src/lib/workflow/reviewStates'
import { slugs } from '../../../src/slugs'

export { REVIEW_STATES }

/** The states an editor may pick; enforceWorkflow refuses the others whatever the door. */
const EDITOR_CHOICES = new Set(['draft', 'submitted'])

const readOnlyStamp = (name: string, en: string, vi: string, type: 'date' | 'user'): Field =>
  type === 'date'
    ? {
        name,
        type: 'date',
        label: { en, vi },
        access: { update: () => false },
        admin: { date: { displayFormat: 'dd/MM/yyyy HH:mm' }, readOnly: true },
      }
    : {
        name,
        type: 'relationship',
        relationTo: slugs.users,
        label: { en, vi },
        access: { update: () => false },
        admin: { readOnly: true },
      }

/** The editorial workflow: draft → submitted → published, or → returned with the board's note. */
export const reviewFields: Field[] = [
  {
    name: 'reviewState',
    type: 'select',
    defaultValue: 'draft',
    index: true,
    options: REVIEW_STATES,
    // Editors are offered only what they may choose, plus the state the article is in.
    filterOptions: ({ data, options, req }) =>
      !req.user || isBoardUser(req.user as AccessUser)
        ? options
        : options.filter((option) => {
            const value = typeof option === 'string' ? option : option.value
            return EDITOR_CHOICES.has(value) || value === data?.reviewState
          }),
    label: { en: 'Review', vi: 'Trạng thái duyệt' },
    admin: {
      description: {
        en: 'To submit, choose "Submitted for review" and save. Only the board (BBT) returns or publishes.',
        vi: 'Muốn gửi duyệt: chọn "Chờ duyệt" rồi lưu. Chỉ Ban Biên tập trả lại hoặc xuất bản.',
      },
      position: 'sidebar',
    },
  },
  {
    name: 'reviewNote',
    type: 'textarea',
    label: { en: "Reviewer's note", vi: 'Ý kiến của Ban Biên tập' },
    access: { update: isBoardField },
    admin: {
      description: {
        en: 'Why the board returned the article; required when returning.',
        vi: 'Lý do Ban Biên tập trả lại bài; bắt buộc khi trả lại.',
      },
      position: 'sidebar',
    },
  },
  {
    name: 'review',
    type: 'group',
    label: { en: 'Who and when', vi: 'Người thực hiện' },
    admin: {
      description: {
        en: 'Recorded automatically at each review step.',
        vi: 'Tự ghi lại ở mỗi bước duyệt.',
      },
      position: 'sidebar',
    },
    fields: [
      readOnlyStamp('submittedBy', 'Submitted by', 'Người gửi duyệt', 'user'),
      readOnlyStamp('submittedAt', 'Submitted at', 'Thời điểm gửi', 'date'),
      readOnlyStamp('reviewedBy', 'Reviewed by', 'Người duyệt', 'user'),
      readOnlyStamp('reviewedAt', 'Reviewed at', 'Thời điểm duyệt', 'date'),
      readOnlyStamp('publishedBy', 'Published by', 'Người xuất bản', 'user'),
    ],
  },
]
