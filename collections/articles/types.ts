export type ArticlesPluginOptions = {
  /**
   * Autosave interval for drafts in the admin, in milliseconds (0: off); default the
   * AUTOSAVE_SECONDS default. Automatic linking runs on an explicit save, which stays offered.
   */
  autosaveMs?: number
  /** Set false to leave the collection out entirely. */
  enabled?: boolean
}
