/** Small fetch helpers for HTTP tests against the real server. */
export type JsonResponse<T = any> = { body: T; headers: Headers; status: number }

export const request = async <T = any>(
  url: string,
  init: RequestInit & { json?: unknown; token?: string } = {},
): Promise<JsonResponse<T>> => {
  const headers = new Headers(init.headers)
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json')
  }
  if (init.token) {
    headers.set('authorization', `JWT ${init.token}`)
  }
  const response = await fetch(url, {
    ...init,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    headers,
  })
  const text = await response.text()
  let body: any = text
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    // Not JSON: tests assert on that themselves.
  }
  return { body, headers: response.headers, status: response.status }
}

export const login = async (baseUrl: string, email: string, password: string): Promise<string> => {
  const { body, status } = await request(`${baseUrl}/api/users/login`, {
    json: { email, password },
    method: 'POST',
  })
  if (status !== 200 || !body?.token) {
    throw new Error(`login of ${email} failed: ${status} ${JSON.stringify(body)}`)
  }
  return body.token
}

export const graphql = async <T = any>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
) => request<T>(`${baseUrl}/api/graphql`, { json: { query, variables }, method: 'POST', token })
