export type PeoplePluginOptions = {
  /** Set false to leave the collection out entirely. */
  enabled?: boolean
}
