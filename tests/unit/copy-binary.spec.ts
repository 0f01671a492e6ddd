import {
  CopyFormatError,
  int4,
  parseCopyBinary,
  sqlLiteral,
  text,
  withLiterals,
} from '../../src/lib/database/copyBinary'

/** A binary COPY output as PostgreSQL writes it, from rows of fields (null: NULL). */
const copyOutput = (rows: (Buffer | null)[][], extension = Buffer.alloc(0)): Buffer => {
  const parts: Buffer[] = [Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')]
  const word = (n: number, bytes: 2 | 4) => {
    const b = Buffer.alloc(bytes)
    if (bytes === 2) {
      b.writeInt16BE(n)
    } else {
      b.writeInt32BE(n)
    }
    return b
  }
  parts.push(word(0, 4), word(extension.length, 4), extension)
  for (const row of rows) {
    parts.push(word(row.length, 2))
    for (const field of row) {
      parts.push(word(field === null ? -1 : field.length, 4))
      if (field) {
        parts.push(field)
      }
    }
  }
  parts.push(word(-1, 2))
  return Buffer.concat(parts)
}

const int = (n: number) => {
  const b = Buffer.alloc(4)
  b.writeInt32BE(n)
  return b
}

describe('parseCopyBinary: rows of a binary COPY', () => {
  it('should give each row its fields as bytes, NULL as null, over a header extension', () => {
    const body = Buffer.from('{"title":"Kế hoạch số 82/KH-UBND về cải cách hành chính"}', 'utf8')
    const rows = parseCopyBinary(
      copyOutput(
        [
          [int(6668), int(51000), body, Buffer.from('shape'), null],
          [null, null, null, null, null],
          [int(-7), int(0), Buffer.alloc(0), Buffer.from('đ'), Buffer.from('2026-12-05')],
        ],
        Buffer.from('ext!'),
      ),
    )
    expect(rows).toHaveLength(3)
    expect(int4(rows[0]![0]!)).toBe(6668)
    expect(int4(rows[0]![1]!)).toBe(51000)
    expect(rows[0]![2]!.equals(body)).toBe(true)
    expect(text(rows[0]![3]!)).toBe('shape')
    expect(rows[0]![4]).toBeNull()
    expect(rows[1]).toEqual([null, null, null, null, null])
    expect(int4(rows[2]![0]!)).toBe(-7)
    expect(rows[2]![2]!.length).toBe(0)
    expect(text(rows[2]![3]!)).toBe('đ')
  })

  it('should read no rows from an empty output', () => {
    expect(parseCopyBinary(copyOutput([]))).toEqual([])
  })

  it('should refuse what is not a whole binary COPY output', () => {
    const whole = copyOutput([[int(1), Buffer.from('abc')]])
    expect(() => parseCopyBinary(Buffer.from('1\tabc\n'))).toThrow(CopyFormatError)
    for (const cut of [whole.length - 1, whole.length - 3, 25]) {
      expect(() => parseCopyBinary(whole.subarray(0, cut))).toThrow(/cut short/)
    }
  })
})

describe('sqlLiteral and withLiterals: values written into SQL that takes no parameters', () => {
  it('should write integers as digits and strings as escape strings', () => {
    expect(sqlLiteral(42)).toBe('42')
    expect(sqlLiteral(-3)).toBe('-3')
    expect(sqlLiteral('topic')).toBe("E'topic'")
    expect(sqlLiteral("O'Brien")).toBe("E'O''Brien'")
    expect(sqlLiteral('a\\')).toBe("E'a\\\\'")
    expect(sqlLiteral("\\'; DROP TABLE articles; --")).toBe("E'\\\\''; DROP TABLE articles; --'")
    expect(sqlLiteral('Sở Nội vụ')).toBe("E'Sở Nội vụ'")
  })

  it('should refuse what it cannot write safely', () => {
    expect(() => sqlLiteral(1.5)).toThrow(TypeError)
    expect(() => sqlLiteral(Number.NaN)).toThrow(TypeError)
    expect(() => sqlLiteral(2 ** 60)).toThrow(TypeError)
    expect(() => sqlLiteral('a\0b')).toThrow(TypeError)
  })

  it('should fill each placeholder in turn, and only when the counts agree', () => {
    expect(withLiterals('SELECT ? AS a, ? AS b', ['x', 2])).toBe("SELECT E'x' AS a, 2 AS b")
    expect(() => withLiterals('SELECT ?', [])).toThrow(/placeholders/)
    expect(() => withLiterals('SELECT ?', [1, 2])).toThrow(/values/)
  })
})
