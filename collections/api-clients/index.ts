import type { Plugin } from 'payload'

import { ApiClients } from './ApiClients'

export type ApiClientsPluginOptions = {
  /** Set false to leave integrator keys out. */
  enabled?: boolean
}

/** Read-only API keys for integrators, revocable from the admin. */
export const apiClientsPlugin =
  (options: ApiClientsPluginOptions = {}): Plugin =>
  (incoming) =>
    options.enabled === false
      ? incoming
      : { ...incoming, collections: [...(incoming.collections ?? []), ApiClients] }
