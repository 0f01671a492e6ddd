'use client'

import { useRowLabel, useTranslation } from '@payloadcms/ui'
import React from 'react'

import { formatDateTime } from './format'

const fallback = (language: string, word: { en: string; vi: string }, rowNumber?: number): string =>
  `${language === 'en' ? word.en : word.vi} ${String((rowNumber ?? 0) + 1).padStart(2, '0')}`

/** "Quyết định số 1234/QĐ-UBND" instead of "Văn bản 01", so collapsed rows say what they cite. */
export const CitationRowLabel = () => {
  const { data, rowNumber } = useRowLabel<{ kind?: string; number?: string }>()
  const { i18n } = useTranslation()
  const label = [data?.kind, data?.number].filter(Boolean).join(' số ')
  return (
    <span>{label || fallback(i18n.language, { en: 'Document', vi: 'Văn bản' }, rowNumber)}</span>
  )
}

/** The office's title ("Phó Giám đốc") instead of "Chức vụ 01". */
export const PositionRowLabel = () => {
  const { data, rowNumber } = useRowLabel<{ title?: string }>()
  const { i18n } = useTranslation()
  return (
    <span>
      {data?.title || fallback(i18n.language, { en: 'Position', vi: 'Chức vụ' }, rowNumber)}
    </span>
  )
}

const THREAD_KIND_LABELS: Record<string, { en: string; vi: string }> = {
  reply: { en: 'Reply', vi: 'Trả lời' },
  return: { en: 'Returned by the board', vi: 'Ban Biên tập trả lại' },
  submit: { en: 'Submitted with a note', vi: 'Gửi duyệt kèm ghi chú' },
}

/** "Ban Biên tập trả lại · Nguyễn Văn A · 02/12/2026 09:30" instead of "Ý kiến 01". */
export const ReviewThreadRowLabel = () => {
  const { data, rowNumber } = useRowLabel<{ at?: string; kind?: string; userName?: string }>()
  const { i18n } = useTranslation()
  const kind = data?.kind ? THREAD_KIND_LABELS[data.kind] : undefined
  const label = [
    kind ? (i18n.language === 'en' ? kind.en : kind.vi) : '',
    data?.userName,
    formatDateTime(data?.at),
  ]
    .filter(Boolean)
    .join(' · ')
  return <span>{label || fallback(i18n.language, { en: 'Note', vi: 'Ý kiến' }, rowNumber)}</span>
}
