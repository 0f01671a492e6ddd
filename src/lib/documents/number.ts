/**
 * The issuer codes in an official document number, most specific first:
 * "82/KH-BQLKKT" → ["BQLKKT"], "2158/UBND-KTTH" → ["UBND-KTTH", "UBND"],
 * "15/2023/TT-BNV" → ["BNV"]. The first segment after the type letters names the issuer.
 */
export const issuerCodesOf = (number: string): string[] => {
  const last = number.normalize('NFC').trim().split('/').pop() ?? ''
  const parts = last.split(/[-–]/).filter(Boolean)
  if (parts.length < 2) {
    return []
  }
  // A code like "UBND-KTTH" has no type letters: its first part is already the issuer.
  const isTypeCode = /^(KH|QĐ|QD|NĐ|ND|NQ|TT|CT|TB|BC|TTr|HD|CV|KL|CĐ|QC|TTLT|BB|GM|GP|GCN)$/i.test(
    parts[0] ?? '',
  )
  const issuerParts = isTypeCode ? parts.slice(1) : parts
  const codes: string[] = []
  for (let end = issuerParts.length; end >= 1; end -= 1) {
    codes.push(issuerParts.slice(0, end).join('-'))
  }
  return codes
}
