import ipaddr from 'ipaddr.js'

/**
 * Where an address points, for the webhook guard: `public` is always allowed, `private` only with
 * WEBHOOK_ALLOW_PRIVATE=1, `forbidden` never (link-local, cloud metadata, multicast, reserved).
 */
export type AddressClass = 'forbidden' | 'private' | 'public'

/** Cloud metadata services outside the link-local range (Alibaba's; AWS's IPv6 one). */
const METADATA = new Set(
  ['100.100.100.200', 'fd00:ec2::254'].map((text) => ipaddr.parse(text).toNormalizedString()),
)

const PRIVATE_V4 = new Set(['carrierGradeNat', 'loopback', 'private', 'unspecified'])
const PRIVATE_V6 = new Set(['loopback', 'uniqueLocal', 'unspecified'])

const classifyV4 = (address: ipaddr.IPv4): AddressClass => {
  if (METADATA.has(address.toNormalizedString())) {
    return 'forbidden'
  }
  const range = address.range()
  if (range === 'unicast') {
    return 'public'
  }
  return PRIVATE_V4.has(range) ? 'private' : 'forbidden'
}

/** The IPv4 address inside a 6to4 (2002::/16) or NAT64 (64:ff9b::/96) address. */
const embeddedV4 = (address: ipaddr.IPv6, range: string): ipaddr.IPv4 | null => {
  const bytes = address.toByteArray()
  if (range === '6to4') {
    return new ipaddr.IPv4(bytes.slice(2, 6))
  }
  if (range === 'rfc6052' || range === 'rfc6145') {
    return new ipaddr.IPv4(bytes.slice(12, 16))
  }
  return null
}

/** Classifies one IP address (v4 or v6, as text); anything that does not parse is forbidden. */
export const classifyAddress = (raw: string): AddressClass => {
  const text = raw.replace(/^\[|\]$/g, '').replace(/%.*$/, '')
  if (!ipaddr.isValid(text)) {
    return 'forbidden'
  }
  const parsed = ipaddr.parse(text)
  if (parsed.kind() === 'ipv4') {
    return classifyV4(parsed as ipaddr.IPv4)
  }
  const v6 = parsed as ipaddr.IPv6
  if (v6.isIPv4MappedAddress()) {
    return classifyV4(v6.toIPv4Address())
  }
  if (METADATA.has(v6.toNormalizedString())) {
    return 'forbidden'
  }
  const range = v6.range()
  if (range === 'unicast') {
    return 'public'
  }
  const inner = embeddedV4(v6, range)
  if (inner) {
    return classifyV4(inner)
  }
  return PRIVATE_V6.has(range) ? 'private' : 'forbidden'
}

/** Why a target address is refused, or null when it may be called. */
export const refusalOf = (address: string, allowPrivate: boolean): null | string => {
  const kind = classifyAddress(address)
  if (kind === 'forbidden') {
    return `${address} is a link-local, metadata or reserved address; webhooks never call it`
  }
  if (kind === 'private' && !allowPrivate) {
    return `${address} is a loopback or private address; set WEBHOOK_ALLOW_PRIVATE=1 to allow it`
  }
  return null
}

/** The URL's host as an IP literal (brackets removed), or null when it is a name. */
export const ipLiteralOf = (hostname: string): null | string => {
  const bare = hostname.replace(/^\[|\]$/g, '')
  return ipaddr.isValid(bare) ? bare : null
}
