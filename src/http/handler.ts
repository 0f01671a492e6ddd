import { errorShape } from '../lib/errorShape'

/**
 * The one handler type of the API: a web Request in, a web Response out, as Payload's own route
 * handlers have it. `signedIn` says whether the request's credentials verify; it is asked at most
 * once per request (src/http/credentials.ts), and only by what loosens something for a caller.
 * Cache, ETags and the error shape are decorators of this type (see payloadRoutes.ts).
 */
export type Handle = (request: Request, signedIn: () => Promise<boolean>) => Promise<Response>

/** A handler's answer rebuilt with new headers or body: a Response's own headers are immutable. */
export const reanswer = (
  response: Response,
  body: BodyInit | null,
  edit: (headers: Headers) => void = () => undefined,
  status = response.status,
): Response => {
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  edit(headers)
  return new Response(body, { headers, status })
}

/**
 * Payload answers some errors as `{ message }`, or not as JSON at all; every error here has the
 * `{ errors: [...] }` shape.
 */
export const withErrorShape =
  (handle: Handle): Handle =>
  async (request, signedIn) => {
    const response = await handle(request, signedIn)
    if (response.status < 400) {
      return response
    }
    const text = await response.text()
    let body: unknown = null
    try {
      body = JSON.parse(text)
    } catch {
      // Not JSON after all: wrap the text below.
    }
    const shaped =
      body && typeof body === 'object' && Array.isArray((body as { errors?: unknown }).errors)
        ? text
        : JSON.stringify(
            errorShape(
              (body as { message?: string } | null)?.message ??
                (body as { error?: string } | null)?.error ??
                // GraphQL answers a body that is not JSON with an empty 415.
                (text ||
                  (response.status === 415
                    ? 'Send the body as application/json.'
                    : response.statusText || 'The request failed.')),
            ),
          )
    return reanswer(response, shaped, (headers) => headers.set('content-type', 'application/json'))
  }
