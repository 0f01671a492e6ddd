/**
 * GraphQL over HTTP as graphql-http 1.23 reads a POST: which answer type the Accept header asks
 * for, and the parameters of a JSON body. Pure; used where a query is answered without
 * graphql-http (src/compat/graphqlHandler.ts), so its answers must be graphql-http's.
 */

export type AnswerType = 'application/graphql-response+json' | 'application/json'

/**
 * The answer type graphql-http chooses: the first acceptable entry of the Accept header (no
 * weights), `application/json` for `*\/*`, `application/*` or none; null where it answers 406.
 */
export const acceptedAnswerType = (accept: null | string | undefined): AnswerType | null => {
  const entries = (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')
  for (const entry of entries) {
    const [mediaType, ...params] = entry.split(';')
    const charset = params.find((param) => param.includes('charset=')) || 'charset=utf-8'
    if (mediaType === 'application/graphql-response+json' && charset === 'charset=utf-8') {
      return 'application/graphql-response+json'
    }
    if (
      (mediaType === 'application/json' || mediaType === 'application/*' || mediaType === '*/*') &&
      (charset === 'charset=utf-8' || charset === 'charset=utf8')
    ) {
      return 'application/json'
    }
  }
  return null
}

/** The Content-Type header graphql-http gives an answer of that type. */
export const answerContentType = (type: AnswerType): string => `${type}; charset=utf-8`

/** Whether graphql-http reads a POST with this Content-Type as JSON (UTF-8, said or assumed). */
export const isJsonPost = (contentType: null | string | undefined): boolean => {
  const [mediaType, charset = 'charset=utf-8'] = (contentType || '')
    .replace(/\s/g, '')
    .toLowerCase()
    .split(';')
  return mediaType === 'application/json' && charset === 'charset=utf-8'
}

export type QueryParams = {
  operationName?: null | string
  query: string
  variables?: null | Record<string, unknown>
}

const BODY_KEYS = new Set(['operationName', 'query', 'variables'])

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A JSON body (the parsed object itself) when it holds GraphQL's parameters and nothing else: `query` (a string), and
 * `variables` (an object) and `operationName` (a string) if set, each possibly null. Null for any
 * other body (not JSON, other keys such as `extensions` or a locale, values of other types),
 * which graphql-http and Payload then read (and answer) themselves.
 */
export const plainQueryParams = (text: string): null | QueryParams => {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return null
  }
  if (!isPlainObject(body) || typeof body.query !== 'string') {
    return null
  }
  for (const key of Object.keys(body)) {
    if (!BODY_KEYS.has(key)) {
      return null
    }
  }
  const { operationName, variables } = body
  if (variables !== undefined && variables !== null && !isPlainObject(variables)) {
    return null
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return null
  }
  // The body itself, as sent (null stays null): graphql-http hands the values to graphql as they
  // are, and the object is the request's data as Payload would parse it.
  return body as QueryParams
}
