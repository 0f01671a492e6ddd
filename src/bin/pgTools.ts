import { spawn } from 'node:child_process'

/** Runs a PostgreSQL client tool; rejects with its first line of stderr. */
export const runTool = (command: string, args: string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'ENOENT'
            ? `${command} is not installed (PostgreSQL's client tools)`
            : error.message,
        ),
      ),
    )
    child.on('exit', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(stderr.trim().split('\n')[0] || `${command} exited with ${code}`)),
    )
  })
