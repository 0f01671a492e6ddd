/** A redirect as the chain logic sees it: one address to another. */
export type RedirectEdge = { from: string; id: number | string; to: string }

export type RedirectChanges = {
  /** Redirects to remove: they would now point at themselves. */
  remove: (number | string)[]
  /** Redirects whose target moves to the new address (A→B becomes A→C). */
  retarget: (number | string)[]
  /** The redirect from the old address, created or (when one exists) pointed at the new one. */
  upsert: { from: string; id?: number | string; to: string } | null
}

export const articlePath = (slug: string): string => `/articles/${slug}`

/**
 * What a slug change from `oldPath` to `newPath` does to the existing redirects, so that no chain
 * and no loop is left: every redirect reaching `oldPath` now reaches `newPath` directly, and a
 * redirect from `newPath` (the address being taken back) is removed.
 */
export const planSlugChange = (
  existing: RedirectEdge[],
  oldPath: string,
  newPath: string,
): RedirectChanges => {
  if (oldPath === newPath) {
    return { remove: [], retarget: [], upsert: null }
  }
  const remove = existing.filter((edge) => edge.from === newPath).map((edge) => edge.id)
  const retarget = existing
    .filter((edge) => edge.to === oldPath && edge.from !== newPath && edge.from !== oldPath)
    .map((edge) => edge.id)
  const current = existing.find((edge) => edge.from === oldPath)
  return {
    remove,
    retarget,
    upsert: { from: oldPath, id: current?.id, to: newPath },
  }
}
