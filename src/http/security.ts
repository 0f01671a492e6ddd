import helmet from 'helmet'

/**
 * Security headers with a CSP the Payload admin works under: Next inlines its bootstrap scripts
 * and styles, and the admin previews uploads from blob: URLs.
 */
export const securityHeaders = ({ dev }: { dev: boolean }) =>
  helmet({
    contentSecurityPolicy: {
      directives: {
        'connect-src': ["'self'", ...(dev ? ['ws:'] : [])],
        'default-src': ["'self'"],
        'font-src': ["'self'", 'data:'],
        'frame-ancestors': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'object-src': ["'none'"],
        'script-src': ["'self'", "'unsafe-inline'", ...(dev ? ["'unsafe-eval'"] : [])],
        'style-src': ["'self'", "'unsafe-inline'"],
        'upgrade-insecure-requests': null,
      },
    },
    crossOriginEmbedderPolicy: false,
    // The API is read by frontends on other origins.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  })
