/**
 * `npm start`: builds the admin if no build exists, migrates, seeds an empty embedded database
 * with the demo content, then serves on PORT. Settings mistakes end the process with one line.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { readSettings, resolveSecret, SettingsError } from '../lib/env'

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`)
  process.exit(1)
}

const main = async () => {
  ;(process.env as Record<string, string | undefined>).NODE_ENV ??= 'production'
  let settings
  try {
    settings = readSettings()
    resolveSecret({ dataDir: settings.dataDir, env: process.env, target: settings.database })
  } catch (error) {
    if (error instanceof SettingsError) {
      return fail(error.message)
    }
    throw error
  }

  const production = process.env.NODE_ENV === 'production'
  if (production && !fs.existsSync(path.resolve('.next', 'BUILD_ID'))) {
    process.stdout.write('No build found: building the admin (about a minute and a half)…\n')
    const build = spawnSync(process.execPath, [path.resolve('node_modules/next/dist/bin/next'), 'build'], {
      env: { ...process.env, NODE_OPTIONS: '--no-deprecation' },
      stdio: 'inherit',
    })
    if (build.status !== 0) {
      return fail('The admin build failed; see the output above.')
    }
  }

  const [{ startPortalServer }, { default: config }, { seedDemo }] = await Promise.all([
    import('../server'),
    import('../../payload.config'),
    import('../seed/demo'),
  ])
  const portal = await startPortalServer({
    admin: true,
    config,
    dev: !production,
    onReady: async (payload) => {
      if (settings.seedDemo) {
        await seedDemo({ dataDir: settings.dataDir, password: settings.demoPassword, payload })
      }
    },
    port: settings.port,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error?.code === 'EADDRINUSE') {
      return fail(`PORT ${settings.port} is already in use; set PORT to a free port.`)
    }
    if (error?.code === 'EACCES') {
      return fail(`PORT ${settings.port} needs privileges this process does not have; set PORT above 1023.`)
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
