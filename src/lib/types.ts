/** A record's id: a number on SQLite and PostgreSQL, a string on MongoDB. */
export type Id = number | string

/** A record or its data as plain fields, before it is known to be of one collection. */
export type Doc = Record<string, unknown>
