import type { Plugin } from 'payload'

import { slugs } from '../../src/slugs'
import { addFields, hasCollection } from '../../src/plugins/compose'
import { buildPlans } from './Plans'
import type { PlansPluginOptions } from './types'

export type { PlansPluginOptions }

/** Official plans (Kế hoạch) by number and date; adds "plans issued" to organizations. */
export const plansPlugin =
  (options: PlansPluginOptions = {}): Plugin =>
  (incoming) => {
    if (options.enabled === false) {
      return incoming
    }
    const plans = buildPlans({ withMedia: hasCollection(incoming, slugs.media) })
    const config = { ...incoming, collections: [...(incoming.collections ?? []), plans] }
    return addFields(config, slugs.organizations, [
      {
        name: 'plans',
        type: 'join',
        collection: slugs.plans,
        on: 'issuer',
        defaultSort: '-issuedOn',
        label: { en: 'Plans issued', vi: 'Kế hoạch ban hành' },
      },
    ])
  }
