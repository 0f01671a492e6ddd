/**
 * What every answer of the API must be, whoever asks and whatever they send: JSON below 500, in
 * the error shape when refused, and showing none of the server's internals. Used by the fuzz suite
 * and by the regressions it found, in the suites of what they test.
 */
type Doc = Record<string, any>

/** What would betray the server's internals in an answer. */
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
export const INTERNALS: [string, RegExp][] = [
  ['a stack frame', /(?:\\n|\n|^)\s+at\s|\s{4}at\s/],
  ['a stack frame location', /\bat\s[^\s"]*\s?\((?:file:\/\/)?\/[^)"]*:\d+:\d+\)/],
  ['a node_modules path', /node_modules/],
  ['a database error', /SQLITE_|LibsqlError|Failed query:|MongoServerError/],
  ['a path of the server', new RegExp(escapeRegExp(process.cwd()))],
  ['a test database file', /cms-test-[0-9a-f-]{36}/],
]

export const internalsIn = (text: string): null | string =>
  INTERNALS.find(([, pattern]) => pattern.test(text))?.[0] ?? null

const ANSWER_WITHIN_MS = 15_000

export type RequestShape = { body?: unknown; contentType?: string; method?: string }

/** A fetch that keeps the raw text, so the assertions see exactly what went over the wire. */
export type Sent = {
  contentType: string
  json: unknown
  parsed: boolean
  status: number
  text: string
}
export const send = async (
  url: string,
  init: {
    body?: string
    headers?: Record<string, string>
    method?: string
  } = {},
): Promise<Sent> => {
  const response = await fetch(url, {
    body: init.body,
    headers: init.headers,
    method: init.method ?? 'GET',
    signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
  }).catch((error: unknown) => {
    throw new Error(`${init.method ?? 'GET'} ${url}: no answer (${String(error)})`)
  })
  const text = await response.text()
  let json: unknown = undefined
  let parsed = false
  try {
    json = JSON.parse(text)
    parsed = true
  } catch {
    // Asserted on below.
  }
  return {
    contentType: response.headers.get('content-type') ?? '',
    json,
    parsed,
    status: response.status,
    text,
  }
}

/** Throws with what was sent and what came back, so a fast-check counterexample is readable. */
export const problem = (what: string, sent: Sent, request: unknown): never => {
  throw new Error(
    `${what}\nrequest: ${JSON.stringify(request)?.slice(0, 2000)}\n` +
      `answer ${sent.status} (${sent.contentType}): ${sent.text.slice(0, 2000)}`,
  )
}

/** Everything every answer must be, whoever asked and whatever they sent. */
export const assertWellFormed = (sent: Sent, request: unknown) => {
  if (sent.status >= 500) {
    problem(`status ${sent.status}`, sent, request)
  }
  if (!sent.contentType.includes('application/json') || !sent.parsed) {
    problem('the answer is not JSON', sent, request)
  }
  const leaked = internalsIn(sent.text)
  if (leaked) {
    problem(`the answer shows ${leaked}`, sent, request)
  }
  if (sent.status >= 400) {
    const errors = (sent.json as { errors?: unknown } | null)?.errors
    const shaped =
      Array.isArray(errors) &&
      errors.length > 0 &&
      errors.every(
        (error) =>
          error &&
          typeof error === 'object' &&
          typeof (error as { message?: unknown }).message === 'string' &&
          (error as { message: string }).message.length > 0,
      )
    if (!shaped) {
      problem('a 4xx without the { errors: [{ message }] } shape', sent, request)
    }
  }
}

/** The records a REST answer returns at its top level (a list's docs, or one document). */
export const topDocs = (body: unknown): Doc[] => {
  if (!body || typeof body !== 'object') {
    return []
  }
  const { docs } = body as { docs?: unknown }
  if (Array.isArray(docs)) {
    return docs.filter((doc): doc is Doc => Boolean(doc) && typeof doc === 'object')
  }
  return 'id' in body ? [body as Doc] : []
}

/**
 * A request answered and checked by assertWellFormed: `headers` carry the caller's credentials;
 * a body that is not a string is sent as JSON.
 */
export const callApi = async (
  baseUrl: string,
  path: string,
  {
    body,
    contentType = 'application/json',
    headers = {},
    method = 'GET',
  }: RequestShape & { headers?: Record<string, string> } = {},
): Promise<Sent> => {
  const request = { body, contentType, method, path }
  const sent = await send(`${baseUrl}${path}`, {
    body: typeof body === 'string' || body === undefined ? body : JSON.stringify(body),
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': contentType }) },
    method,
  })
  assertWellFormed(sent, request)
  return sent
}

/** A GraphQL request through callApi; fails on an error from inside the server. */
export const callGraphql = async (
  baseUrl: string,
  query: string,
  headers: Record<string, string> = {},
): Promise<{ data?: Doc; errors?: Doc[] }> => {
  const sent = await callApi(baseUrl, '/api/graphql', { body: { query }, headers, method: 'POST' })
  const errors = (sent.json as { errors?: Doc[] }).errors ?? []
  const internal = errors.find((error) => (error.extensions?.statusCode ?? 0) >= 500)
  if (internal) {
    problem('a GraphQL error from inside the server', sent, { query })
  }
  return sent.json as { data?: Doc; errors?: Doc[] }
}
