import { bodyToHtml, figure } from '../../fields/bodyHtml'
import { REVIEW_STATES } from '../../lib/workflow/reviewStates'
import { HONORIFICS } from '../../lib/people/honorifics'
import type { Article, Media, Organization, Person, Plan } from '../../payload-types'
import { escapeHtml, formatDate, formatDateTime } from '../format'

const populated = <T extends { id: number | string }>(values: unknown): T[] =>
  Array.isArray(values)
    ? values.filter((value): value is T => Boolean(value && typeof value === 'object'))
    : []

const mediaOf = (value: unknown): Media | null =>
  value && typeof value === 'object' && 'url' in value ? (value as Media) : null

const personLine = (person: Person): string => {
  const honorific = HONORIFICS.find((option) => option.value === person.honorific)?.label
  const name = [honorific, person.name].filter(Boolean).join(' ')
  return person.positionsSummary ? `${name} – ${person.positionsSummary}` : name
}

const planLine = (plan: Plan): string => {
  const issued = formatDate(plan.issuedOn)
  return `Kế hoạch số ${plan.number}${issued ? ` ngày ${issued}` : ''}${plan.title ? ` về ${plan.title}` : ''}`
}

const list = (heading: string, lines: string[]): string =>
  lines.length === 0
    ? ''
    : `<section><h2>${escapeHtml(heading)}</h2><ul>${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul></section>`

const STYLE = `
body{margin:0;font:17px/1.6 Georgia,'Times New Roman',serif;color:#1b1b1b;background:#f6f6f4}
.banner{position:sticky;top:0;padding:.5rem 1rem;background:#8a1c1c;color:#fff;font:14px/1.4 system-ui,sans-serif}
article{max-width:46rem;margin:0 auto;padding:1.5rem 1rem 3rem;background:#fff}
h1{font-size:2rem;line-height:1.25;margin:.5rem 0 1rem}
.summary{font-weight:bold}
figure{margin:1.5rem 0}figure img{max-width:100%;height:auto}
figcaption{font-size:.9rem;font-style:italic;color:#555;text-align:center}
.byline{text-align:right;font-weight:bold}
section{margin-top:2rem;padding-top:1rem;border-top:1px solid #ddd;font-family:system-ui,sans-serif;font-size:15px}
section h2{font-size:1rem;text-transform:uppercase;letter-spacing:.03em;color:#8a1c1c}
.meta{color:#666;font:14px system-ui,sans-serif}
`

/**
 * The article as a portal frontend would show it: title, summary, hero image, body with its
 * headings, lists and captioned images, then the people, organizations and plans it links to.
 */
export const renderArticlePreview = (article: Article): string => {
  const state = REVIEW_STATES.find((option) => option.value === article.reviewState)?.label.vi
  const banner =
    article._status === 'published'
      ? 'Bản xem trước – đây là bản đang đăng trên cổng thông tin.'
      : `Bản xem trước bản nháp${state ? ` (${state})` : ''} – người đọc chưa thấy nội dung này.`
  // Links to other articles open their preview; the preview reads at depth 2, so uploads are populated.
  const body = bodyToHtml(article.body, {
    articleHref: (id) => `/preview/articles/${String(id)}`,
  })
  const people = populated<Person>(article.people).map(personLine)
  const organizations = populated<Organization>(article.organizations).map((org) => org.name)
  const plans = populated<Plan>(article.plans).map(planLine)
  const citations = (article.citations ?? []).map((citation) =>
    [
      `${citation.kind} số ${citation.number}`,
      citation.issuedOn ? `ngày ${formatDate(citation.issuedOn)}` : '',
      citation.issuer ? `của ${citation.issuer}` : '',
    ]
      .filter(Boolean)
      .join(' '),
  )
  const dated = formatDateTime(article.publishedAt ?? article.updatedAt)
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Xem trước: ${escapeHtml(article.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div class="banner" role="note">${escapeHtml(banner)}</div>
<article>
<p class="meta">${escapeHtml(dated)}</p>
<h1>${escapeHtml(article.title)}</h1>
${article.summary ? `<p class="summary">${escapeHtml(article.summary)}</p>` : ''}
${figure(mediaOf(article.heroImage))}
${body}
${article.byline ? `<p class="byline">${escapeHtml(article.byline)}</p>` : ''}
${list('Nhân sự được nhắc đến', people)}
${list('Cơ quan được nhắc đến', organizations)}
${list('Kế hoạch được dẫn', plans)}
${list('Văn bản được dẫn', citations)}
</article>
</body>
</html>`
}

/** What someone who may not read the draft gets: no hint whether it exists. */
export const renderNotFound = (): string => `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Không tìm thấy bài</title></head>
<body style="font:16px system-ui,sans-serif;padding:2rem">
<h1>Không tìm thấy bài</h1>
<p>Bài không tồn tại hoặc bạn không có quyền xem bản nháp này.</p>
</body></html>`
