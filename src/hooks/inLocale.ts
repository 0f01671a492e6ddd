import type { PayloadRequest } from 'payload'

/**
 * Runs a hook's Local API call that reads in another locale. Payload writes the call's `locale`
 * onto the shared `req`, so without this the rest of the save (and its other hooks) would go on in
 * that locale: an English edit was stored as the Vietnamese text.
 */
export const inLocale = async <T>(req: PayloadRequest, run: () => Promise<T>): Promise<T> => {
  const saved = { fallbackLocale: req.fallbackLocale, locale: req.locale }
  try {
    return await run()
  } finally {
    req.locale = saved.locale
    req.fallbackLocale = saved.fallbackLocale
  }
}
