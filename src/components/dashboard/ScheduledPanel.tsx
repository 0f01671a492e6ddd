import type { ServerProps, TypedLocale } from 'payload'

import Link from 'next/link'
import React from 'react'

import type { AccessUser } from '../../access'
import { isBoardUser, isStaffUser } from '../../access'
import { slugs } from '../../slugs'
import { formatDateTime } from '../format'
import { loadScheduled } from './scheduled'
import { dashboardText } from './text'
import './index.scss'

/**
 * "Đã lên lịch": the scheduled publishes and unpublishes still to happen, beside the review
 * queue. The board sees every article's; an editor their own department's (see loadScheduled).
 */
export const ScheduledPanel = async ({ i18n, locale, payload, user }: ServerProps) => {
  const account = (user ?? null) as AccessUser | null
  if (!account || !isStaffUser(account)) {
    return null
  }
  const text = dashboardText(i18n.language)
  const board = isBoardUser(account)
  const rows = await loadScheduled({
    locale: locale?.code as TypedLocale | undefined,
    payload,
    user: account,
  })
  const articlesPath = `${payload.config.routes.admin}/collections/${slugs.articles}`
  return (
    <section aria-labelledby="scheduled-title" className="review-dashboard scheduled-panel">
      <h2 id="scheduled-title">
        {text.scheduledTitle} ({rows.length})
      </h2>
      <p className="review-dashboard__intro">
        {board ? text.scheduledIntro : text.scheduledIntroDepartment}
      </p>
      {rows.length === 0 ? (
        <p>{text.scheduledEmpty}</p>
      ) : (
        <table className="review-dashboard__table">
          <thead>
            <tr>
              <th scope="col">{text.colTitle}</th>
              <th scope="col">{text.scheduledType}</th>
              <th scope="col">{text.scheduledTime}</th>
              <th scope="col">{text.scheduledBy}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr className={`scheduled-panel__row--${row.type}`} key={String(row.jobId)}>
                <td>
                  <Link href={`${articlesPath}/${row.docId}`}>{row.title || text.untitled}</Link>
                </td>
                <td>
                  {row.type === 'unpublish' ? text.scheduledUnpublish : text.scheduledPublish}
                </td>
                <td>
                  <time dateTime={row.at}>{formatDateTime(row.at)}</time>
                </td>
                <td>{row.by ?? text.scheduledBoard}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
