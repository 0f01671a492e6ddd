export type PlansPluginOptions = {
  /** Set false to leave the collection out entirely. */
  enabled?: boolean
}
