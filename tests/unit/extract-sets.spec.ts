import fs from 'node:fs'
import path from 'node:path'

import { extract } from '@/lib/extract'
import { evaluate, parseLabelledSet } from '@/lib/extract/evaluate'

const FIXTURES = path.resolve(process.cwd(), 'tests/fixtures/extract')

const load = (file: string) => {
  const full = path.join(FIXTURES, file)
  return fs.existsSync(full) ? parseLabelledSet(fs.readFileSync(full, 'utf8')) : null
}

describe('scoring a labelled set', () => {
  const entry = {
    text: 'x',
    documents: [
      { number: '45-KL/TW', kind: 'Kết luận', issuedOn: '2019-02-01' },
      { number: '12/KH-UBND', kind: 'Kế hoạch', issuedOn: null },
    ],
    people: [{ name: 'Lò Văn Tiến', positions: [{ title: 'Phó Chủ tịch', organization: null }] }],
  }

  it('should compare numbers without case or spaces, kinds folded, dates of found documents', () => {
    const result = evaluate([entry], () => ({
      documents: [
        { number: '45 -kl/tw', kind: 'kết luận', issuedOn: '2019-02-02', issuer: null },
        { number: '99/QĐ-UBND', kind: 'Quyết định', issuedOn: '2020-01-01', issuer: null },
      ],
      people: [{ name: 'Lò Văn Tiến', honorific: null, positions: [] }],
      organizations: [],
    }))
    expect(result.documents).toMatchObject({ truePositives: 1, predicted: 2, expected: 2 })
    // The quyết định is not in the labels, so its date is not scored; the wrong date is.
    expect(result.dates).toMatchObject({ truePositives: 0, predicted: 1, expected: 1 })
    expect(result.people).toMatchObject({ truePositives: 1, precision: 1, recall: 1 })
    expect(result.positions).toMatchObject({ truePositives: 0, expected: 1 })
    expect(result.kinds['ket luan']).toMatchObject({ truePositives: 1, expected: 1 })
    expect(result.misses.documents[0]?.missing).toEqual(['12/KH-UBND | ke hoach'])
  })
})

describe.each([
  ['development set', 'dev-set.json', 120],
  ['held-out test set', 'test-set.json', 150],
])('extraction over the %s', (_label, file, size) => {
  const entries = load(file)
  const run = entries ? it : it.skip

  run(`should hold at least ${size} entries`, () => {
    expect(entries!.length).toBeGreaterThanOrEqual(size)
  })

  run('should score ≥ 0.95 precision and recall on documents, dates and people', () => {
    const result = evaluate(entries!, (text) => extract(text))
    for (const measure of [result.documents, result.dates, result.people]) {
      expect(measure.precision).toBeGreaterThanOrEqual(0.95)
      expect(measure.recall).toBeGreaterThanOrEqual(0.95)
    }
  })
})
