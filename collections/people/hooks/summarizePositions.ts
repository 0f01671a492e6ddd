import type { CollectionBeforeChangeHook, Payload, PayloadRequest, TypedLocale } from 'payload'
import type { Person } from '../../../src/payload-types'

import { idOf } from '../../../src/access'
import { inLocale } from '../../../src/hooks/inLocale'
import type { Position } from '../../../src/lib/people/positions'
import { currentPositions, summarizeCurrent } from '../../../src/lib/people/positions'
import { slugs } from '../../../src/slugs'
import { asSystem } from '../../../src/access/asSystem'

/**
 * The names, in the default locale, of the organizations `positions` name, by id. System lookup:
 * organization names are public reference data, whoever saves the person.
 */
export const organizationNames = async (
  payload: Payload,
  positions: Position[],
  req?: PayloadRequest,
): Promise<Map<string, string>> => {
  const ids = [
    ...new Set(
      positions.map((position) => idOf(position.organization)).filter((id) => id !== null),
    ),
  ]
  const names = new Map<string, string>()
  if (ids.length === 0) {
    return names
  }
  const find = () =>
    payload.find({
      collection: slugs.organizations,
      depth: 0,
      // Reverse joins are never needed here, and each is a query over the archive.
      joins: false,
      draft: true,
      limit: ids.length,
      locale: (payload.config.localization
        ? payload.config.localization.defaultLocale
        : undefined) as TypedLocale | undefined,
      // Names are read whoever saves, or with no one (maintenance).
      ...asSystem(req),
      pagination: false,
      select: { name: true },
      where: { id: { in: ids } },
    })
  const { docs } = req ? await inLocale(req, find) : await find()
  for (const doc of docs) {
    names.set(String(doc.id), String(doc.name ?? ''))
  }
  return names
}

/** "Phó Giám đốc – Sở Nội vụ; …" for `positions` at `now`, names looked up. */
const summaryOf = async (
  payload: Payload,
  positions: Position[],
  now: number,
  req?: PayloadRequest,
): Promise<string> => {
  const names = await organizationNames(payload, currentPositions(positions, now), req)
  return summarizeCurrent(positions, (organization) => names.get(String(idOf(organization))), now)
}

/**
 * Stores "Phó Giám đốc – Sở Nội vụ; Trưởng đoàn – Đoàn kiểm tra" from the current positions, so
 * the staff directory lists and sorts people by office without loading every organization.
 * refreshPositionSummaries keeps it true as end dates pass.
 */
export const summarizePositions: CollectionBeforeChangeHook<Person> = async ({
  data,
  originalDoc,
  req,
}) => {
  const positions = (
    Array.isArray(data.positions) ? data.positions : (originalDoc?.positions ?? [])
  ) as Position[]
  data.positionsSummary = await summaryOf(req.payload, positions, Date.now(), req)
  return data
}
