import { isPopulationFind, selectLeavesOut } from '../../src/lib/populate'

/** The arguments Payload 3.90.1's dataloader passes (payload/dist/collections/dataloader.js). */
const dataloaderFind = {
  collection: 'people',
  currentDepth: 1,
  depth: 1,
  disableErrors: true,
  pagination: false,
  select: { articles: false },
  where: { id: { in: [3, 1, 2] } },
}

describe('population finds: which finds and which joins', () => {
  it("should recognise the dataloader's find and nothing that pages, sorts or filters otherwise", () => {
    expect(isPopulationFind(dataloaderFind)).toBe(true)
    for (const other of [
      { currentDepth: undefined },
      { disableErrors: undefined },
      { pagination: undefined },
      { sort: '-publishedAt' },
      { limit: 10 },
      { page: 2 },
      { joins: { articles: { limit: 5 } } },
      { where: { id: { in: [1] }, slug: { equals: 'a' } } },
      { where: { id: { equals: 1 } } },
      { where: { id: { in: [1], not_in: [2] } } },
      { where: { and: [{ id: { in: [1] } }] } },
      { where: null },
    ]) {
      expect({ other, recognised: isPopulationFind({ ...dataloaderFind, ...other }) }).toEqual({
        other,
        recognised: false,
      })
    }
  })

  it('should count a join as left out only by a plain excluding select that names it', () => {
    expect(selectLeavesOut({ articles: false, people: false }, 'articles')).toBe(true)
    // Inside a group the select leaves out whole.
    expect(selectLeavesOut({ related: false }, 'related.articles')).toBe(true)
    // Not named, included, nested or no select: the join may be in the answer.
    expect(selectLeavesOut({ people: false }, 'articles')).toBe(false)
    expect(selectLeavesOut({ articles: true }, 'articles')).toBe(false)
    expect(selectLeavesOut({ articles: false, name: true }, 'articles')).toBe(false)
    expect(selectLeavesOut({ related: { articles: false } }, 'related.articles')).toBe(false)
    expect(selectLeavesOut({ articles: false, deletedAt: true }, 'articles')).toBe(false)
    expect(selectLeavesOut(undefined, 'articles')).toBe(false)
    expect(selectLeavesOut(null, 'articles')).toBe(false)
    expect(selectLeavesOut({}, 'articles')).toBe(false)
  })
})
