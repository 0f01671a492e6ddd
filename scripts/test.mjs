#!/usr/bin/env node
/**
 * `npm test`: type-checks, then runs the whole Jest suite on throwaway SQLite files; when
 * POSTGRES_URI is set, runs the integration suite again on that PostgreSQL server (a database of
 * its own per test file), and when MONGODB_URI is set, again against that MongoDB server.
 */
import { spawnSync } from 'node:child_process'

const run = (command, args, env = {}) => {
  const result = spawnSync(command, args, { env: { ...process.env, ...env }, stdio: 'inherit' })
  if (result.status !== 0) {
    process.exit(result.status ?? 1)
  }
}

const jestEnv = { NODE_OPTIONS: '--experimental-vm-modules --no-warnings' }
const extra = process.argv.slice(2)

if (extra.length === 0) {
  run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'])
}
run(process.execPath, ['node_modules/jest/bin/jest.js', ...extra], jestEnv)
const hidden = (uri) => uri.replace(/\/\/[^@]*@/, '//…@')
if (process.env.POSTGRES_URI && extra.length === 0) {
  console.log(`\nIntegration suite again on PostgreSQL (${hidden(process.env.POSTGRES_URI)})`)
  run(process.execPath, ['node_modules/jest/bin/jest.js', 'tests/int'], {
    ...jestEnv,
    TEST_DATABASE: 'postgres',
  })
}
if (process.env.MONGODB_URI && extra.length === 0) {
  console.log(`\nIntegration suite again on MongoDB (${hidden(process.env.MONGODB_URI)})`)
  run(process.execPath, ['node_modules/jest/bin/jest.js', 'tests/int'], {
    ...jestEnv,
    TEST_DATABASE: 'mongodb',
  })
}
