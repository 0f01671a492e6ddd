import { spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

import { demoAccountsWarning } from '../../src/seed/demo'
import type { IntContext } from '../helpers/initPayloadInt'
import { initPayloadInt } from '../helpers/initPayloadInt'
import { PASSWORD } from '../helpers/world'

const root = process.cwd()

/** Runs `npm start`'s entry point and collects what a person would see. */
const runStart = (env: Record<string, string | undefined>) =>
  new Promise<{ code: null | number; stderr: string; stdout: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'scripts/launch.mjs'), 'src/bin/start.ts'],
      {
        cwd: root,
        // An undefined value leaves the variable unset (Jest itself sets NODE_ENV=test).
        env: Object.fromEntries(
          Object.entries({ ...process.env, NODE_OPTIONS: '', ...env }).filter(
            ([, value]) => value !== undefined,
          ),
        ) as NodeJS.ProcessEnv,
      },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stderr, stdout })
    })
  })

describe('npm start refuses bad settings with one clear line', () => {
  it('should exit non-zero naming DATABASE_URI and what it accepts', async () => {
    const { code, stderr } = await runStart({ DATABASE_URI: 'mysql://localhost/cms' })
    expect(code).not.toBe(0)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/DATABASE_URI/)
    expect(stderr).toMatch(/file:<path>/)
    expect(stderr).toMatch(/postgres/)
    expect(stderr).toMatch(/mongodb/)
  })

  it('should refuse production on MongoDB without PAYLOAD_SECRET', async () => {
    const { code, stderr } = await runStart({
      DATABASE_URI: 'mongodb://127.0.0.1:1/cms',
      NODE_ENV: 'production',
      PAYLOAD_SECRET: '',
    })
    expect(code).not.toBe(0)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/PAYLOAD_SECRET is required/)
  })

  it('should refuse a server database without PAYLOAD_SECRET, production being the default', async () => {
    const { code, stderr } = await runStart({
      DATABASE_URI: 'mongodb://127.0.0.1:1/cms',
      NODE_ENV: undefined,
      PAYLOAD_SECRET: undefined,
    })
    expect(code).not.toBe(0)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/PAYLOAD_SECRET is required/)
  })

  it('should refuse a rate limit that is not a whole number, naming the variable', async () => {
    const { code, stderr } = await runStart({ RATE_LIMIT_LOGIN: 'ten' })
    expect(code).not.toBe(0)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/RATE_LIMIT_LOGIN/)
  })

  it('should exit non-zero with one line when the port is in use', async () => {
    const blocker = net.createServer()
    await new Promise<void>((resolve) => blocker.listen(0, () => resolve()))
    const port = (blocker.address() as net.AddressInfo).port
    try {
      const { code, stderr } = await runStart({
        DATABASE_URI: 'file:./data/unused-port-test.db',
        PORT: String(port),
      })
      expect(code).not.toBe(0)
      expect(stderr.trim().split('\n')).toHaveLength(1)
      expect(stderr).toContain(`PORT ${port} is already in use`)
    } finally {
      blocker.close()
    }
  })
})

describe('demo accounts in production', () => {
  let ctx: IntContext

  beforeAll(async () => {
    ctx = await initPayloadInt()
  })

  afterAll(async () => {
    await ctx?.cleanup()
  })

  it('should warn at a production start while a demo account exists, naming it', async () => {
    expect(await demoAccountsWarning(ctx.payload, true)).toBeNull()
    await ctx.payload.create({
      collection: 'users',
      data: { email: 'bbt@example.com', password: PASSWORD, roles: ['bbt'] },
      // System setup: an account as the demo seed leaves it.
      overrideAccess: true,
    })
    const warning = await demoAccountsWarning(ctx.payload, true)
    expect(warning).toMatch(/Demo accounts exist in production \(bbt@example\.com\)/)
    expect(await demoAccountsWarning(ctx.payload, false)).toBeNull()
  })
})
