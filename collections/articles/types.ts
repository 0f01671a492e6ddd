export type ArticlesPluginOptions = {
  /** Autosave interval for drafts in the admin, in milliseconds; 0 turns autosave off. */
  autosaveMs?: number
  /** Set false to leave the collection out entirely. */
  enabled?: boolean
}
