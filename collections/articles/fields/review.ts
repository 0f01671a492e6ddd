import type { Field, Tab } from 'payload'

import type { AccessUser } from '../../../src/access'
import {
  isAuthorOrBoardField,
  isBoardField,
  isBoardUser,
  isDepartmentStaffOrBoardField,
  isStaffUser,
} from '../../../src/access'
import { REVIEW_STATES } from '../../../src/lib/workflow/reviewStates'
import { THREAD_KINDS } from '../../../src/lib/workflow/reviewThread'
import { slugs } from '../../../src/slugs'

export { REVIEW_STATES }

/**
 * A copy (duplicate) starts its own review: none of the original's state, note, stamps or thread,
 * which are the board's words to the original's author (the copier may be of another department).
 */
const freshInCopy = (value: unknown) => ({ hooks: { beforeDuplicate: [() => value] } })

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
        ...freshInCopy(null),
      }
    : {
        name,
        type: 'relationship',
        relationTo: slugs.users,
        label: { en, vi },
        access: { update: () => false },
        admin: { readOnly: true },
        ...freshInCopy(null),
      }

/** The editorial workflow: draft → submitted → published, or → returned with the board's note. */
export const reviewFields: Field[] = [
  {
    name: 'reviewState',
    type: 'select',
    defaultValue: 'draft',
    index: true,
    options: REVIEW_STATES,
    ...freshInCopy('draft'),
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
    access: { create: isBoardField, read: isDepartmentStaffOrBoardField, update: isBoardField },
    ...freshInCopy(null),
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

const nobody = () => false

/**
 * The conversation about an article: every return note of the board and every reply, oldest first,
 * with who and when. Only appendReviewThread writes it (from the stored thread, so nothing sent can
 * rewrite or drop a note); only the author and the board read it.
 */
export const reviewThreadTab: Tab = {
  label: { en: 'Editorial conversation', vi: 'Trao đổi biên tập' },
  description: {
    en: "The board's notes and the replies, oldest first. Only the author and the board see them.",
    vi: 'Ý kiến của Ban Biên tập và các trả lời, cũ trước mới sau. Chỉ người viết bài và Ban Biên tập xem được.',
  },
  fields: [
    {
      name: 'reviewThread',
      type: 'array',
      label: { en: 'Editorial conversation', vi: 'Trao đổi biên tập' },
      labels: {
        plural: { en: 'Notes', vi: 'Ý kiến' },
        singular: { en: 'Note', vi: 'Ý kiến' },
      },
      access: { create: nobody, read: isAuthorOrBoardField, update: nobody },
      ...freshInCopy([]),
      admin: {
        components: { RowLabel: '/components/rowLabels#ReviewThreadRowLabel' },
        initCollapsed: false,
        readOnly: true,
      },
      fields: [
        {
          name: 'kind',
          type: 'select',
          required: true,
          options: THREAD_KINDS.map((kind) => ({ ...kind, label: { ...kind.label } })),
          label: { en: 'Kind', vi: 'Loại' },
        },
        {
          name: 'note',
          type: 'textarea',
          required: true,
          label: { en: 'Note', vi: 'Nội dung' },
        },
        {
          type: 'row',
          fields: [
            { name: 'userName', type: 'text', label: { en: 'By', vi: 'Người viết' } },
            { name: 'userId', type: 'text', label: { en: 'Account id', vi: 'Mã tài khoản' } },
            {
              name: 'at',
              type: 'date',
              required: true,
              label: { en: 'At', vi: 'Thời điểm' },
              admin: { date: { displayFormat: 'dd/MM/yyyy HH:mm' } },
            },
          ],
        },
      ],
    },
    {
      name: 'reviewReply',
      type: 'textarea',
      // Never stored: appendReviewThread moves it into the thread and clears it.
      virtual: true,
      label: { en: 'Reply to the board', vi: 'Trả lời, trao đổi với Ban Biên tập' },
      access: {
        create: ({ req }) => isStaffUser(req.user as AccessUser | null),
        read: isAuthorOrBoardField,
        update: isAuthorOrBoardField,
      },
      admin: {
        // Payload makes every virtual field read-only in the admin unless told otherwise.
        readOnly: false,
        description: {
          en: 'Write here and save: the reply is added to the conversation above with your name and the time.',
          vi: 'Viết vào đây rồi lưu: ý kiến được thêm vào phần trao đổi ở trên, kèm tên người viết và thời điểm.',
        },
      },
    },
  ],
}
