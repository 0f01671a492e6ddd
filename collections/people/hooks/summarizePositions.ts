import type { CollectionBeforeChangeHook, TypedLocale } from 'payload'

import { inLocale } from '../../../src/hooks/inLocale'
import { idOf } from '../../../src/access'
import { slugs } from '../../../src/slugs'

type Position = { endDate?: null | string; organization?: unknown; title?: null | string }

/** An empty end date, or one not yet passed, means the person still holds the office. */
const isCurrent = (position: Position, now: number): boolean =>
  !position.endDate || new Date(position.endDate).getTime() >= now

/**
 * Stores "Phó Giám đốc – Sở Nội vụ; Trưởng đoàn – Đoàn kiểm tra" from the current positions, so
 * the staff directory lists and sorts people by office without loading every organization.
 */
export const summarizePositions: CollectionBeforeChangeHook = async ({
  data,
  originalDoc,
  req,
}) => {
  const positions = (
    Array.isArray(data.positions) ? data.positions : (originalDoc?.positions ?? [])
  ) as Position[]
  const now = Date.now()
  const current = positions.filter((position) => position.title && isCurrent(position, now))
  const ids = [
    ...new Set(current.map((position) => idOf(position.organization)).filter((id) => id !== null)),
  ]
  const names = new Map<string, string>()
  if (ids.length > 0) {
    // System lookup: organization names are public reference data, whoever saves the person.
    const { docs } = await inLocale(req, () =>
      req.payload.find({
        collection: slugs.organizations,
        depth: 0,
        // Reverse joins are never needed here, and each is a query over the archive.
        joins: false,
        draft: true,
        limit: ids.length,
        locale: (req.payload.config.localization
          ? req.payload.config.localization.defaultLocale
          : undefined) as TypedLocale | undefined,
        overrideAccess: true,
        pagination: false,
        req,
        select: { name: true },
        where: { id: { in: ids } },
      }),
    )
    for (const doc of docs) {
      names.set(String(doc.id), String(doc.name ?? ''))
    }
  }
  data.positionsSummary = current
    .map((position) => {
      const organization = names.get(String(idOf(position.organization)))
      return organization ? `${String(position.title)} – ${organization}` : String(position.title)
    })
    .join('; ')
  return data
}
