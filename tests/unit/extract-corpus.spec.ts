import { readFileSync } from 'node:fs'

import { extract } from '@/lib/extract'
import { evaluate } from '@/lib/extract/evaluate'

import { extractCorpus } from '../fixtures/extract-corpus'

const FIXTURE = readFileSync(
  `${process.cwd()}/content/articles/kiem-tra-cong-tac-cai-cach-hanh-chinh-tai-ban-quan-ly-khu-kinh-te.txt`,
  'utf8',
)

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

  it('should extract a 5 KB article well under 5 ms', () => {
    const article = `${FIXTURE}\n\n${extractCorpus.map((entry) => entry.text).join('\n\n')}`.slice(
      0,
      5120,
    )
    for (let i = 0; i < 20; i += 1) {
      extract(article)
    }
    // the median of several batches resists a busy CI machine
    const batches: number[] = []
    for (let b = 0; b < 9; b += 1) {
      const start = performance.now()
      for (let i = 0; i < 10; i += 1) {
        extract(article)
      }
      batches.push((performance.now() - start) / 10)
    }
    batches.sort((a, b) => a - b)
    expect(batches[4]).toBeLessThan(5)
  })
})
