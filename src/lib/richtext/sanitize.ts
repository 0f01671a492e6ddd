import sanitizeHtml from 'sanitize-html'

/**
 * What an article body may contain once rendered: Lexical's own output (headings, lists, tables,
 * quotes, links, figures) and nothing that runs. Links keep http(s), mailto, tel and site paths only,
 * so a `javascript:` href is dropped; raw HTML an editor pasted into a node is escaped or removed.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'a',
    'b',
    'blockquote',
    'br',
    'code',
    'em',
    'figcaption',
    'figure',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'i',
    'img',
    'li',
    'ol',
    'p',
    'picture',
    's',
    'source',
    'span',
    'strong',
    'sub',
    'sup',
    'table',
    'tbody',
    'td',
    'th',
    'thead',
    'tr',
    'u',
    'ul',
  ],
  allowedAttributes: {
    a: ['href', 'rel', 'target'],
    img: ['alt', 'height', 'src', 'width', 'loading'],
    source: ['media', 'srcset', 'type'],
    ol: ['start'],
    li: ['value'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href', 'src', 'srcset'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
}

/** The body's HTML with everything outside the allow-list removed. */
export const sanitizeBodyHtml = (html: string): string => sanitizeHtml(html, OPTIONS).trim()
