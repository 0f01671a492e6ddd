/** Unicode NFC: Vietnamese typed on different keyboards arrives composed or decomposed; store one form. */
export const toNFC = (value: string): string => value.normalize('NFC')

/** NFC-normalizes every string inside plain objects and arrays; other values pass through unchanged. */
export const normalizeDeep = <T>(value: T): T => {
  if (typeof value === 'string') {
    return toNFC(value) as T
  }
  if (Array.isArray(value)) {
    return value.map((item) => normalizeDeep(item)) as T
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const [key, item] of Object.entries(value)) {
      out[key] = normalizeDeep(item)
    }
    return out as T
  }
  return value
}
