import base from './jest.config.js'

/** The admin end to end: the real server, built, in headless Chromium; one browser flow at a time. */
export default {
  ...base,
  testMatch: ['<rootDir>/tests/e2e/**/*.e2e.spec.ts'],
  globalSetup: '<rootDir>/tests/e2e/support/globalSetup.ts',
  globalTeardown: '<rootDir>/tests/e2e/support/globalTeardown.ts',
  // A build on 2 cores takes minutes; a browser step waits for server renders.
  testTimeout: 10 * 60 * 1000,
  maxWorkers: 1,
}
