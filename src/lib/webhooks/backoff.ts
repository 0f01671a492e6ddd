/**
 * Payload's retry setting for a delivery task: `retries` tries after the first, the n-th waiting
 * `baseMs * 2^(n-1)` (Payload's exponential backoff: 2^totalTried × delay).
 */
export const retryConfig = (retries: number, baseMs: number) => ({
  attempts: retries,
  backoff: { delay: baseMs, type: 'exponential' as const },
})

/** The delay before each retry, in order: what `retryConfig` makes Payload wait. */
export const retryDelays = (retries: number, baseMs: number): number[] =>
  Array.from({ length: retries }, (_, index) => baseMs * 2 ** index)
