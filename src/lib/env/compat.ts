import type { Env } from './database'

/** COMPAT=0 turns off every patch of a dependency's internals (src/compat/); on by default. */
export const compatEnabled = (env: Env = process.env): boolean => env.COMPAT?.trim() !== '0'
