/**
 * PostgreSQL's binary COPY format (`COPY … TO STDOUT (FORMAT binary)`), read back: a fixed
 * signature, a flags word and a header extension, then per row a 16-bit field count and each
 * field as a 32-bit length (-1: NULL) and that many bytes, then a 16-bit -1.
 * https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4
 *
 * Why it is read at all: rows that carry large byte columns (the stored renderings) cost Node
 * far more through the ordinary result path, where the pg client decodes every field into a
 * string (a bytea as hex, twice its size) that is then turned back into bytes. A binary COPY
 * hands the bytes over as they are.
 */

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')

/** Raised when the bytes are not a whole binary COPY output. */
export class CopyFormatError extends Error {
  constructor(message: string) {
    super(`binary COPY output: ${message}`)
    this.name = 'CopyFormatError'
  }
}

/**
 * The rows of a binary COPY output, each an array of its fields' bytes (null for NULL). The
 * fields are views into `data`, not copies.
 */
export const parseCopyBinary = (data: Buffer): (Buffer | null)[][] => {
  if (data.length < SIGNATURE.length + 8 || !data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
    throw new CopyFormatError('no signature')
  }
  const need = (at: number, bytes: number) => {
    if (at + bytes > data.length) {
      throw new CopyFormatError(`cut short at byte ${at}`)
    }
  }
  let at = SIGNATURE.length + 4
  at += 4 + data.readUInt32BE(at)
  const rows: (Buffer | null)[][] = []
  for (;;) {
    need(at, 2)
    const count = data.readInt16BE(at)
    at += 2
    if (count === -1) {
      return rows
    }
    const row: (Buffer | null)[] = new Array(count)
    for (let field = 0; field < count; field++) {
      need(at, 4)
      const length = data.readInt32BE(at)
      at += 4
      if (length < 0) {
        row[field] = null
        continue
      }
      need(at, length)
      row[field] = data.subarray(at, at + length)
      at += length
    }
    rows.push(row)
  }
}

/** A 32-bit integer field (int4) of a binary COPY row, or null. */
export const int4 = (field: Buffer | null | undefined): null | number =>
  field ? field.readInt32BE(0) : null

/** A text field (text, varchar: UTF-8 on a UTF-8 connection) of a binary COPY row, or null. */
export const text = (field: Buffer | null | undefined): null | string =>
  field ? field.toString('utf8') : null

/**
 * A literal for SQL that cannot take parameters (COPY): an integer as digits, a string as an
 * escape string (`E'…'`, whose backslashes are escapes whatever `standard_conforming_strings`
 * says) with its backslashes and quotes doubled. Anything else, and strings holding NUL, are
 * refused.
 */
export const sqlLiteral = (value: number | string): string => {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new TypeError(`not an integer: ${value}`)
    }
    return String(value)
  }
  if (value.includes('\0')) {
    throw new TypeError('a string holding NUL')
  }
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}

/** `sql` with each `?` in turn replaced by the literal of `values`' next value (sqlLiteral). */
export const withLiterals = (sql: string, values: (number | string)[]): string => {
  let next = 0
  const filled = sql.replace(/\?/g, () => {
    if (next >= values.length) {
      throw new TypeError('more placeholders than values')
    }
    return sqlLiteral(values[next++]!)
  })
  if (next !== values.length) {
    throw new TypeError('more values than placeholders')
  }
  return filled
}
