import { errorShape } from '../lib/errorShape'

/**
 * The one handler type of the API: a web Request in, a web Response out, as Payload's own route
 * handlers have it. `signedIn` says whether the request's credentials verify; it is asked at most
 * once per request (src/http/credentials.ts), and only by what loosens something for a caller.
 * Cache, ETags and the error shape are decorators of this type (see payloadRoutes.ts).
 */
export type Handle = (request: Request, signedIn: () => Promise<boolean>) => Promise<Response>

/** The bytes of the Responses built here from bytes in memory, as chunks (see bufferedResponse). */
const buffered = new WeakMap<Response, readonly Uint8Array[]>()

/**
 * A Response of bytes already in memory (one buffer, or chunks to send in order), remembered with
 * it: sendWebResponse writes them as they are instead of reading the Response's web stream. The
 * Response itself reads them only when someone reads its body: undici copies a byte body it is
 * given (about 0.12 ms for a 150 KB page of a list, as much as reading that page from SQLite).
 */
export const bufferedResponse = (
  body: null | readonly Uint8Array[] | string | Uint8Array,
  init: ResponseInit,
): Response => {
  if (body === null) {
    return new Response(null, init)
  }
  const chunks =
    typeof body === 'string'
      ? [Buffer.from(body, 'utf8')]
      : body instanceof Uint8Array
        ? [body]
        : body
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      for (const chunk of chunks) {
        controller.enqueue(chunk)
      }
      controller.close()
    },
  })
  const response = new Response(stream, init)
  buffered.set(response, chunks)
  return response
}

/** The chunks of a Response made by bufferedResponse whose body has not been read, or undefined. */
export const bufferedBody = (response: Response): readonly Uint8Array[] | undefined =>
  response.bodyUsed ? undefined : buffered.get(response)

/** The bodies of Requests built from bytes in memory (toWebRequest), as those bytes. */
const requestBodies = new WeakMap<Request, Buffer | string>()

/** Remembers the bytes a Request's body was made of (see requestText). */
export const rememberBody = (request: Request, body: Buffer | string): void => {
  requestBodies.set(request, body)
}

/**
 * The text of a Request's body built from bytes in memory, without reading the Request (which
 * would use its body up, or need a clone, whose stream is teed): undefined when it has been read
 * or was not built so. Whoever reads it this way leaves the body to the next handler.
 */
export const requestText = (request: Request): string | undefined => {
  const body = request.bodyUsed ? undefined : requestBodies.get(request)
  if (body === undefined || typeof body === 'string') {
    return body
  }
  // Decoded once: the cache and the GraphQL handler both ask.
  const text = body.toString('utf8')
  requestBodies.set(request, text)
  return text
}

/**
 * A handler's answer rebuilt with new headers or body: a Response's own headers are immutable.
 * Passing on the answer's own unread body keeps its bytes in memory if it had them.
 */
export const reanswer = (
  response: Response,
  body: BodyInit | null,
  edit: (headers: Headers) => void = () => undefined,
  status = response.status,
): Response => {
  const headers = new Headers(response.headers)
  headers.delete('content-length')
  edit(headers)
  const bytes =
    typeof body === 'string' || body instanceof Uint8Array
      ? body
      : body !== null && body === response.body
        ? bufferedBody(response)
        : undefined
  return bytes === undefined
    ? new Response(body, { headers, status })
    : bufferedResponse(bytes, { headers, status })
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
