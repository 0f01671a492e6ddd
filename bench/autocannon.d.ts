// autocannon ships no types; only what bench/run.ts, soak.ts, profile.ts and cpu.ts use.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  /** One request of a `requests` sequence; `setupRequest` rebuilds it before every send. */
  type Request = {
    body?: string
    headers?: Record<string, string>
    method?: string
    onResponse?: (status: number, body: string, context: Record<string, unknown>) => void
    path?: string
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request
  }
  type Options = {
    /** Requests to send, instead of running for `duration` seconds. */
    amount?: number
    body?: string
    connections: number
    duration?: number
    headers?: Record<string, string>
    method?: string
    requests?: Request[]
    /** Seconds before a request counts as timed out (default 10). */
    timeout?: number
    url: string
  }
  type Result = { errors: number; non2xx: number; requests: { total: number } }
  type Instance = EventEmitter & PromiseLike<Result>
  const autocannon: (options: Options) => Instance
  export default autocannon
}
