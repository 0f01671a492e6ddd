export type ArticlesPluginOptions = {
  /**
   * Autosave interval for drafts in the admin, in milliseconds; default 0, off. Automatic linking
   * runs on an explicit save, and Payload disables "Save draft" once an autosave has caught up.
   */
  autosaveMs?: number
  /** Set false to leave the collection out entirely. */
  enabled?: boolean
}
