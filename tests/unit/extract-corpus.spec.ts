import { extract } from '@/lib/extract'
import { evaluate } from '@/lib/extract/evaluate'

import { extractCorpus } from '../fixtures/extract-corpus'

describe('extraction over the labelled corpus', () => {
  const result = evaluate(extractCorpus, (text) => extract(text))

  it('should hold at least 60 labelled sentences', () => {
    expect(extractCorpus.length).toBeGreaterThanOrEqual(60)
  })

  it('should find documents with precision ≥ 0.95 and recall ≥ 0.9', () => {
    expect(result.documents.precision).toBeGreaterThanOrEqual(0.95)
    expect(result.documents.recall).toBeGreaterThanOrEqual(0.9)
  })

  it('should find people with precision ≥ 0.95 and recall ≥ 0.9', () => {
    expect(result.people.precision).toBeGreaterThanOrEqual(0.95)
    expect(result.people.recall).toBeGreaterThanOrEqual(0.9)
  })

  it('should read positions with precision ≥ 0.9 and recall ≥ 0.85', () => {
    expect(result.positions.precision).toBeGreaterThanOrEqual(0.9)
    expect(result.positions.recall).toBeGreaterThanOrEqual(0.85)
  })
})
