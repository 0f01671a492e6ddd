import type { Plugin } from 'payload'

import { ApiClients } from './ApiClients'

export type ApiClientsPluginOptions = {
  /** Set false to leave integrator keys out. */
  enabled?: boolean
}

/** Integrators' API keys: read, or write drafts for one department; revocable, expiring. */
export const apiClientsPlugin =
  (options: ApiClientsPluginOptions = {}): Plugin =>
  (incoming) =>
    options.enabled === false
      ? incoming
      : { ...incoming, collections: [...(incoming.collections ?? []), ApiClients] }
