/** What a sign-in recorded about the client that started a session (kept apart from Payload's own session list). */
export type SessionDetail = { ip: null | string; userAgent: null | string }

/** Session id → what its sign-in recorded. */
export type SessionDetails = Record<string, SessionDetail>

/** Enough for any real browser's User-Agent; a longer one is cut, so a client cannot fill the record. */
export const USER_AGENT_MAX = 256
/** The longest textual IPv6 address (with an embedded IPv4 part) is 45 characters. */
const IP_MAX = 45
/** Sessions kept per account at most: Payload keeps expired ones until the next sign-in. */
export const SESSION_DETAILS_MAX = 50

const clean = (value: unknown, max: number): null | string => {
  if (typeof value !== 'string') {
    return null
  }
  // Control characters are of no use to a reader and could garble a log or a table.
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  return text ? text.slice(0, max) : null
}

/**
 * The client's address and browser as a sign-in saw them: the address as Express worked it out
 * (an IPv4 address written IPv6-mapped, `::ffff:1.2.3.4`, shown as `1.2.3.4`), the User-Agent cut
 * to USER_AGENT_MAX characters.
 */
export const sessionDetail = (ip: unknown, userAgent: unknown): SessionDetail => {
  const address = clean(ip, IP_MAX)
  const mapped = address ? /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address) : null
  return { ip: mapped ? mapped[1]! : address, userAgent: clean(userAgent, USER_AGENT_MAX) }
}

/** Reads the stored details back, dropping anything not of their shape. */
export const readSessionDetails = (stored: unknown): SessionDetails => {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) {
    return {}
  }
  const details: SessionDetails = {}
  for (const [sid, value] of Object.entries(stored as Record<string, unknown>)) {
    if (value && typeof value === 'object') {
      const { ip, userAgent } = value as Record<string, unknown>
      details[sid] = {
        ip: typeof ip === 'string' ? ip : null,
        userAgent: typeof userAgent === 'string' ? userAgent : null,
      }
    }
  }
  return details
}

/**
 * The details of the sessions still in `liveIds` (the account's session list), with `added` for
 * a new session; the newest SESSION_DETAILS_MAX at most.
 */
export const keepSessionDetails = (
  details: SessionDetails,
  liveIds: readonly string[],
  added?: { detail: SessionDetail; id: string },
): SessionDetails => {
  const live = new Set(liveIds)
  const kept = Object.entries(details).filter(([id]) => live.has(id) && id !== added?.id)
  if (added) {
    kept.push([added.id, added.detail])
  }
  return Object.fromEntries(kept.slice(-SESSION_DETAILS_MAX))
}

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\b(?:OPR|Opera)\//, 'Opera'],
  [/\bCocCoc/i, 'Cốc Cốc'],
  [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
  [/\b(?:Headless)?Chrom(?:e|ium)\/|\bCriOS\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
]
const SYSTEMS: [RegExp, string][] = [
  [/\bAndroid\b/, 'Android'],
  [/\biPhone|\biPad|\biPod/, 'iOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bLinux\b/, 'Linux'],
]

/** A short reading of a User-Agent for editors ("Chrome trên Windows"); null when none is known. */
export const describeUserAgent = (userAgent: null | string | undefined): null | string => {
  if (!userAgent) {
    return null
  }
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1]
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1]
  if (browser && system) {
    return `${browser} trên ${system}`
  }
  return browser ?? system ?? null
}
