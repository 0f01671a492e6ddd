/** The kinds of entry in an article's review thread, with their admin labels. */
export const THREAD_KINDS = [
  { label: { en: "Board's return note", vi: 'Ý kiến trả lại của Ban Biên tập' }, value: 'return' },
  { label: { en: 'Reply', vi: 'Trả lời' }, value: 'reply' },
  { label: { en: 'Note on submitting', vi: 'Ghi chú khi gửi duyệt' }, value: 'submit' },
] as const

export type ThreadKind = (typeof THREAD_KINDS)[number]['value']

/** One kept note: what was said, of which kind, by whom and when. */
export type ThreadEntry = {
  at: string
  id?: null | string
  kind: ThreadKind
  note: string
  userId?: null | string
  userName?: null | string
}

/** A note as stored: NFC, without surrounding blanks; '' for anything that is not text. */
export const cleanNote = (value: unknown): string =>
  typeof value === 'string' ? value.normalize('NFC').trim() : ''

type Step = {
  /** The review state before the write, and the one it asks for. */
  before: string
  after: string
  /** The board's `reviewNote` as sent, and as stored before. */
  note: unknown
  storedNote: unknown
  /** The reply (`reviewReply`) sent with the write. */
  reply: unknown
}

/**
 * The entries a write adds to the thread, oldest first: a return note when the article goes back
 * to its author (or the board rewrites the note of a returned article), then the reply, which is a
 * submit note when it comes with the submission.
 */
export const newThreadEntries = (
  step: Step,
  who: { userId: null | string; userName: null | string },
  at: string,
): ThreadEntry[] => {
  const entries: ThreadEntry[] = []
  const note = cleanNote(step.note)
  if (
    step.after === 'returned' &&
    note &&
    (step.before !== 'returned' || note !== cleanNote(step.storedNote))
  ) {
    entries.push({ at, kind: 'return', note, ...who })
  }
  const reply = cleanNote(step.reply)
  if (reply) {
    const submitting = step.after === 'submitted' && step.before !== 'submitted'
    entries.push({ at, kind: submitting ? 'submit' : 'reply', note: reply, ...who })
  }
  return entries
}

/** The newest entry of a thread, or null. */
export const latestEntry = (thread: unknown): null | ThreadEntry =>
  Array.isArray(thread) && thread.length > 0 ? (thread[thread.length - 1] as ThreadEntry) : null
