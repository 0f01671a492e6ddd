import type { HTMLConverters } from '@payloadcms/richtext-lexical/html'
import type { SerializedEditorState } from '@payloadcms/richtext-lexical/lexical'

import { convertLexicalToHTML, LinkHTMLConverter } from '@payloadcms/richtext-lexical/html'

import { escapeHtml } from '../components/format'
import type { Media } from '../payload-types'
import type { Id } from '../lib/types'

/** Records the body refers to by id when it was read without depth. */
export type BodyReferences = {
  /** Media documents by id, for upload nodes that hold only an id. */
  media?: Map<string, Media>
  /** Where an internal link to an article (by id) points. */
  articleHref: (id: Id, doc: unknown) => string
}

const mediaOf = (value: unknown): Media | null =>
  value && typeof value === 'object' && 'url' in value ? (value as Media) : null

const attribute = (name: string, value: null | number | string | undefined): string =>
  value === null || value === undefined || value === ''
    ? ''
    : ` ${name}="${escapeHtml(String(value))}"`

/**
 * An image as a reader sees it: the picture with its alt text and its own width and height (so the
 * page does not jump while it loads), and its caption underneath; other files become a link.
 */
export const figure = (media: Media | null, { sized = true }: { sized?: boolean } = {}): string => {
  if (!media?.url) {
    return ''
  }
  if (!media.mimeType?.startsWith('image/')) {
    return `<p><a href="${escapeHtml(media.url)}">${escapeHtml(media.filename ?? media.alt)}</a></p>`
  }
  const card = media.sizes?.card
  const src = card?.url ?? media.url
  const width = card?.url ? card.width : media.width
  const height = card?.url ? card.height : media.height
  const caption = [media.caption, media.credit].filter(Boolean).map(escapeHtml).join(' – ')
  return `<figure><img src="${escapeHtml(src)}" alt="${escapeHtml(media.alt)}"${
    sized ? `${attribute('width', width)}${attribute('height', height)}` : ''
  }>${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`
}

const idOfValue = (value: unknown): Id | undefined =>
  value && typeof value === 'object'
    ? ((value as { id?: Id }).id ?? undefined)
    : (value as Id | undefined)

const converters =
  (refs: BodyReferences) =>
  ({ defaultConverters }: { defaultConverters: HTMLConverters }): HTMLConverters => ({
    ...defaultConverters,
    ...LinkHTMLConverter({
      internalDocToHref: ({ linkNode }) => {
        const doc = linkNode.fields.doc
        const id = idOfValue(doc?.value)
        return doc?.relationTo === 'articles' && id !== undefined
          ? refs.articleHref(id, doc.value)
          : '#'
      },
    }),
    // A node no converter knows (a plugin's raw HTML, a removed feature) shows nothing to readers.
    unknown: () => '',
    upload: ({ node }) => {
      const value = (node as { value?: unknown }).value
      const id = idOfValue(value)
      return figure(
        mediaOf(value) ?? (id === undefined ? null : (refs.media?.get(String(id)) ?? null)),
      )
    },
  })

/** The ids of the media and articles a body refers to, to fetch those that were not populated. */
export const bodyReferences = (body: unknown): { articles: Id[]; media: Id[] } => {
  const media = new Set<Id>()
  const articles = new Set<Id>()
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') {
      return
    }
    const item = node as {
      children?: unknown[]
      fields?: { doc?: { relationTo?: string; value?: unknown }; linkType?: string }
      relationTo?: string
      type?: string
      value?: unknown
    }
    if (item.type === 'upload' && item.value !== undefined && !mediaOf(item.value)) {
      const id = idOfValue(item.value)
      if (id !== undefined) {
        media.add(id)
      }
    }
    if (item.type === 'link' && item.fields?.linkType === 'internal') {
      const doc = item.fields.doc
      const id = idOfValue(doc?.value)
      if (doc?.relationTo === 'articles' && id !== undefined) {
        articles.add(id)
      }
    }
    item.children?.forEach(walk)
  }
  walk((body as { root?: unknown } | null)?.root)
  return { articles: [...articles], media: [...media] }
}

/** The body through Lexical's own HTML converters, with our figures and links. */
export const bodyToHtml = (body: unknown, refs: BodyReferences): string =>
  body && typeof body === 'object' && 'root' in body
    ? convertLexicalToHTML({
        converters: converters(refs),
        data: body as unknown as SerializedEditorState,
      })
    : ''
