import type { ServerState } from './paths'

type Call = { body?: unknown; method?: string; token?: string }

/** What the server answered: the parsed JSON body (null for none) and the status. */
export type Answer = { body: any; status: number }

/**
 * REST calls to the suite's server outside the browser, as the board or an editor sets things up
 * or checks them: `api` as a person with their own token (or anonymous), `tokenOf` to sign in
 * with the suite's password. `serverOf` gives the server once the suite's beforeAll has read it.
 */
export const restClient = (serverOf: () => ServerState) => {
  const api = async (urlPath: string, init: Call = {}): Promise<Answer> => {
    const response = await fetch(`${serverOf().baseUrl}${urlPath}`, {
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: `JWT ${init.token}` } : {}),
      },
      method: init.method ?? 'GET',
    })
    const text = await response.text()
    return { body: text ? JSON.parse(text) : null, status: response.status }
  }

  /** Signs in over REST; throws with the answer when no token comes back. */
  const tokenOf = async (email: string, password = serverOf().password): Promise<string> => {
    const login = await api('/api/users/login', { body: { email, password }, method: 'POST' })
    if (typeof login.body?.token !== 'string') {
      throw new Error(
        `signing in as ${email} failed: ${login.status} ${JSON.stringify(login.body)}`,
      )
    }
    return login.body.token
  }

  return { api, tokenOf }
}
