import type { CollectionConfig } from 'payload'

import { anyone, changeInDepartment, isStaff } from '../../src/access'
import {
  departmentField,
  forceOwnDepartment,
  refuseDepartmentMove,
} from '../../src/fields/department'
import { slugs } from '../../src/slugs'

/** Images and PDFs only: SVG and HTML can carry scripts, so they are never accepted. */
export const ALLOWED_MIME_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'application/pdf',
]

type MediaCollectionArgs = { staticDir: string }

export const buildMedia = ({ staticDir }: MediaCollectionArgs): CollectionConfig => ({
  slug: slugs.media,
  graphQL: { pluralName: 'AllMedia', singularName: 'Media' },
  labels: {
    plural: { en: 'Media', vi: 'Thư viện ảnh, tệp' },
    singular: { en: 'File', vi: 'Ảnh, tệp' },
  },
  admin: {
    defaultColumns: ['filename', 'alt', 'department', 'mimeType', 'updatedAt'],
    description: {
      en: 'Images (JPEG, PNG, WebP, GIF) and PDF files, each with a description.',
      vi: 'Ảnh (JPEG, PNG, WebP, GIF) và tệp PDF, mỗi tệp kèm mô tả.',
    },
    group: { en: 'News', vi: 'Tin bài' },
    useAsTitle: 'filename',
  },
  // Files are public; an editor changes and deletes only their department's (a `Where`, so lists
  // and bulk operations filter in the database). Uploads made before departments are the board's.
  access: { create: isStaff, delete: changeInDepartment, read: anyone, update: changeInDepartment },
  hooks: { beforeChange: [forceOwnDepartment], beforeOperation: [refuseDepartmentMove] },
  upload: {
    staticDir,
    mimeTypes: ALLOWED_MIME_TYPES,
    adminThumbnail: 'thumbnail',
    focalPoint: true,
    imageSizes: [
      { name: 'thumbnail', width: 400, height: 300, formatOptions: { format: 'webp' } },
      { name: 'card', width: 768, height: 512, formatOptions: { format: 'webp' } },
      { name: 'hero', width: 1600, height: 900, formatOptions: { format: 'webp' } },
    ],
  },
  fields: [
    {
      name: 'alt',
      type: 'text',
      required: true,
      localized: true,
      label: { en: 'Alt text', vi: 'Mô tả ảnh (alt)' },
      admin: {
        description: {
          en: 'What the image shows, for readers who cannot see it.',
          vi: 'Ảnh thể hiện gì, cho người đọc không xem được ảnh.',
        },
      },
    },
    {
      name: 'caption',
      type: 'text',
      localized: true,
      label: { en: 'Caption', vi: 'Chú thích ảnh' },
      admin: {
        description: {
          en: 'Printed under the image in the article.',
          vi: 'Dòng chữ in dưới ảnh trong bài.',
        },
      },
    },
    {
      name: 'credit',
      type: 'text',
      label: { en: 'Credit', vi: 'Nguồn, tác giả ảnh' },
      admin: { description: { en: 'e.g. Ảnh: BQLKKT', vi: 'Ví dụ: Ảnh: BQLKKT' } },
    },
    // Optional: files uploaded before departments have none, and the board may upload for all.
    departmentField({ required: false }),
  ],
})
