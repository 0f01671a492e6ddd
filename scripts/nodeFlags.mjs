/**
 * The Node.js flags every entry point of the project runs with (`npm start`, `import`, `bench`,
 * `soak`, and the child processes of tests and the benchmark), compiled (scripts/compile.mjs) or
 * under tsx.
 */
import { fileURLToPath } from 'node:url'

/** Resolved from this file, so it works from any working directory; only when tsx is used. */
const tsx = () => fileURLToPath(import.meta.resolve('tsx'))

/**
 * - `--conditions`: lexical 0.50 (Payload's rich text) resolves, under Node's `node` export
 *   condition, to wrappers that pick the dev or prod build with a top-level `await import()`.
 *   Loaded together, as the editor's packages import one another, Node 20 sometimes never settles
 *   those awaits: the process exited with code 13 (nothing else keeping it alive) or hung (with a
 *   timer). Plain `node -e "await import('@payloadcms/richtext-lexical')"` did so in 22 of 24
 *   runs here. Naming the build's own condition resolves lexical straight to it, with no
 *   top-level await.
 * - `--max-old-space-size`: V8 sizes its heap by the machine's memory and, on a large machine,
 *   lets a busy server grow to gigabytes before collecting (the soak saw 1.1 GB for a steady load
 *   that runs in a 256 MB heap). MAX_HEAP_MB or a NODE_OPTIONS cap overrides it. Not in
 *   development (`npm run dev`): Next compiles the admin inside the server's process, about 2 GB
 *   here, and ran out of a 256 MB heap on the first admin page; V8's own limit applies there.
 * @param {Record<string, string | undefined>} [env]
 */
export const heapFlags = (env = process.env) => {
  if (/--max-old-space-size/.test(env.NODE_OPTIONS ?? '')) {
    return []
  }
  if (env.MAX_HEAP_MB) {
    return [`--max-old-space-size=${env.MAX_HEAP_MB}`]
  }
  return env.NODE_ENV === 'development' ? [] : ['--max-old-space-size=256']
}

export const baseNodeFlags = (env = process.env) => [
  ...heapFlags(env),
  `--conditions=${env.NODE_ENV === 'development' ? 'development' : 'production'}`,
]

/** The flags above with tsx loading the TypeScript (scripts/compile.mjs runs it compiled instead). */
export const nodeFlags = (env = process.env) => [...baseNodeFlags(env), '--import', tsx()]
