/**
 * `npm start`: builds the admin if no build exists, migrates, seeds an empty embedded database
 * with the demo content, then serves on PORT. Settings mistakes end the process with one line.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import lockfile from 'proper-lockfile'

import {
  defaultNodeEnv,
  environment,
  readFrontendSettings,
  readRateLimits,
  readSettings,
  resolveSecret,
  SettingsError,
} from '../lib/env'

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

/** Null when `port` can be listened on, else the one line that says why not. */
const probePort = (port: number): Promise<null | string> =>
  new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'EADDRINUSE'
          ? `PORT ${port} is already in use; stop the other process or set PORT to a free port.`
          : `PORT ${port} cannot be used (${error.code ?? error.message}); set PORT to another port.`,
      ),
    )
    probe.listen(port, () => probe.close(() => resolve(null)))
  })

const BUILD_ID = path.resolve('.next', 'BUILD_ID')

const runBuild = (): Promise<boolean> =>
  new Promise((resolve) => {
    const build = spawn(
      process.execPath,
      [path.resolve('node_modules/next/dist/bin/next'), 'build'],
      {
        env: environment({ NEXT_TELEMETRY_DISABLED: '1', NODE_OPTIONS: '--no-deprecation' }),
        stdio: 'inherit',
      },
    )
    build.once('error', () => resolve(false))
    build.once('exit', (code) => resolve(code === 0))
  })

/**
 * Builds the admin when no build exists. Instances started at the same moment in one folder take
 * turns under a lock: one builds, the others wait and then find the build (two `next build` runs in
 * one `.next` would spoil each other). The lock is refreshed while held and taken over when its
 * holder died (stale after 30 s), so a killed build does not block the next start.
 */
const buildOnce = async (): Promise<boolean> => {
  if (fs.existsSync(BUILD_ID)) {
    return true
  }
  const lockOptions = {
    lockfilePath: path.resolve('.next-build.lock'),
    stale: 30_000,
    update: 5_000,
  }
  const release = await lockfile
    .lock(process.cwd(), lockOptions)
    .catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ELOCKED') {
        throw error
      }
      process.stdout.write('Another instance is building the admin; waiting for it…\n')
      return lockfile.lock(process.cwd(), {
        ...lockOptions,
        // A build takes minutes on a small machine: wait up to half an hour.
        retries: { factor: 1, maxTimeout: 1000, minTimeout: 1000, retries: 1800 },
      })
    })
  try {
    if (fs.existsSync(BUILD_ID)) {
      return true
    }
    process.stdout.write('No build found: building the admin (about a minute and a half)…\n')
    return await runBuild()
  } finally {
    await release().catch(() => undefined)
  }
}

const main = async () => {
  defaultNodeEnv('production')
  let settings
  try {
    settings = readSettings()
    resolveSecret({ dataDir: settings.dataDir, env: environment(), target: settings.database })
    readRateLimits()
    readFrontendSettings()
  } catch (error) {
    if (error instanceof SettingsError) {
      return fail((error as Error).message)
    }
    throw error
  }

  // Fail in a second, not after a build, when the port is taken.
  const portProblem = await probePort(settings.port)
  if (portProblem) {
    return fail(portProblem)
  }

  const production = settings.production
  if (production && !(await buildOnce())) {
    return fail('The admin build failed; see the output above.')
  }

  const [{ startPortalServer }, { default: config }, { demoAccountsWarning, seedDemo }] =
    await Promise.all([import('../server'), import('../../payload.config'), import('../seed/demo')])
  const portal = await startPortalServer({
    admin: true,
    config,
    dev: !production,
    onReady: async (payload) => {
      if (settings.seedDemo) {
        await seedDemo({ dataDir: settings.dataDir, password: settings.demoPassword, payload })
      }
      const warning = await demoAccountsWarning(payload, production)
      if (warning) {
        payload.logger.warn(warning)
      }
    },
    port: settings.port,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error?.code === 'EADDRINUSE') {
      return fail(
        `PORT ${settings.port} is already in use; stop the other process or set PORT to a free port.`,
      )
    }
    throw error
  })

  process.stdout.write(`Serving on http://localhost:${portal.port} (admin at /admin)\n`)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) {
      return
    }
    stopping = true
    process.stdout.write(`${signal}: finishing in-flight requests, then closing the database\n`)
    portal.close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

main().catch((error) => {
  process.stderr.write(`Start failed: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
})
