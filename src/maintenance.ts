import type { Config, Payload } from 'payload'

/**
 * Periodic upkeep a content plugin declares (in `config.custom.maintenance`): derived data that
 * goes stale with time rather than with a save. The jobs plugin (src/plugins/jobs.ts) makes each
 * a Payload task on a schedule, so it runs once per period across every instance; `run` returns
 * how many records it rewrote, so readers' caches can be dropped when it did.
 */
export type MaintenanceTask = {
  /** When it runs: a cron expression (croner; a sixth, leading field counts seconds). */
  cron: string
  /** What the admin's job list and the log call it. */
  label: string
  run: (payload: Payload, now?: number) => Promise<number>
  /** The job queue's task slug. */
  slug: string
}

/** Adds `task` to a config's maintenance list. */
export const withMaintenanceTask = (config: Config, task: MaintenanceTask): Config => ({
  ...config,
  custom: {
    ...config.custom,
    maintenance: [...((config.custom?.maintenance as MaintenanceTask[] | undefined) ?? []), task],
  },
})

export const maintenanceTasks = (config: Pick<Config, 'custom'>): MaintenanceTask[] =>
  (config.custom?.maintenance as MaintenanceTask[] | undefined) ?? []
