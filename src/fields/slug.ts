import type { TextField } from 'payload'

import { slugify } from '../lib/vietnamese'

type SlugFieldOptions = {
  /** Field the slug is made from when an editor leaves it empty. */
  from: string
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '')

/** A unique, Vietnamese-aware slug ("Đoàn Văn Minh" → "doan-van-minh"), kept once set. */
export const slugField = ({ from }: SlugFieldOptions): TextField => ({
  name: 'slug',
  type: 'text',
  index: true,
  unique: true,
  label: { en: 'Slug', vi: 'Đường dẫn (slug)' },
  admin: {
    description: {
      en: 'Made from the title when left empty: no tones, đ → d.',
      vi: 'Để trống sẽ tự tạo từ tiêu đề: bỏ dấu, đ → d.',
    },
    position: 'sidebar',
  },
  hooks: {
    beforeValidate: [
      ({ data, originalDoc, value }) => {
        const given = slugify(textOf(value))
        if (given) {
          return given
        }
        const kept = textOf(originalDoc?.slug)
        if (kept) {
          return kept
        }
        return slugify(textOf(data?.[from]) || textOf(originalDoc?.[from])) || undefined
      },
    ],
  },
})
