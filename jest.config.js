/** Jest runs TypeScript as ESM through SWC; Payload 3 is ESM-only, hence --experimental-vm-modules. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'es6' },
  },
]

export default {
  testEnvironment: 'node',
  // The builds production runs (scripts/nodeFlags.mjs): lexical's `node` entry picks its build
  // with a top-level await that Node 20 does not always settle.
  testEnvironmentOptions: { customExportConditions: ['node', 'node-addons', 'production'] },
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.(t|j)sx?$': swc },
  moduleNameMapper: {
    '^@payload-config$': '<rootDir>/payload.config.ts',
    '^@/(.*)$': '<rootDir>/src/$1',
    '\\.(css|scss)$': '<rootDir>/tests/helpers/styleStub.cjs',
  },
  testMatch: ['<rootDir>/tests/unit/**/*.spec.ts', '<rootDir>/tests/int/**/*.spec.ts'],
  testTimeout: 120000,
  maxWorkers: 2,
}
