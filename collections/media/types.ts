export type MediaPluginOptions = {
  /** Folder for uploaded files; default `media/` at the project root. */
  staticDir?: string
  /** Largest accepted upload in bytes; default 20 MB. */
  maxFileSize?: number
}
