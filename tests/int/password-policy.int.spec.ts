import { SKIP_PASSWORD_POLICY } from '../../collections/users'
import { graphql, login, request } from '../helpers/http'
import type { TestServer } from '../helpers/startServer'
import { startServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { buildWorld, PASSWORD } from '../helpers/world'

// Fixtures and read-backs are system work (overrideAccess: true); the passwords under test are
// set through REST and GraphQL as an admin or the account itself would.

const STRONG = 'Song-Lo-chay-qua-Tuyen-Quang-1945'

describe('password policy', () => {
  let server: TestServer
  let world: World
  let admin: string

  beforeAll(async () => {
    server = await startServer()
    world = await buildWorld(server.payload, server.url)
    admin = world.actors.admin.authorization!
  })

  afterAll(async () => {
    await server?.cleanup()
  })

  const countUsers = async (email: string) =>
    (
      await server.payload.count({
        collection: 'users',
        overrideAccess: true,
        where: { email: { equals: email } },
      })
    ).totalDocs

  const createOverRest = (data: Record<string, unknown>) =>
    request(`${server.url}/api/users`, {
      headers: { authorization: admin },
      json: { roles: ['bbt'], ...data },
      method: 'POST',
    })

  it.each([
    ['abc', 'short', /ít nhất 12 ký tự/],
    ['password1234', 'common', /quá phổ biến/],
    ['qwertyuiop123', 'common', /quá phổ biến/],
    ['nguyenvanan2026', 'personal', /họ tên hay email/],
    ['an.nguyen@test.vn', 'personal', /họ tên hay email/],
  ])(
    'should refuse %s (%s) over REST with a 400 naming the problem, and create nobody',
    async (password, _kind, message) => {
      const email = 'an.nguyen@test.vn'
      const res = await createOverRest({ email, name: 'Nguyễn Văn An', password })
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toMatch(/password|mật khẩu/i)
      expect(res.body.errors[0].data.errors).toEqual([
        { message: expect.stringMatching(message), path: 'password' },
      ])
      expect(await countUsers(email)).toBe(0)
    },
  )

  it('should accept a long unusual password and sign in with it', async () => {
    const res = await createOverRest({
      email: 'chi.tran@test.vn',
      name: 'Trần Chi',
      password: STRONG,
    })
    expect(res.status).toBe(201)
    await expect(login(server.url, 'chi.tran@test.vn', STRONG)).resolves.toEqual(expect.any(String))
  })

  it('should refuse a weak password over GraphQL with its message, and create nobody', async () => {
    const res = await graphql(
      server.url,
      'mutation ($data: mutationUserInput!) { createUser(data: $data) { id } }',
      { data: { email: 'gql@test.vn', password: 'abc12345', roles: ['bbt'] } },
      admin.replace(/^JWT /, ''),
    )
    expect(res.body.data?.createUser ?? null).toBeNull()
    expect(JSON.stringify(res.body.errors)).toMatch(/ít nhất 12 ký tự/)
    expect(await countUsers('gql@test.vn')).toBe(0)
  })

  it("should refuse a weak new password on one's own account, keeping the old one", async () => {
    const editor = world.actors.editorSnv
    const id = editor.user!.id
    const weak = await request(`${server.url}/api/users/${String(id)}`, {
      headers: { authorization: editor.authorization! },
      json: { password: 'ed.snv-2026' },
      method: 'PATCH',
    })
    expect(weak.status).toBe(400)
    expect(weak.body.errors[0].data.errors[0]).toEqual({
      message: expect.stringMatching(/ít nhất 12 ký tự/),
      path: 'password',
    })
    await expect(login(server.url, 'ed.snv@test.vn', PASSWORD)).resolves.toEqual(expect.any(String))
    const personal = await request(`${server.url}/api/users/${String(id)}`, {
      headers: { authorization: editor.authorization! },
      json: { password: 'ed.snv@test.vn-2026' },
      method: 'PATCH',
    })
    expect(personal.status).toBe(400)
    expect(personal.body.errors[0].data.errors[0].message).toMatch(/họ tên hay email/)
  })

  it('should apply to reset-password: a weak password is refused and the link still works', async () => {
    const token = await server.payload.forgotPassword({
      collection: 'users',
      data: { email: 'bbt@test.vn' },
      disableEmail: true,
    })
    const weak = await request(`${server.url}/api/users/reset-password`, {
      json: { password: 'bbt@test.vn', token },
      method: 'POST',
    })
    expect(weak.status).toBe(400)
    expect(weak.body.errors[0].data.errors[0].message).toMatch(/ít nhất 12 ký tự/)
    const common = await request(`${server.url}/api/users/reset-password`, {
      json: { password: 'bbt@test.vn1234', token },
      method: 'POST',
    })
    expect(common.status).toBe(400)
    expect(common.body.errors[0].data.errors[0].message).toMatch(/họ tên hay email/)
    await expect(login(server.url, 'bbt@test.vn', PASSWORD)).resolves.toEqual(expect.any(String))
    const strong = await request(`${server.url}/api/users/reset-password`, {
      json: { password: STRONG, token },
      method: 'POST',
    })
    expect(strong.status).toBe(200)
    await expect(login(server.url, 'bbt@test.vn', STRONG)).resolves.toEqual(expect.any(String))
  })

  it('should hold for the Local API too, unless system work (the demo seed) says so in its context', async () => {
    await expect(
      server.payload.create({
        collection: 'users',
        data: { email: 'local@test.vn', password: 'short', roles: ['bbt'] },
        overrideAccess: true,
      }),
    ).rejects.toThrow(/password/i)
    expect(await countUsers('local@test.vn')).toBe(0)
    await server.payload.create({
      collection: 'users',
      context: { [SKIP_PASSWORD_POLICY]: true },
      data: { email: 'local@test.vn', password: 'short', roles: ['bbt'] },
      overrideAccess: true,
    })
    await expect(login(server.url, 'local@test.vn', 'short')).resolves.toEqual(expect.any(String))
  })

  it('should write the reset mail to the log when SMTP_URL is unset, the link at debug level only, and the link works', async () => {
    const logger = server.payload.logger as unknown as Record<string, (...args: unknown[]) => void>
    const originals = { debug: logger.debug!, info: logger.info! }
    const lines: Record<'debug' | 'info', string[]> = { debug: [], info: [] }
    for (const level of ['debug', 'info'] as const) {
      logger[level] = (...args: unknown[]) => {
        lines[level].push(JSON.stringify(args))
      }
    }
    try {
      const forgot = await request(`${server.url}/api/users/forgot-password`, {
        json: { email: 'admin@test.vn' },
        method: 'POST',
      })
      expect(forgot.status).toBe(200)
    } finally {
      Object.assign(logger, originals)
    }
    // Who and what at info level; the body, with the token, only at debug level.
    const info = lines.info.find((got) => got.includes('no SMTP_URL'))
    expect(info).toContain('admin@test.vn')
    expect(info).toContain('Đặt lại mật khẩu')
    expect(lines.info.join('\n')).not.toMatch(/admin\/reset/)
    const line = lines.debug.find((got) => got.includes('no SMTP_URL'))
    const token = /\/admin\/reset\/([A-Za-z0-9]+)/.exec(line ?? '')?.[1]
    expect(token).toEqual(expect.any(String))
    const reset = await request(`${server.url}/api/users/reset-password`, {
      json: { password: STRONG, token },
      method: 'POST',
    })
    expect(reset.status).toBe(200)
  })
})
