export type RedirectsPluginOptions = {
  /** `false` leaves redirects out (tests of reduced configs). */
  enabled?: boolean
}
