import type { Config, Payload } from 'payload'

/**
 * Periodic upkeep a content plugin declares (in `config.custom.maintenance`) and the running
 * server carries out: derived data that goes stale with time rather than with a save. `run`
 * returns how many records it rewrote, so readers' caches can be dropped when it did.
 */
export type MaintenanceTask = {
  everyMs: number
  name: string
  run: (payload: Payload, now?: number) => Promise<number>
}

/** Adds `task` to a config's maintenance list. */
export const withMaintenanceTask = (config: Config, task: MaintenanceTask): Config => ({
  ...config,
  custom: {
    ...config.custom,
    maintenance: [...((config.custom?.maintenance as MaintenanceTask[] | undefined) ?? []), task],
  },
})

export const maintenanceTasks = (payload: Payload): MaintenanceTask[] =>
  (payload.config.custom?.maintenance as MaintenanceTask[] | undefined) ?? []
