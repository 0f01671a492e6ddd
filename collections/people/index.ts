import type { Plugin } from 'payload'

import { withMaintenanceTask } from '../../src/maintenance'
import { slugs } from '../../src/slugs'
import { addFields, addHooks, hasCollection } from '../../src/plugins/compose'
import { dedupePeopleJoin } from './hooks/dedupePeopleJoin'
import { buildPeople } from './People'
import { REFRESH_CRON, refreshPositionSummaries } from './refreshSummaries'
import type { PeoplePluginOptions } from './types'

export type { PeoplePluginOptions }

/** Persons with their positions; adds the "people holding positions" join to organizations. */
export const peoplePlugin =
  (options: PeoplePluginOptions = {}): Plugin =>
  (incoming) => {
    if (options.enabled === false) {
      return incoming
    }
    const people = buildPeople({ withMedia: hasCollection(incoming, slugs.media) })
    const config = { ...incoming, collections: [...(incoming.collections ?? []), people] }
    const withJoin = addFields(config, slugs.organizations, [
      {
        name: 'people',
        type: 'join',
        collection: slugs.people,
        on: 'positions.organization',
        label: { en: 'People holding positions', vi: 'Nhân sự giữ chức vụ' },
      },
    ])
    const withHooks = addHooks(withJoin, slugs.organizations, { afterRead: [dedupePeopleJoin] })
    // Offices end on dates, not on saves: an hourly job rewrites summaries that went stale.
    return withMaintenanceTask(withHooks, {
      cron: REFRESH_CRON,
      label: 'Cập nhật chức vụ hiện tại của nhân sự',
      run: refreshPositionSummaries,
      slug: 'refreshPositionSummaries',
    })
  }
