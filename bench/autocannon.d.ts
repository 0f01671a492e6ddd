// autocannon ships no types; only what bench/run.ts uses.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  type Options = {
    body?: string
    connections: number
    duration: number
    headers?: Record<string, string>
    method: string
    url: string
  }
  type Result = { errors: number; non2xx: number }
  type Instance = EventEmitter & PromiseLike<Result>
  const autocannon: (options: Options) => Instance
  export default autocannon
}
