import type { Plugin } from 'payload'

import { slugs } from '../../src/slugs'
import { addFields, addHooks, hasCollection } from '../../src/plugins/compose'
import { dedupePeopleJoin } from './hooks/dedupePeopleJoin'
import { buildPeople } from './People'
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
    return addHooks(withJoin, slugs.organizations, { afterRead: [dedupePeopleJoin] })
  }
