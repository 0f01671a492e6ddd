/**
 * Rows as PostgreSQL's text COPY format reads them (`COPY … FROM STDIN`): one line per row, its
 * fields separated by tabs, NULL written `\N`, and a backslash, newline, carriage return or tab
 * inside a value escaped with a backslash.
 * https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.2
 *
 * Why: a batch import inserts thousands of rows per table (search entries, audit entries and
 * their texts, locales, relations). As multi-row INSERTs with bound parameters, PostgreSQL parses
 * and plans statements of tens of thousands of parameters; a COPY streams the same rows into the
 * table's bulk-insert path. Each value is written as the pg client would send it as a parameter
 * (its `toString()`), so the stored rows are the same.
 */

/** A value a text COPY takes as the pg client would bind it; anything else is left to INSERT. */
export type CopyValue = boolean | null | number | string

export const isCopyValue = (value: unknown): value is CopyValue =>
  value === null ||
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value))

const ESCAPES: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\\': '\\\\' }

const field = (value: CopyValue): string =>
  value === null ? '\\N' : String(value).replace(/[\\\t\n\r]/g, (char) => ESCAPES[char]!)

/** The text of `rows` (each the same number of values, in the COPY's column order). */
export const copyTextOf = (rows: CopyValue[][]): string => {
  let text = ''
  for (const row of rows) {
    text += `${row.map(field).join('\t')}\n`
  }
  return text
}
