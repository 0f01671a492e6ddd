/** An official document cited by its number. */
export type ExtractedDocument = {
  /** document type as written ("Kế hoạch", "văn bản") or as the number's code implies */
  kind: string
  /** the number exactly as written, e.g. "82/KH-BQLKKT" */
  number: string
  /** ISO date `YYYY-MM-DD` */
  issuedOn: string | null
  issuer: string | null
}

export type ExtractedPosition = { title: string; organization: string | null }

export type ExtractedPerson = {
  name: string
  /** "ông", "bà", "đồng chí" or null */
  honorific: string | null
  positions: ExtractedPosition[]
}

export type ExtractedOrganization = { name: string }

/** An organization the portal already knows, to recognise its abbreviations and document code. */
export type KnownOrganization = {
  name: string
  shortName?: string | null
  documentCode?: string | null
}

export type ExtractOptions = { organizations?: KnownOrganization[] }

export type ExtractResult = {
  documents: ExtractedDocument[]
  people: ExtractedPerson[]
  organizations: ExtractedOrganization[]
}
