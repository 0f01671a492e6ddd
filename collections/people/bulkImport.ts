import type { BulkImportCustom } from '../../src/import/storedShape'
import { idOf } from '../../src/access'
import { summarizeCurrent } from '../../src/lib/people/positions'
import { slugify } from '../../src/lib/vietnamese'

/** What a save derives for a person: the slug and the current positions' summary. */
export const peopleBulkImport: BulkImportCustom = {
  derive: ({ data, organizationName, stored }) => ({
    positionsSummary: summarizeCurrent(
      stored.positions as Array<{ organization: unknown; title: string }>,
      (organization) => organizationName(idOf(organization)),
      Date.now(),
    ),
    slug: slugify(data.slug as string),
  }),
}
