/**
 * Whether an update based on the version stamped `sent` is not based on the stored version (`stored`),
 * so it would overwrite a save it never saw. Only a well-formed timestamp is a claim about the version; anything else makes no claim. Both
 * are compared as instants, so `…Z` and `…+00:00` spellings of one moment agree.
 */
export const isStale = (sent: unknown, stored: unknown): boolean => {
  if (typeof sent !== 'string' || (typeof stored !== 'string' && !(stored instanceof Date))) {
    return false
  }
  const sentAt = Date.parse(sent)
  const storedAt = stored instanceof Date ? stored.getTime() : Date.parse(stored)
  return Number.isFinite(sentAt) && Number.isFinite(storedAt) && sentAt !== storedAt
}
