import { copyTextOf, isCopyValue } from '../../src/lib/database/copyText'

describe('copyTextOf (PostgreSQL text COPY)', () => {
  it('should write one line per row, fields separated by tabs, NULL as \\N', () => {
    expect(
      copyTextOf([
        ['a', 1, true, null],
        ['b', 2.5, false, 'x'],
      ]),
    ).toBe('a\t1\ttrue\t\\N\nb\t2.5\tfalse\tx\n')
  })

  it('should escape backslashes, tabs, newlines and carriage returns, so a literal \\N stays text', () => {
    expect(copyTextOf([['C:\\N\\x', 'a\tb', 'dòng 1\r\ndòng 2']])).toBe(
      'C:\\\\N\\\\x\ta\\tb\tdòng 1\\r\\ndòng 2\n',
    )
  })

  it('should write numbers and booleans as the pg client binds them (their toString)', () => {
    expect(copyTextOf([[0, -0, 1e21, 0.1, true]])).toBe('0\t0\t1e+21\t0.1\ttrue\n')
  })

  it('should write nothing for no rows', () => {
    expect(copyTextOf([])).toBe('')
  })

  it('should take only values it writes as the client would bind them', () => {
    for (const value of ['', 'x', 0, 1.5, true, false, null]) {
      expect(isCopyValue(value)).toBe(true)
    }
    for (const value of [undefined, NaN, Infinity, new Date(0), Buffer.from('x'), [1], { a: 1 }]) {
      expect(isCopyValue(value)).toBe(false)
    }
  })
})
