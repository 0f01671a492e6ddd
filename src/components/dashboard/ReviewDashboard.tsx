import type { ServerProps, TypedLocale } from 'payload'

import Link from 'next/link'
import React from 'react'

import { REVIEW_STATES } from '../../lib/workflow/reviewStates'
import { latestEntry } from '../../lib/workflow/reviewThread'
import type { AccessUser } from '../../access'
import { idOf, isBoardUser, isStaffUser } from '../../access'
import type { Article } from '../../payload-types'
import { slugs } from '../../slugs'
import { formatDateTime } from '../format'
import type { QueueRow } from './ReviewQueue'
import { ReviewQueue } from './ReviewQueue'
import type { DashboardText } from './text'
import { dashboardText, fill } from './text'
import './index.scss'

const nameOf = (value: unknown, key: 'email' | 'name'): string =>
  value && typeof value === 'object' && key in value
    ? String((value as Record<string, unknown>)[key] ?? '')
    : ''

const stateLabel = (value: null | string | undefined, language: string): string => {
  const state = REVIEW_STATES.find((option) => option.value === value)
  return state ? (language === 'en' ? state.label.en : state.label.vi) : ''
}

/**
 * The newest note of the review thread (readable by the author and the board only), with who and
 * when; for other readers of a returned article, the board's `reviewNote`.
 */
const latestNoteOf = (doc: Article, text: DashboardText): { by: string; note: string } => {
  const entry = latestEntry(doc.reviewThread)
  if (entry) {
    const kind =
      entry.kind === 'return'
        ? text.kindReturn
        : entry.kind === 'submit'
          ? text.kindSubmit
          : text.kindReply
    return {
      by: [kind, entry.userName, formatDateTime(entry.at)].filter(Boolean).join(' · '),
      note: entry.note,
    }
  }
  return { by: '', note: doc.reviewState === 'returned' ? (doc.reviewNote ?? '') : '' }
}

/**
 * The first thing each role sees: the board gets the "Chờ duyệt" queue with approve and return
 * actions; an editor gets their department's articles with the board's notes. Everything is read
 * as the signed-in user, so nobody sees more here than the API would show them.
 */
export const ReviewDashboard = async ({ i18n, locale, payload, user }: ServerProps) => {
  const account = (user ?? null) as AccessUser | null
  if (!account || !isStaffUser(account)) {
    return null
  }
  const text = dashboardText(i18n.language)
  const adminRoute = payload.config.routes.admin
  const apiRoute = payload.config.routes.api
  const articlesPath = `${adminRoute}/collections/${slugs.articles}`
  const localeCode = locale?.code as TypedLocale | undefined
  const common = {
    collection: slugs.articles,
    depth: 1,
    draft: true,
    locale: localeCode,
    overrideAccess: false,
    sort: '-updatedAt',
    user,
  } as const

  if (isBoardUser(account)) {
    const { docs, totalDocs } = await payload.find({
      ...common,
      limit: 50,
      where: { reviewState: { equals: 'submitted' } },
    })
    const rows: QueueRow[] = (docs as Article[]).map((doc) => ({
      department: nameOf(doc.department, 'name'),
      href: `${articlesPath}/${doc.id}`,
      id: doc.id,
      latest: latestNoteOf(doc, text),
      submittedAt: formatDateTime(doc.review?.submittedAt ?? doc.updatedAt),
      submittedBy:
        nameOf(doc.review?.submittedBy, 'name') || nameOf(doc.review?.submittedBy, 'email'),
      title: doc.title || text.untitled,
    }))
    return (
      <section aria-labelledby="review-queue-title" className="review-dashboard">
        <h2 id="review-queue-title">
          {text.queueTitle} ({totalDocs})
        </h2>
        <p className="review-dashboard__intro">{text.queueIntro}</p>
        <ReviewQueue apiRoute={apiRoute} rows={rows} text={text} />
      </section>
    )
  }

  const department = idOf(account.department)
  if (department === null) {
    return null
  }
  const { docs } = await payload.find({
    ...common,
    limit: 20,
    where: { department: { equals: department } },
  })
  const articles = docs as Article[]
  const owner = await payload
    .findByID({
      collection: slugs.organizations,
      depth: 0,
      id: department,
      locale: localeCode,
      overrideAccess: false,
      user,
    })
    .catch(() => null)
  return (
    <section aria-labelledby="department-articles-title" className="review-dashboard">
      <h2 id="department-articles-title">{text.departmentTitle}</h2>
      <p className="review-dashboard__intro">
        {fill(text.departmentIntro, { department: owner?.name ?? text.colDepartment })}
      </p>
      <p className="review-dashboard__links">
        <Link href={`${articlesPath}/create`}>{text.newArticle}</Link>
        {' · '}
        <Link href={articlesPath}>{text.viewAll}</Link>
      </p>
      {articles.length === 0 ? (
        <p>{text.departmentEmpty}</p>
      ) : (
        <table className="review-dashboard__table">
          <thead>
            <tr>
              <th scope="col">{text.colTitle}</th>
              <th scope="col">{text.colState}</th>
              <th scope="col">{text.colUpdated}</th>
              <th scope="col">{text.colNote}</th>
            </tr>
          </thead>
          <tbody>
            {articles
              .map((doc) => ({ doc, latest: latestNoteOf(doc, text) }))
              .map(({ doc, latest }) => (
                <tr className={`review-dashboard__row--${doc.reviewState ?? 'draft'}`} key={doc.id}>
                  <td>
                    <Link href={`${articlesPath}/${doc.id}`}>{doc.title || text.untitled}</Link>
                  </td>
                  <td>{stateLabel(doc.reviewState, i18n.language)}</td>
                  <td>{formatDateTime(doc.updatedAt)}</td>
                  <td>
                    {latest.note}
                    {latest.by ? <div className="review-dashboard__muted">{latest.by}</div> : null}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
