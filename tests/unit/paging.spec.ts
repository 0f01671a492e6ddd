import { pageTotals, totalOfPartialPage } from '../../src/lib/paging'

describe('paging totals', () => {
  it('should derive the total only from a page that is not full', () => {
    expect(totalOfPartialPage(3, 10, 1)).toBe(3)
    expect(totalOfPartialPage(3, 10, 4)).toBe(33)
    expect(totalOfPartialPage(0, 10, 1)).toBe(0)
    expect(totalOfPartialPage(10, 10, 1)).toBeNull()
    expect(totalOfPartialPage(0, 10, 2)).toBeNull()
  })

  it('should report pages as Payload does', () => {
    expect(pageTotals(23, 10, 3)).toEqual({
      hasNextPage: false,
      hasPrevPage: true,
      limit: 10,
      nextPage: null,
      page: 3,
      pagingCounter: 21,
      prevPage: 2,
      totalDocs: 23,
      totalPages: 3,
    })
    expect(pageTotals(23, 10, 1)).toMatchObject({ hasNextPage: true, nextPage: 2, prevPage: null })
    expect(pageTotals(0, 10, 1)).toMatchObject({ pagingCounter: 1, totalDocs: 0, totalPages: 1 })
  })
})
