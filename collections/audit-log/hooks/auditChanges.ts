import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionBeforeOperationHook,
} from 'payload'

import { liveStatus } from '../../../src/hooks/liveStatus'
import { changedFieldsOf } from '../../../src/lib/audit/changedFields'
import { recordAudit } from './record'

export { changedFieldsOf }

/**
 * An update that sets `_status: 'draft'` without saving a draft unpublishes, but only if the live
 * document is published; hooks later see the latest draft, so the live status is read here.
 */
export const noteUnpublish: CollectionBeforeOperationHook = async ({
  args,
  collection,
  operation,
  req,
}) => {
  const { data, draft, id } = args as {
    data?: { _status?: string }
    draft?: boolean
    id?: number | string
  }
  if (operation === 'update' && id !== undefined && data?._status === 'draft' && !draft) {
    req.context.auditUnpublish = (await liveStatus(req, collection.slug, id)) === 'published'
  }
  return args
}

/** What a change means in the editorial workflow, from the document before and after. */
const actionOf = (
  operation: 'create' | 'update',
  doc: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
  unpublish: boolean,
): string => {
  if (operation === 'create') {
    return doc._status === 'published' ? 'publish' : 'create'
  }
  if (doc._status === 'published' && previous?._status !== 'published') {
    return 'publish'
  }
  if (unpublish) {
    return 'unpublish'
  }
  if (doc.reviewState === 'submitted' && previous?.reviewState !== 'submitted') {
    return 'submit'
  }
  if (doc.reviewState === 'returned' && previous?.reviewState !== 'returned') {
    return 'return'
  }
  return 'update'
}

/** Records every create and update, except autosaves (every few seconds while typing). */
export const auditChange: CollectionAfterChangeHook = async ({
  collection,
  doc,
  operation,
  previousDoc,
  req,
}) => {
  if (String((req.query as { autosave?: unknown } | undefined)?.autosave) === 'true') {
    return doc
  }
  await recordAudit(req, {
    action: actionOf(operation, doc, previousDoc, req.context.auditUnpublish === true),
    changedFields: changedFieldsOf(doc, operation === 'update' ? previousDoc : {}),
    note:
      typeof doc.reviewNote === 'string' && doc.reviewState === 'returned' ? doc.reviewNote : null,
    targetCollection: collection.slug,
    targetId: doc.id,
  })
  return doc
}

export const auditDelete: CollectionAfterDeleteHook = async ({ collection, doc, req }) => {
  await recordAudit(req, { action: 'delete', targetCollection: collection.slug, targetId: doc.id })
  return doc
}
