/** A page's totals as Payload's find reports them, from the number of matching records. */
export const pageTotals = (totalDocs: number, limit: number, page: number) => {
  const totalPages = totalDocs === 0 ? 1 : Math.ceil(totalDocs / limit)
  return {
    hasNextPage: totalPages > page,
    hasPrevPage: page > 1,
    limit,
    nextPage: totalPages > page ? page + 1 : null,
    page,
    pagingCounter: totalDocs === 0 ? 1 : (page - 1) * limit + 1,
    prevPage: page > 1 ? page - 1 : null,
    totalDocs,
    totalPages,
  }
}

/**
 * The number of matching records when a page tells it: one that is not full holds the last of
 * them. Null for a full page, or an empty one past the first, where only a count can tell.
 */
export const totalOfPartialPage = (docs: number, limit: number, page: number): null | number =>
  docs >= limit || (docs === 0 && page > 1) ? null : (page - 1) * limit + docs
