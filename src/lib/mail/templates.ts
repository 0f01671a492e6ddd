/** A message ready to send: plain text for every client, simple HTML for those that show it. */
export type MailMessage = {
  html: string
  subject: string
  text: string
  to: string | string[]
}

export type ArticleMailArgs = {
  /** The admin's address (SERVER_URL), without a trailing slash. */
  serverUrl: string
  article: { id: number | string; title?: null | string }
  /** Who did it, as colleagues know them (name, else email). */
  actor?: null | string
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)

/** The article's edit page in the admin. */
export const articleAdminUrl = (serverUrl: string, id: number | string): string =>
  `${serverUrl}/admin/collections/articles/${encodeURIComponent(String(id))}`

const titleOf = (article: ArticleMailArgs['article']): string =>
  (article.title ?? '').trim().normalize('NFC') || `#${String(article.id)}`

/** Paragraphs of text (blank-line separated) and one link, as text and as HTML. */
const compose = (
  to: string | string[],
  subject: string,
  paragraphs: string[],
  link: { label: string; url: string },
  quote?: string,
): MailMessage => {
  const text = [
    ...paragraphs,
    ...(quote
      ? [
          quote
            .split('\n')
            .map((line) => `> ${line}`)
            .join('\n'),
        ]
      : []),
    `${link.label}: ${link.url}`,
    'Thư này được gửi tự động từ hệ thống quản trị nội dung; vui lòng không trả lời thư.',
  ].join('\n\n')
  const html = [
    '<!doctype html><html lang="vi"><body style="font-family: Arial, sans-serif; line-height: 1.5">',
    ...paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    ...(quote
      ? [
          `<blockquote style="border-left: 3px solid #ccc; margin: 0; padding-left: 12px">${escapeHtml(quote).replace(/\n/g, '<br>')}</blockquote>`,
        ]
      : []),
    `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`,
    '<p style="color: #666; font-size: 12px">Thư này được gửi tự động từ hệ thống quản trị nội dung; vui lòng không trả lời thư.</p>',
    '</body></html>',
  ].join('\n')
  return {
    html: html.normalize('NFC'),
    subject: subject.normalize('NFC'),
    text: text.normalize('NFC'),
    to,
  }
}

/** To the board: an editor submitted an article for review. */
export const articleSubmittedMail = (
  to: string[],
  { actor, article, serverUrl }: ArticleMailArgs,
): MailMessage => {
  const title = titleOf(article)
  return compose(
    to,
    `[Chờ duyệt] ${title}`,
    [
      'Kính gửi Ban Biên tập,',
      `${actor ? `${actor} đã gửi` : 'Có'} bài "${title}" chờ duyệt.`,
      'Xin mời mở bài để xem, trả lại kèm ý kiến hoặc xuất bản.',
    ],
    { label: 'Mở bài trong trang quản trị', url: articleAdminUrl(serverUrl, article.id) },
  )
}

/** To the author: the board returned the article with a note. */
export const articleReturnedMail = (
  to: string,
  { actor, article, note, serverUrl }: ArticleMailArgs & { note: string },
): MailMessage => {
  const title = titleOf(article)
  return compose(
    to,
    `[Trả lại] ${title}`,
    [
      'Chào bạn,',
      `Ban Biên tập${actor ? ` (${actor})` : ''} đã trả lại bài "${title}" với ý kiến:`,
    ],
    { label: 'Mở bài để sửa và gửi duyệt lại', url: articleAdminUrl(serverUrl, article.id) },
    note.trim().normalize('NFC'),
  )
}

/** To the author: the board published the article. */
export const articlePublishedMail = (
  to: string,
  { actor, article, serverUrl }: ArticleMailArgs,
): MailMessage => {
  const title = titleOf(article)
  return compose(
    to,
    `[Đã xuất bản] ${title}`,
    ['Chào bạn,', `Bài "${title}" đã được${actor ? ` ${actor}` : ''} xuất bản.`],
    { label: 'Mở bài trong trang quản trị', url: articleAdminUrl(serverUrl, article.id) },
  )
}

/** The reset page of the admin for `token`. */
export const resetPasswordUrl = (serverUrl: string, token: string): string =>
  `${serverUrl}/admin/reset/${encodeURIComponent(token)}`

/** The password reset link asked for with "Quên mật khẩu". */
export const resetPasswordMail = (
  to: string,
  { serverUrl, token, validMinutes }: { serverUrl: string; token: string; validMinutes: number },
): MailMessage =>
  compose(
    to,
    'Đặt lại mật khẩu',
    [
      'Chào bạn,',
      'Có yêu cầu đặt lại mật khẩu cho tài khoản của bạn trên trang quản trị cổng thông tin.',
      `Bấm vào liên kết dưới đây để đặt mật khẩu mới. Liên kết dùng được một lần, trong ${validMinutes} phút.`,
      'Nếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu của bạn không thay đổi.',
    ],
    { label: 'Đặt lại mật khẩu', url: resetPasswordUrl(serverUrl, token) },
  )
