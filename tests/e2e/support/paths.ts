import path from 'node:path'

/** Screenshots and the server's log, git-ignored. */
export const ARTIFACTS = path.resolve(process.cwd(), 'tests/e2e/artifacts')

/** Where globalSetup tells the specs and globalTeardown about the server it started. */
export const STATE_FILE = path.join(ARTIFACTS, 'server.json')

export type ServerState = {
  baseUrl: string
  /** Throwaway folder holding the database. */
  dir: string
  password: string
  pid: number
  /** Prefix of the files the suite uploads into media/, removed afterwards. */
  uploadPrefix: string
}
