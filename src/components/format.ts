/** The province's clock, whatever the server's timezone: editors read Vietnamese times. */
const TIME_ZONE = 'Asia/Ho_Chi_Minh'

const dateOnly = new Intl.DateTimeFormat('en-GB', {
  day: '2-digit',
  month: '2-digit',
  timeZone: TIME_ZONE,
  year: 'numeric',
})

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: '2-digit',
  hour: '2-digit',
  hour12: false,
  minute: '2-digit',
  month: '2-digit',
  timeZone: TIME_ZONE,
  year: 'numeric',
})

const asDate = (value: unknown): Date | null =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value) : null

/** dd/mm/yyyy, as the admin and official documents write dates. */
export const formatDate = (value: unknown): string => {
  const date = asDate(value)
  return date ? dateOnly.format(date) : ''
}

/** dd/mm/yyyy HH:mm. */
export const formatDateTime = (value: unknown): string => {
  const date = asDate(value)
  return date ? dateTime.format(date).replace(',', '') : ''
}

const ENTITIES: Record<string, string> = {
  '"': '&quot;',
  '&': '&amp;',
  "'": '&#39;',
  '<': '&lt;',
  '>': '&gt;',
}

/** Text placed into HTML: nothing an editor types can become markup. */
export const escapeHtml = (value: unknown): string =>
  String(value ?? '').replace(/["&'<>]/g, (character) => ENTITIES[character] ?? character)
