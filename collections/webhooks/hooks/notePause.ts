import type { CollectionBeforeChangeHook } from 'payload'
import type { Webhook } from '../../../src/payload-types'

/**
 * Turning a webhook on (at creation, or again after a pause) starts its failure count afresh:
 * pausing looks only at deliveries since `activeSince`, and the pause note is cleared.
 */
export const notePause: CollectionBeforeChangeHook<Webhook> = ({
  data,
  operation,
  originalDoc,
}) => {
  const turnedOn =
    operation === 'create' ? data.active !== false : data.active === true && !originalDoc?.active
  if (turnedOn) {
    data.activeSince = new Date().toISOString()
    data.pausedAt = null
    data.pausedReason = null
  }
  return data
}
