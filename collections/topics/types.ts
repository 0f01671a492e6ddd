export type TopicsPluginOptions = {
  /** Set false to leave the collection out entirely. */
  enabled?: boolean
}
