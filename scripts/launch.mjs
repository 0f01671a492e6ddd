#!/usr/bin/env node
/**
 * Runs a TypeScript entry point with the project's Node flags (scripts/nodeFlags.mjs), compiled
 * (scripts/compile.mjs; PORTAL_TSX=1: under tsx): `node scripts/launch.mjs src/bin/start.ts [args]`.
 * Signals are passed on; the exit code too.
 */
import { spawn } from 'node:child_process'

import { entryArgs } from './compile.mjs'

const [entry, ...args] = process.argv.slice(2)
if (!entry) {
  process.stderr.write('usage: node scripts/launch.mjs <entry.ts> [args]\n')
  process.exit(2)
}

const child = spawn(process.execPath, [...entryArgs(entry), ...args], { stdio: 'inherit' })
const forward = (signal) => child.kill(signal)
process.on('SIGINT', forward)
process.on('SIGTERM', forward)
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)))
