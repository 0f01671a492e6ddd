type WaitOptions = {
  /** More to say when it times out (a child's output). */
  detail?: () => string
  /** How often to check. */
  intervalMs?: number
  timeoutMs?: number
}

/**
 * Checks `check` until it returns something truthy and returns that; throws "timed out waiting
 * for <what>" after `timeoutMs`.
 */
export const waitFor = async <T>(
  what: string,
  check: () => Promise<T> | T,
  { detail, intervalMs = 100, timeoutMs = 60_000 }: WaitOptions = {},
): Promise<NonNullable<T>> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) {
      return value as NonNullable<T>
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${detail ? `\n${detail()}` : ''}`)
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
