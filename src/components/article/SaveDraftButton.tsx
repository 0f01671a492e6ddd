'use client'

import {
  FormSubmit,
  useConfig,
  useDocumentInfo,
  useEditDepth,
  useForm,
  useHotkey,
  useLocale,
  useTranslation,
} from '@payloadcms/ui'
import React, { useCallback, useRef } from 'react'

/**
 * "Lưu bản nháp" that stays enabled after an autosave. Payload's own button greys out once an
 * autosave caught up with the form, but automatic linking (people, organizations, plans) runs on
 * an explicit save only, so an editor must be able to save what autosave already stored.
 */
export const SaveDraftButton: React.FC = () => {
  const {
    config: {
      routes: { api },
    },
  } = useConfig()
  const { id, collectionSlug, setUnpublishedVersionCount, uploadStatus } = useDocumentInfo()
  const { code: locale } = useLocale()
  const { submit } = useForm()
  const { t } = useTranslation()
  const editDepth = useEditDepth()
  const ref = useRef<HTMLButtonElement>(null)
  const disabled = uploadStatus === 'uploading'

  const saveDraft = useCallback(async () => {
    if (disabled || !collectionSlug) {
      return
    }
    const search = `?locale=${locale}&depth=0&fallback-locale=null&draft=true`
    await submit({
      action: `${api}/${collectionSlug}${id ? `/${id}` : ''}${search}`,
      method: id ? 'PATCH' : 'POST',
      overrides: { _status: 'draft' },
      skipValidation: true,
    })
    setUnpublishedVersionCount((count) => count + 1)
  }, [api, collectionSlug, disabled, id, locale, setUnpublishedVersionCount, submit])

  useHotkey({ cmdCtrlKey: true, editDepth, keyCodes: ['s'] }, (event) => {
    event.preventDefault()
    event.stopPropagation()
    ref.current?.click()
  })

  return (
    <FormSubmit
      buttonId="action-save-draft"
      buttonStyle="secondary"
      className="save-draft"
      disabled={disabled}
      onClick={() => void saveDraft()}
      ref={ref}
      size="medium"
      type="button"
    >
      {t('version:saveDraft')}
    </FormSubmit>
  )
}
