const IGNORED = new Set(['updatedAt', 'createdAt', 'publishedAt', 'sessions'])

/** Top-level fields whose value differs between two versions of a document. */
export const changedFieldsOf = (
  doc: Record<string, unknown>,
  previous: Record<string, unknown> | undefined,
): string[] => {
  const keys = new Set([...Object.keys(doc), ...Object.keys(previous ?? {})])
  return [...keys]
    .filter((key) => !IGNORED.has(key))
    .filter((key) => JSON.stringify(doc[key]) !== JSON.stringify(previous?.[key]))
    .sort()
}
