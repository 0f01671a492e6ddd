import fs from 'node:fs'
import path from 'node:path'

import type { ServerState } from './paths'
import { STATE_FILE } from './paths'

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Stops the server globalSetup started (its whole process group), then removes what the suite made. */
export default async function globalTeardown() {
  if (!fs.existsSync(STATE_FILE)) {
    return
  }
  const state = JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as ServerState
  // tsx runs node as a child: signal the group so both stop.
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-state.pid, name)
    } catch {
      // Already gone.
    }
  }
  signal('SIGTERM')
  const deadline = Date.now() + 15_000
  while (alive(state.pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  if (alive(state.pid)) {
    signal('SIGKILL')
  }
  fs.rmSync(state.dir, { force: true, recursive: true })
  const media = path.resolve(process.cwd(), 'media')
  for (const name of fs.existsSync(media) ? fs.readdirSync(media) : []) {
    if (name.startsWith(state.uploadPrefix)) {
      fs.rmSync(path.join(media, name), { force: true })
    }
  }
  fs.rmSync(STATE_FILE, { force: true })
}
