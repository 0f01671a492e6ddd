import type { CollectionSlug, PayloadRequest, TextField } from 'payload'

import { asSystem } from '../access/asSystem'
import { numberedSlug, slugify } from '../lib/vietnamese'

type SlugFieldOptions = {
  /** Field the slug is made from when an editor leaves it empty. */
  from: string
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '')

/** Candidates looked up per query: base, base-2 … base-50, then the next fifty. */
const PER_QUERY = 50

/**
 * The first of `base`, `base-2`, `base-3`… that no record of `collection` has (nor any of `taken`,
 * slugs a caller has handed out but not yet written). Used for slugs the system makes, by the
 * field's hook on a save and by the bulk import's linking, so both number alike. System read: a
 * slug must be free across every record, drafts and ones the caller may not read included.
 */
export const freeSlug = async ({
  base,
  collection,
  req,
  taken,
}: {
  base: string
  collection: CollectionSlug
  req: PayloadRequest
  taken?: Set<string>
}): Promise<string> => {
  for (let first = 1; ; first += PER_QUERY) {
    const candidates = Array.from({ length: PER_QUERY }, (_, i) => numberedSlug(base, first + i))
    const { docs } = await req.payload.find({
      collection,
      depth: 0,
      limit: 0,
      ...asSystem(req),
      pagination: false,
      select: { slug: true },
      where: { slug: { in: candidates } },
    })
    const onFile = new Set(docs.map((doc) => String((doc as { slug?: unknown }).slug)))
    const free = candidates.find((slug) => !onFile.has(slug) && !taken?.has(slug))
    if (free) {
      return free
    }
  }
}

/**
 * A unique, Vietnamese-aware slug ("Đoàn Văn Minh" → "doan-van-minh"), kept once set. One made from
 * the name takes the next free number when taken ("nguyen-van-an-2"): two people may share a name,
 * and a renamed record keeps its slug, so its former name may come back as a new record. A slug an
 * editor typed is stored as typed, and refused (400 naming `slug`) when another record has it.
 */
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
      async ({ collection, data, originalDoc, req, value }) => {
        const given = slugify(textOf(value))
        if (given) {
          return given
        }
        const kept = textOf(originalDoc?.slug)
        if (kept) {
          return kept
        }
        const base = slugify(textOf(data?.[from]) || textOf(originalDoc?.[from]))
        if (!base) {
          return undefined
        }
        return collection ? freeSlug({ base, collection: collection.slug, req }) : base
      },
    ],
  },
})
