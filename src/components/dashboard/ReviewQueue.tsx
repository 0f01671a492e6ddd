'use client'

import { Button } from '@payloadcms/ui'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import React, { useState } from 'react'

import type { DashboardText } from './text'
import { fill } from './text'

export type QueueRow = {
  department: string
  href: string
  id: number | string
  /** The newest note of the article's review thread, and who wrote it when. */
  latest: { by: string; note: string }
  submittedAt: string
  submittedBy: string
  title: string
}

type ReviewQueueProps = {
  /** Payload's REST prefix, `/api`. */
  apiRoute: string
  rows: QueueRow[]
  text: DashboardText
}

type Outcome = { kind: 'error' | 'success'; text: string }

/** A decision Payload refused because someone has the article open; the board may insist. */
type Pending = { body: Record<string, unknown>; done: string; query: string; row: QueueRow }

const errorOf = async (response: Response): Promise<string> => {
  try {
    const body = (await response.json()) as { errors?: { message?: string }[]; message?: string }
    return body.errors?.[0]?.message ?? body.message ?? response.statusText
  } catch {
    return response.statusText
  }
}

/** The board's queue: approve (publish) or return with a note, through the same REST API as any client. */
export const ReviewQueue = ({ apiRoute, rows: initialRows, text }: ReviewQueueProps) => {
  const router = useRouter()
  const [rows, setRows] = useState(initialRows)
  const [busy, setBusy] = useState<null | number | string>(null)
  const [returning, setReturning] = useState<null | number | string>(null)
  const [note, setNote] = useState('')
  const [outcome, setOutcome] = useState<null | Outcome>(null)
  const [locked, setLocked] = useState<null | Pending>(null)

  const act = async ({ body, done, query, row }: Pending, overrideLock = false) => {
    setBusy(row.id)
    setOutcome(null)
    setLocked(null)
    try {
      const override = overrideLock ? '&overrideLock=true' : ''
      const response = await fetch(`${apiRoute}/articles/${row.id}?depth=0${query}${override}`, {
        body: JSON.stringify(body),
        credentials: 'include',
        headers: { 'Content-Type': 'application/json' },
        method: 'PATCH',
      })
      if (response.status === 423) {
        // Payload's document lock: an editor still has the article open (or closed the tab on it).
        setLocked({ body, done, query, row })
        setOutcome({ kind: 'error', text: fill(text.locked, { title: row.title }) })
        return
      }
      if (!response.ok) {
        setOutcome({ kind: 'error', text: fill(text.failed, { message: await errorOf(response) }) })
        return
      }
      setRows((current) => current.filter((item) => item.id !== row.id))
      setReturning(null)
      setNote('')
      setOutcome({ kind: 'success', text: fill(done, { title: row.title }) })
      router.refresh()
    } catch (error) {
      setOutcome({ kind: 'error', text: fill(text.failed, { message: String(error) }) })
    } finally {
      setBusy(null)
    }
  }

  const approve = (row: QueueRow) =>
    act({ body: { _status: 'published' }, done: text.approved, query: '', row })

  const sendBack = (row: QueueRow) => {
    if (!note.trim()) {
      setOutcome({ kind: 'error', text: text.needNote })
      return
    }
    return act({
      body: { reviewNote: note.trim(), reviewState: 'returned' },
      done: text.returned,
      query: '&draft=true',
      row,
    })
  }

  return (
    <div className="review-queue">
      <div aria-live="polite" role="status">
        {outcome ? (
          <div className={`review-dashboard__outcome review-dashboard__outcome--${outcome.kind}`}>
            <p>{outcome.text}</p>
            {locked ? (
              <Button
                buttonStyle="primary"
                disabled={busy !== null}
                margin={false}
                onClick={() => void act(locked, true)}
                size="small"
              >
                {text.override}
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <p>{text.queueEmpty}</p>
      ) : (
        <table className="review-dashboard__table">
          <thead>
            <tr>
              <th scope="col">{text.colTitle}</th>
              <th scope="col">{text.colDepartment}</th>
              <th scope="col">{text.colSubmitted}</th>
              <th scope="col">{text.colLatest}</th>
              <th scope="col">{text.colActions}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <Link href={row.href}>{row.title}</Link>
                </td>
                <td>{row.department}</td>
                <td>
                  {row.submittedAt}
                  {row.submittedBy ? (
                    <div className="review-dashboard__muted">{row.submittedBy}</div>
                  ) : null}
                </td>
                <td>
                  {row.latest.note}
                  {row.latest.by ? (
                    <div className="review-dashboard__muted">{row.latest.by}</div>
                  ) : null}
                </td>
                <td className="review-dashboard__actions">
                  {returning === row.id ? (
                    <div className="review-dashboard__return">
                      <label htmlFor={`return-note-${row.id}`}>{text.note}</label>
                      <textarea
                        id={`return-note-${row.id}`}
                        onChange={(event) => setNote(event.target.value)}
                        rows={3}
                        value={note}
                      />
                      <div className="review-dashboard__buttons">
                        <Button
                          buttonStyle="primary"
                          disabled={busy !== null}
                          margin={false}
                          onClick={() => void sendBack(row)}
                          size="small"
                        >
                          {text.sendReturn}
                        </Button>
                        <Button
                          buttonStyle="secondary"
                          disabled={busy !== null}
                          margin={false}
                          onClick={() => {
                            setReturning(null)
                            setLocked(null)
                          }}
                          size="small"
                        >
                          {text.cancel}
                        </Button>
                      </div>
                    </div>
                  ) : (
                    <div className="review-dashboard__buttons">
                      <Button
                        aria-label={`${text.approve}: ${row.title}`}
                        buttonStyle="primary"
                        disabled={busy !== null}
                        margin={false}
                        onClick={() => void approve(row)}
                        size="small"
                      >
                        {text.approve}
                      </Button>
                      <Button
                        aria-label={`${text.returnAction}: ${row.title}`}
                        buttonStyle="secondary"
                        disabled={busy !== null}
                        margin={false}
                        onClick={() => {
                          setReturning(row.id)
                          setNote('')
                          setOutcome(null)
                        }}
                        size="small"
                      >
                        {text.returnAction}
                      </Button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
