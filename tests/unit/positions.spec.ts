import { currentPositions, summarizeCurrent } from '../../src/lib/people/positions'

describe('current positions', () => {
  const now = Date.parse('2026-06-01T00:00:00Z')
  const positions = [
    { endDate: '2026-05-31', organization: 1, title: 'Giám đốc' },
    { endDate: '2026-06-01', organization: 1, title: 'Phó Giám đốc' },
    { endDate: null, organization: 2, title: 'Trưởng đoàn' },
    { organization: 3, title: '' },
  ]

  it('should keep titled positions not yet ended, the end day included', () => {
    expect(currentPositions(positions, now).map((p) => p.title)).toEqual([
      'Phó Giám đốc',
      'Trưởng đoàn',
    ])
  })

  it('should summarize them with the names it knows', () => {
    const names = new Map([[1, 'Sở Nội vụ']])
    expect(summarizeCurrent(positions, (id) => names.get(id as number), now)).toBe(
      'Phó Giám đốc – Sở Nội vụ; Trưởng đoàn',
    )
  })
})
