/**
 * Reads Vietnamese administrative text the way a clerk does: which documents are cited, who
 * holds which office, which agencies are mentioned. Pure TypeScript, no dependencies.
 */
import { documentsIn } from './documents'
import { indexKnown } from './known'
import { organizationsIn } from './organizations'
import { peopleIn } from './people'
import { prepare } from './text'
import type { ExtractOptions, ExtractResult } from './types'

export { extractDocuments } from './documents'
export { extractPeople } from './people'
export { extractOrganizations } from './organizations'
export { inferDates, inferEventDate, parseVietnameseDate } from './dates'
export type { EventDate } from './dates'
export { documentIdentity, hasCode, kindFromCode, parseDocumentNumber } from './kinds'
export type {
  ExtractedDocument,
  ExtractedOrganization,
  ExtractedPerson,
  ExtractedPosition,
  ExtractOptions,
  ExtractResult,
  KnownOrganization,
} from './types'

/** Documents, people and organizations of one text (NFC-normalized first; NFD input works). */
export const extract = (text: string, options: ExtractOptions = {}): ExtractResult => {
  const prepared = prepare(text)
  const known = indexKnown(options.organizations)
  return {
    documents: documentsIn(prepared, known),
    people: peopleIn(prepared),
    organizations: organizationsIn(prepared, known),
  }
}
