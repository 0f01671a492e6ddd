import { ANONYMOUS_CAPS, API_KEY_CAPS, capRead, countProblem } from '../../src/lib/policy/caps'
import type { Condition } from '../../src/lib/policy/where'
import { dateProblem, MAX_WHERE_NESTING, whereProblem } from '../../src/lib/policy/where'

const nest = (levels: number): unknown =>
  levels === 0 ? { name: { equals: 'x' } } : { or: [nest(levels - 1)] }

describe('capRead', () => {
  it('should page limit 0, a large limit and pagination false at the cap', () => {
    expect(capRead({ limit: 0 }, ANONYMOUS_CAPS)).toEqual({ limit: 100 })
    expect(capRead({ limit: 5000 }, API_KEY_CAPS)).toEqual({ limit: 1000 })
    expect(capRead({ pagination: false }, ANONYMOUS_CAPS)).toEqual({
      limit: 100,
      pagination: true,
    })
    expect(capRead({ limit: 7, pagination: false }, ANONYMOUS_CAPS)).toEqual({
      limit: 7,
      pagination: true,
    })
  })

  it('should cap depth for anonymous callers only, and join limits for both', () => {
    expect(capRead({ depth: 6 }, ANONYMOUS_CAPS)).toEqual({ depth: 3 })
    expect(capRead({ depth: 6 }, API_KEY_CAPS)).toEqual({ depth: 6 })
    expect(capRead({ joins: { articles: { limit: 0 }, off: false } }, ANONYMOUS_CAPS)).toEqual({
      joins: { articles: { limit: 100 }, off: false },
    })
  })

  it('should return the very arguments when nothing is capped', () => {
    const args = { depth: 2, limit: 10 }
    expect(capRead(args, ANONYMOUS_CAPS)).toBe(args)
  })
})

describe('countProblem', () => {
  it('should take whole numbers from 0 and refuse fractions, huge numbers, words and lists', () => {
    expect(countProblem('limit', 0)).toBeNull()
    expect(countProblem('limit', undefined)).toBeNull()
    for (const value of [1.5, 1e20, -1, 'abc', ['0', '0']]) {
      expect(countProblem('limit', value)).toMatch(/"limit" parameter must be a whole number/)
    }
  })
})

describe('whereProblem', () => {
  it(`should accept ${MAX_WHERE_NESTING} levels of and/or and refuse one more`, () => {
    expect(whereProblem(nest(MAX_WHERE_NESTING))).toBeNull()
    expect(whereProblem(nest(MAX_WHERE_NESTING + 1))).toMatch(/more than 5 levels/)
  })

  it("should refuse the leftover key of a query string nested past Payload's parser", () => {
    expect(whereProblem({ or: [{ '[or][0][name][equals]': 'x' }] })).toMatch(/where/)
  })

  it('should refuse shapes the SQL adapter fails on, and collect the conditions', () => {
    expect(whereProblem({ or: null })).toMatch(/takes a list/)
    expect(whereProblem({ and: [null] })).toMatch(/empty condition/)
    expect(whereProblem({ title: null })).toMatch(/is empty/)
    expect(whereProblem({ title: { like: ['x'] } })).toMatch(/takes text/)
    expect(whereProblem({ title: { equals: { a: 1 } } })).toMatch(/values, not objects/)
    const conditions: Condition[] = []
    expect(
      whereProblem(
        { and: [{ publishedAt: { less_than: new Date() } }, { id: { in: [1, 2] } }] },
        conditions,
      ),
    ).toBeNull()
    expect(conditions.map(({ operator, path }) => `${path} ${operator}`)).toEqual([
      'publishedAt less_than',
      'id in',
    ])
  })
})

describe('dateProblem', () => {
  it('should refuse text that is not a date, except for list operators', () => {
    expect(dateProblem({ operator: 'contains', path: 'publishedAt', value: 'x' })).toMatch(
      /"publishedAt" is not a date/,
    )
    expect(dateProblem({ operator: 'equals', path: 'publishedAt', value: '2026-01-01' })).toBeNull()
    expect(dateProblem({ operator: 'in', path: 'publishedAt', value: 'x' })).toBeNull()
  })
})
