import type { CollectionConfig, Field } from 'payload'

import type { AccessUser } from '../../src/access'
import {
  articleAccess,
  copiesStartAsDrafts,
  idOf,
  isBoardUser,
  isStaffUser,
} from '../../src/access'
import {
  departmentField,
  forceOwnDepartment,
  refuseDepartmentMove,
} from '../../src/fields/department'
import { slugField } from '../../src/fields/slug'
import { foldSearchKeyQuery, SEARCH_KEY, searchKeyField } from '../../src/fields/searchKey'
import { slugs } from '../../src/slugs'
import { scheduleEndpoint } from './endpoints/schedule'
import { citationsField } from './fields/citations'
import { noteArticleRenders, renderedFields } from './fields/rendered'
import { reviewFields, reviewThreadTab } from './fields/review'
import { appendReviewThread } from './hooks/appendReviewThread'
import { hideReviewThread } from './hooks/hideReviewThread'
import { keepLockThroughAutosave } from './hooks/keepLockThroughAutosave'
import { enforceWorkflow } from './hooks/enforceWorkflow'
import { linkMentions, publishMentions } from './hooks/linkMentions'
import { setPublishedAt } from './hooks/setPublishedAt'
import { stampAuthor } from './hooks/stampAuthor'
import { articlesBulkImport } from './bulkImport'

export const PLACEMENTS = [
  { label: { en: 'Top of home page', vi: 'Đầu trang chủ' }, value: 'top-page' },
  { label: { en: 'Desktop', vi: 'Máy tính' }, value: 'desktop' },
  { label: { en: 'Mobile', vi: 'Di động' }, value: 'mobile' },
  { label: { en: 'Featured', vi: 'Nổi bật' }, value: 'featured' },
]

type ArticlesCollectionArgs = {
  autosaveMs: number
  /** Which linked types exist; the article drops the links to absent ones. */
  present: { media: boolean; people: boolean; plans: boolean; topics: boolean }
}

const mentions = (present: ArticlesCollectionArgs['present']): Field[] => {
  const fields: Field[] = []
  if (present.people) {
    fields.push({
      name: 'people',
      type: 'relationship',
      relationTo: slugs.people,
      hasMany: true,
      label: { en: 'People mentioned', vi: 'Nhân sự được nhắc đến' },
      admin: {
        description: {
          en: 'Filled in on save from the names in the text; remove or add people as needed.',
          vi: 'Tự điền khi lưu, theo tên người trong bài; có thể bỏ bớt hoặc thêm.',
        },
      },
    })
  }
  fields.push({
    name: 'organizations',
    type: 'relationship',
    relationTo: slugs.organizations,
    hasMany: true,
    label: { en: 'Organizations mentioned', vi: 'Cơ quan được nhắc đến' },
    admin: {
      description: {
        en: 'Filled in on save from the agencies named in the text.',
        vi: 'Tự điền khi lưu, theo tên cơ quan trong bài.',
      },
    },
  })
  if (present.plans) {
    fields.push({
      name: 'plans',
      type: 'relationship',
      relationTo: slugs.plans,
      hasMany: true,
      label: { en: 'Plans cited', vi: 'Kế hoạch được dẫn' },
      admin: {
        description: {
          en: 'Filled in on save from plan numbers in the text, e.g. 12/KH-BQLKKT.',
          vi: 'Tự điền khi lưu, theo số kế hoạch trong bài, ví dụ 12/KH-BQLKKT.',
        },
      },
    })
  }
  fields.push(citationsField)
  return fields
}

export const buildArticles = ({
  autosaveMs,
  present,
}: ArticlesCollectionArgs): CollectionConfig => {
  const hero: Field[] = present.media
    ? [
        {
          name: 'heroImage',
          type: 'upload',
          relationTo: slugs.media,
          label: { en: 'Hero image', vi: 'Ảnh đại diện' },
          admin: {
            description: {
              en: 'Shown above the article and in lists; upload one with its alt text.',
              vi: 'Hiện ở đầu bài và trong danh sách tin; tải ảnh lên kèm mô tả ảnh.',
            },
          },
        },
      ]
    : []
  const topics: Field[] = present.topics
    ? [
        {
          name: 'topics',
          type: 'relationship',
          relationTo: slugs.topics,
          hasMany: true,
          index: true,
          label: { en: 'Topics', vi: 'Chuyên mục' },
          admin: {
            description: { en: 'Where the article is listed.', vi: 'Chuyên mục đăng bài.' },
            position: 'sidebar',
          },
        },
      ]
    : []
  return {
    slug: slugs.articles,
    custom: { bulkImport: articlesBulkImport },
    graphQL: { pluralName: 'Articles', singularName: 'Article' },
    labels: {
      plural: { en: 'Articles', vi: 'Tin bài' },
      singular: { en: 'Article', vi: 'Tin bài' },
    },
    admin: {
      components: {
        // Stays enabled after an autosave: linking runs on an explicit save only.
        edit: { SaveDraftButton: '/components/article/SaveDraftButton#SaveDraftButton' },
      },
      // Editors land on their own department's articles; the board sees every department's.
      baseFilter: ({ req }) => {
        const user = req.user as AccessUser | null
        const department = idOf(user?.department)
        return user && !isBoardUser(user) && department !== null
          ? { department: { equals: department } }
          : null
      },
      defaultColumns: ['title', 'reviewState', '_status', 'department', 'author', 'updatedAt'],
      description: {
        en: "Write, submit for review, and follow the board's decisions.",
        vi: 'Viết bài, gửi duyệt và theo dõi ý kiến của Ban Biên tập.',
      },
      group: { en: 'News', vi: 'Tin bài' },
      listSearchableFields: [SEARCH_KEY],
      preview: (doc, { locale }) =>
        doc?.id ? `/preview/articles/${String(doc.id)}?locale=${encodeURIComponent(locale)}` : null,
      useAsTitle: 'title',
    },
    defaultSort: '-publishedAt',
    access: articleAccess,
    endpoints: [scheduleEndpoint],
    versions: {
      drafts: {
        // Automatic linking runs on an explicit save only; keep that button when autosave is on
        // (src/components/article/SaveDraftButton.tsx: enabled after an autosave too).
        autosave: autosaveMs > 0 ? { interval: autosaveMs, showSaveDraftButton: true } : false,
        // The drawer's time list: 24-hour, as Vietnam writes times, by the minute (the board
        // schedules to the minute an embargo ends; the default steps by 5).
        schedulePublish: { timeFormat: 'HH:mm', timeIntervals: 1 },
      },
      maxPerDoc: 50,
    },
    hooks: {
      afterChange: [publishMentions, keepLockThroughAutosave],
      afterRead: [hideReviewThread],
      beforeOperation: [
        copiesStartAsDrafts,
        refuseDepartmentMove,
        noteArticleRenders,
        foldSearchKeyQuery,
      ],
      beforeChange: [
        stampAuthor,
        forceOwnDepartment,
        enforceWorkflow,
        appendReviewThread,
        setPublishedAt,
        linkMentions({ fields: { people: present.people, plans: present.plans } }),
      ],
    },
    fields: [
      {
        name: 'title',
        type: 'text',
        required: true,
        localized: true,
        label: { en: 'Title', vi: 'Tiêu đề' },
        admin: {
          description: {
            en: 'The headline readers see.',
            vi: 'Tiêu đề bài viết, như người đọc sẽ thấy.',
          },
        },
      },
      {
        type: 'tabs',
        tabs: [
          {
            label: { en: 'Content', vi: 'Nội dung' },
            fields: [
              {
                name: 'summary',
                type: 'textarea',
                localized: true,
                label: { en: 'Summary', vi: 'Tóm tắt (sapo)' },
                admin: {
                  description: {
                    en: 'One or two sentences shown under the title and in lists.',
                    vi: 'Một, hai câu hiện dưới tiêu đề và trong danh sách tin.',
                  },
                },
              },
              ...hero,
              {
                name: 'body',
                type: 'richText',
                localized: true,
                label: { en: 'Body', vi: 'Nội dung' },
                admin: {
                  description: {
                    en: 'Type "/" for headings, lists and images; images need alt text.',
                    vi: 'Gõ "/" để chèn tiêu đề mục, danh sách, ảnh; ảnh cần có mô tả (alt).',
                  },
                },
              },
              {
                type: 'row',
                fields: [
                  {
                    name: 'byline',
                    type: 'text',
                    label: { en: 'Byline', vi: 'Tác giả, nguồn tin' },
                    admin: { description: { en: 'e.g. BBT', vi: 'Ví dụ: BBT' } },
                  },
                  {
                    name: 'eventDate',
                    type: 'date',
                    label: { en: 'Event date', vi: 'Ngày diễn ra sự kiện' },
                    admin: {
                      date: { displayFormat: 'dd/MM/yyyy', pickerAppearance: 'dayOnly' },
                      description: {
                        en: 'Filled in on save from the first date in the text when empty.',
                        vi: 'Để trống sẽ lấy ngày đầu tiên trong bài khi lưu.',
                      },
                    },
                  },
                  {
                    name: 'eventDateInferred',
                    type: 'checkbox',
                    label: { en: 'Year inferred', vi: 'Năm được suy ra' },
                    admin: {
                      description: {
                        en: 'The text gave no year; it was inferred from the latest full date.',
                        vi: 'Bài không ghi năm; năm được suy ra từ ngày đầy đủ gần nhất.',
                      },
                      readOnly: true,
                    },
                  },
                ],
              },
            ],
          },
          {
            label: { en: 'Links', vi: 'Liên kết' },
            description: {
              en: 'People, organizations and documents the article mentions.',
              vi: 'Nhân sự, cơ quan và văn bản được nhắc đến trong bài.',
            },
            fields: mentions(present),
          },
          reviewThreadTab,
        ],
      },
      slugField({ from: 'title' }),
      searchKeyField({
        from: ['title', 'slug'],
        label: { en: 'title or slug', vi: 'tiêu đề, đường dẫn (gõ có dấu hay không đều được)' },
        localized: true,
      }),
      {
        name: 'publishedAt',
        type: 'date',
        index: true,
        label: { en: 'Published at', vi: 'Ngày đăng' },
        admin: {
          date: { displayFormat: 'dd/MM/yyyy HH:mm', pickerAppearance: 'dayAndTime' },
          description: {
            en: 'Set when the board first publishes it.',
            vi: 'Tự ghi khi Ban Biên tập xuất bản lần đầu.',
          },
          position: 'sidebar',
        },
      },
      departmentField(),
      {
        name: 'author',
        type: 'relationship',
        relationTo: slugs.users,
        label: { en: 'Created by', vi: 'Người tạo bài' },
        // Set by stampAuthor only; integrators see no internal account ids.
        access: {
          create: () => false,
          read: ({ req }) => isStaffUser(req.user as AccessUser | null),
          update: () => false,
        },
        admin: {
          description: { en: 'Who created the article.', vi: 'Tài khoản đã tạo bài.' },
          position: 'sidebar',
          readOnly: true,
        },
      },
      ...reviewFields,
      ...topics,
      {
        name: 'placements',
        type: 'select',
        hasMany: true,
        options: PLACEMENTS,
        label: { en: 'Placements', vi: 'Vị trí hiển thị' },
        admin: {
          description: {
            en: 'Where the portal shows the article besides its topic.',
            vi: 'Nơi cổng thông tin hiển thị bài, ngoài chuyên mục.',
          },
          position: 'sidebar',
        },
      },
      {
        name: 'mentions',
        type: 'json',
        label: { en: 'Linking state', vi: 'Trạng thái liên kết tự động' },
        // What automatic linking read and proposed, so it never re-adds what an editor removed.
        // Written by linkMentions only: a caller's list here failed every later save (a 500).
        access: { create: () => false, update: () => false },
        admin: { hidden: true },
      },
      ...renderedFields,
    ],
  }
}
