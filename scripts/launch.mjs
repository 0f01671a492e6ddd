#!/usr/bin/env node
/**
 * Runs a TypeScript entry point under tsx: `node scripts/launch.mjs src/bin/start.ts [args]`.
 * Node 20 sometimes abandons loading Payload's large ES module graph when the machine is busy and
 * exits with code 13 (unsettled top-level await) before any of our code ran; that attempt did
 * nothing, so it is retried (up to 3 times). Any other exit code is passed on.
 */
import { spawn } from 'node:child_process'

/** Resolved from this file, so the launcher works from any working directory. */
const TSX = import.meta.resolve('tsx')
const [entry, ...args] = process.argv.slice(2)
if (!entry) {
  process.stderr.write('usage: node scripts/launch.mjs <entry.ts> [args]\n')
  process.exit(2)
}

/**
 * V8 sizes its heap by the machine's memory and, on a large machine, lets a busy server grow to
 * gigabytes before collecting (the soak saw 1.1 GB for a steady load that runs in a 256 MB heap).
 * The cap keeps the resident size where the load puts it; MAX_HEAP_MB or NODE_OPTIONS overrides it.
 */
const heapFlags = /--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '')
  ? []
  : [`--max-old-space-size=${process.env.MAX_HEAP_MB ?? 256}`]

const attempt = (left) => {
  const child = spawn(process.execPath, [...heapFlags, '--import', TSX, entry, ...args], {
    stdio: 'inherit',
  })
  const forward = (signal) => child.kill(signal)
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  child.on('exit', (code, signal) => {
    process.off('SIGINT', forward)
    process.off('SIGTERM', forward)
    if (code === 13 && left > 0) {
      attempt(left - 1)
      return
    }
    process.exit(signal ? 1 : (code ?? 1))
  })
}

attempt(3)
