/**
 * Payload caches its instance (and GraphQL schema) on `global`; a test file that boots a second
 * database after closing the first must drop the closed one, or getPayload returns it.
 */
export const forgetPayload = (key = 'default'): void => {
  const scope = globalThis as unknown as {
    _payload?: Map<string, unknown>
    _payload_graphql?: { graphql: unknown; promise: unknown }
  }
  scope._payload?.delete(key)
  if (key === 'default') {
    scope._payload_graphql = { graphql: null, promise: null }
  }
}
