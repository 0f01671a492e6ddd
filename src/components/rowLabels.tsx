'use client'

import { useRowLabel, useTranslation } from '@payloadcms/ui'
import React from 'react'

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
