import type { CollectionBeforeValidateHook, Where } from 'payload'
import type { Plan } from '../../../src/payload-types'

import { issuerCodesOf } from '../../../src/lib/documents/number'
import { slugs } from '../../../src/slugs'
import { asSystem } from '../../../src/access/asSystem'

/** Fills an empty issuer from the code in the plan's number (82/KH-BQLKKT → BQLKKT). */
export const resolveIssuer: CollectionBeforeValidateHook<Plan> = async ({
  data,
  originalDoc,
  req,
}) => {
  if (!data || data.issuer || originalDoc?.issuer) {
    return data
  }
  const number = typeof data.number === 'string' ? data.number : originalDoc?.number
  const codes = typeof number === 'string' ? issuerCodesOf(number) : []
  if (codes.length === 0) {
    return data
  }
  // The issuer is public reference data, whoever is saving the plan.
  const { docs } = await req.payload.find({
    collection: slugs.organizations,
    depth: 0,
    // Reverse joins are never needed here, and each is a query over the archive.
    joins: false,
    limit: 1,
    ...asSystem(req),
    pagination: false,
    where: {
      or: codes.flatMap((code): Where[] => [
        { documentCode: { equals: code } },
        { shortName: { equals: code } },
      ]),
    },
  })
  if (docs[0]) {
    data.issuer = docs[0].id
  }
  return data
}
