export type OrganizationsPluginOptions = {
  /** Set false to leave the collection out entirely (the other types then drop their links to it). */
  enabled?: boolean
}
