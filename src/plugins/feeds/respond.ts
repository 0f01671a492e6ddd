import { errorResponse } from '../../lib/errorShape'

/** The same as a cached anonymous REST read (src/http/cache.ts), so proxies keep it as long. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=30, stale-while-revalidate=60'

export const jsonError = errorResponse

export const xmlResponse = (body: BodyInit, contentType: string): Response =>
  new Response(body, {
    headers: { 'Cache-Control': PUBLIC_CACHE_CONTROL, 'Content-Type': contentType },
    status: 200,
  })
