import { currentCode, PERIOD_SECONDS } from '../../src/lib/twoFactor'
import { graphql, login, request } from '../helpers/http'
import type { TestServer } from '../helpers/startServer'
import { startServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { buildWorld, PASSWORD } from '../helpers/world'

// Fixtures and read-backs are system work (overrideAccess: true or the adapter); everything under
// test goes through REST, GraphQL or the Local API acting for a user.

const STEP_MS = PERIOD_SECONDS * 1000

describe('two-step sign-in', () => {
  let server: TestServer
  let world: World
  const url = (path: string) => `${server.url}${path}`

  beforeAll(async () => {
    // Failed logins are many here; the limit itself is covered in limits.int.spec.ts.
    server = await startServer({
      rateLimits: {
        apiPerMinute: 100_000,
        forgotPasswordPerMinute: 1000,
        graphqlPerMinute: 100_000,
        loginFailuresPerMinute: 1000,
        staffFactor: 1,
      },
    })
    world = await buildWorld(server.payload, server.url)
  })

  afterAll(async () => {
    delete process.env.AUTH_2FA
    await server?.cleanup()
  })

  const makeUser = async (email: string, role: 'admin' | 'bbt' | 'editor') => {
    const doc = await server.payload.create({
      collection: 'users',
      data: {
        department: (role === 'editor' ? world.orgs.bql : undefined) as number,
        email,
        password: PASSWORD,
        roles: [role],
      },
      overrideAccess: true,
    })
    return doc.id
  }

  const loginRaw = (email: string, extra: Record<string, unknown> = {}) =>
    request(url('/api/users/login'), {
      json: { email, password: PASSWORD, ...extra },
      method: 'POST',
    })

  const post = (path: string, token: string, json: unknown = {}) =>
    request(url(`/api/users${path}`), { json, method: 'POST', token })

  /** Enrols the account behind `token`; returns its secret and recovery codes. */
  const enrol = async (token: string) => {
    const setup = await post('/two-factor/setup', token)
    expect(setup.status).toBe(200)
    const confirm = await post('/two-factor/confirm', token, {
      code: currentCode(setup.body.secret),
    })
    expect(confirm.status).toBe(200)
    return {
      recoveryCodes: confirm.body.recoveryCodes as string[],
      secret: setup.body.secret as string,
    }
  }

  const row = async (id: number | string) =>
    (await server.payload.db.findOne({
      collection: 'users',
      where: { id: { equals: id } },
    })) as Record<string, any>

  /** As if the last code was used two periods ago, so the code of now is fresh again. */
  const letTimePass = async (id: number | string) => {
    await server.payload.db.updateOne({
      collection: 'users',
      data: { twoFactorLastStep: Math.floor(Date.now() / STEP_MS) - 2 },
      id,
      returning: false,
    })
  }

  const audits = async (action: string, targetId: number | string) =>
    (
      await server.payload.find({
        collection: 'audit-log',
        overrideAccess: true,
        where: { action: { equals: action }, targetId: { equals: String(targetId) } },
      })
    ).docs

  it('should enrol over REST, keep the secret out of every answer, and then require a code to sign in', async () => {
    const id = await makeUser('hai.buoc@test.vn', 'bbt')
    const token = await login(server.url, 'hai.buoc@test.vn', PASSWORD)

    const setup = await post('/two-factor/setup', token)
    expect(setup.status).toBe(200)
    expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/.+secret=/)
    expect(setup.body.qr).toMatch(/^data:image\/png;base64,/)

    const wrong = await post('/two-factor/confirm', token, {
      code: '000000' === currentCode(setup.body.secret) ? '111111' : '000000',
    })
    expect(wrong.status).toBe(400)
    expect((await row(id)).twoFactorEnabled).toBeFalsy()

    const confirm = await post('/two-factor/confirm', token, {
      code: currentCode(setup.body.secret),
    })
    expect(confirm.status).toBe(200)
    expect(confirm.body.recoveryCodes).toHaveLength(10)
    expect(await audits('two-factor-enable', id)).toHaveLength(1)

    // Stored sealed and hashed: neither the secret nor a recovery code is in the database as given.
    const stored = JSON.stringify(await row(id))
    expect(stored).not.toContain(setup.body.secret)
    expect(stored).not.toContain(confirm.body.recoveryCodes[0])

    // No API answers with the hidden fields.
    const me = await request(url('/api/users/me'), { token })
    expect(me.body.user.twoFactorEnabled).toBe(true)
    expect(me.body.user).not.toHaveProperty('twoFactorState')
    expect(me.body.user).not.toHaveProperty('twoFactorLastStep')
    const byId = await request(url(`/api/users/${id}`), { token })
    expect(byId.body).not.toHaveProperty('twoFactorState')
    const gql = await graphql(
      server.url,
      `{ User(id: ${id}) { email twoFactorEnabled twoFactorState twoFactorLastStep } }`,
      {},
      token,
    )
    expect(gql.body.data.User).toEqual(
      expect.objectContaining({
        twoFactorEnabled: true,
        twoFactorLastStep: null,
        twoFactorState: null,
      }),
    )
    const local = await server.payload.findByID({
      collection: 'users',
      id,
      overrideAccess: false,
      user: { ...(await row(id)), collection: 'users' },
    })
    expect(local).not.toHaveProperty('twoFactorState')
    const openapi = await request(url('/api/openapi.json'))
    expect(JSON.stringify(openapi.body)).not.toContain('twoFactorState')

    // The contract's sign-in with email and password says a code is needed, and gives no token.
    const bare = await loginRaw('hai.buoc@test.vn')
    expect(bare.status).toBe(401)
    expect(bare.body.token).toBeUndefined()
    expect(bare.body.errors[0].data.twoFactorRequired).toBe(true)
    expect(bare.body.errors[0].message).toMatch(/code/)
    expect(bare.headers.get('set-cookie') ?? '').not.toMatch(/payload-token=[^;]+\./)

    // GraphQL's login has no code: no token there either.
    const gqlLogin = await graphql(
      server.url,
      `mutation { loginUser(email: "hai.buoc@test.vn", password: "${PASSWORD}") { token } }`,
    )
    expect(gqlLogin.body.data?.loginUser?.token ?? null).toBeNull()
    expect(gqlLogin.body.errors?.length).toBeGreaterThan(0)
  })

  it('should refuse a wrong code, audit it and count it toward the lockout', async () => {
    const id = await makeUser('sai.ma@test.vn', 'editor')
    const token = await login(server.url, 'sai.ma@test.vn', PASSWORD)
    const { secret } = await enrol(token)
    const good = currentCode(secret)
    const wrongCode = good === '123456' ? '654321' : '123456'
    const before = (await row(id)).loginAttempts ?? 0

    const wrong = await loginRaw('sai.ma@test.vn', { code: wrongCode })
    expect(wrong.status).toBe(401)
    expect(wrong.body.token).toBeUndefined()
    expect(wrong.body.errors[0].data.twoFactorRequired).toBe(true)
    expect((await row(id)).loginAttempts).toBe(before + 1)
    const failed = await audits('failed-login', id)
    expect(failed.map((record) => record.note)).toContain('sai mã (wrong-code)')
    expect(JSON.stringify(failed)).not.toContain(wrongCode)
  })

  it('should count missing and wrong codes toward the per-IP login limit', async () => {
    await makeUser('gioi.han@test.vn', 'editor')
    const token = await login(server.url, 'gioi.han@test.vn', PASSWORD)
    const { secret } = await enrol(token)
    const wrongCode = currentCode(secret) === '123456' ? '654321' : '123456'
    // A second server in front of the same database, with a login limit of 3 failures a minute.
    const limited = await startServer({
      databaseUri: server.databaseUri,
      rateLimits: {
        apiPerMinute: 100_000,
        forgotPasswordPerMinute: 1000,
        graphqlPerMinute: 100_000,
        loginFailuresPerMinute: 3,
        staffFactor: 1,
      },
    })
    try {
      const attempt = (extra: Record<string, unknown>) =>
        request(`${limited.url}/api/users/login`, {
          json: { email: 'gioi.han@test.vn', password: PASSWORD, ...extra },
          method: 'POST',
        })
      expect((await attempt({})).status).toBe(401)
      expect((await attempt({ code: wrongCode })).status).toBe(401)
      expect((await attempt({ code: wrongCode })).status).toBe(401)
      const over = await attempt({ code: currentCode(secret, Date.now() + STEP_MS) })
      expect(over.status).toBe(429)
      expect(over.body.token).toBeUndefined()
    } finally {
      await limited.cleanup()
    }
  })

  it('should sign in with password and code once, and refuse the same code again (replay)', async () => {
    const id = await makeUser('mot.lan@test.vn', 'editor')
    const token = await login(server.url, 'mot.lan@test.vn', PASSWORD)
    const { secret } = await enrol(token)
    await letTimePass(id)
    const code = currentCode(secret)

    const first = await loginRaw('mot.lan@test.vn', { code })
    expect(first.status).toBe(200)
    expect(first.body.token).toEqual(expect.any(String))
    const me = await request(url('/api/users/me'), { token: first.body.token })
    expect(me.body.user.email).toBe('mot.lan@test.vn')
    expect((await audits('login', id)).length).toBeGreaterThan(0)

    const replay = await loginRaw('mot.lan@test.vn', { code })
    expect(replay.status).toBe(401)
    expect(replay.body.token).toBeUndefined()

    // A code of the next period (the app's clock a little ahead) is still fresh.
    const next = await loginRaw('mot.lan@test.vn', {
      code: currentCode(secret, Date.now() + STEP_MS),
    })
    expect(next.status).toBe(200)
  })

  it('should take each recovery code once, and audit its use', async () => {
    const id = await makeUser('khoi.phuc@test.vn', 'editor')
    const token = await login(server.url, 'khoi.phuc@test.vn', PASSWORD)
    const { recoveryCodes } = await enrol(token)

    const first = await loginRaw('khoi.phuc@test.vn', {
      recoveryCode: recoveryCodes[3].toLowerCase(),
    })
    expect(first.status).toBe(200)
    expect(first.body.token).toEqual(expect.any(String))
    const again = await loginRaw('khoi.phuc@test.vn', { recoveryCode: recoveryCodes[3] })
    expect(again.status).toBe(401)
    const used = await audits('recovery-code-used', id)
    expect(used).toHaveLength(1)
    expect(used[0].note).toBe('còn 9 mã khôi phục')
    expect(JSON.stringify(used)).not.toContain(recoveryCodes[3])
    const status = await request(url('/api/users/two-factor'), { token: first.body.token })
    expect(status.body).toEqual(expect.objectContaining({ enabled: true, recoveryCodesLeft: 9 }))
  })

  it('should not hand out a token through reset-password for an enrolled account', async () => {
    const id = await makeUser('dat.lai@test.vn', 'editor')
    const token = await login(server.url, 'dat.lai@test.vn', PASSWORD)
    await enrol(token)
    const resetToken = await server.payload.forgotPassword({
      collection: 'users',
      data: { email: 'dat.lai@test.vn' },
      disableEmail: true,
    })
    const reset = await request(url('/api/users/reset-password'), {
      json: { password: `${PASSWORD}-moi`, token: resetToken },
      method: 'POST',
    })
    expect(reset.status).toBe(200)
    expect(reset.body.token).toBeUndefined()
    // A reset ends every session (Payload), and the one it would start is withdrawn.
    expect((await row(id)).sessions ?? []).toHaveLength(0)
    // The new password is set; signing in still needs the code.
    const bare = await request(url('/api/users/login'), {
      json: { email: 'dat.lai@test.vn', password: `${PASSWORD}-moi` },
      method: 'POST',
    })
    expect(bare.status).toBe(401)
    expect(bare.body.errors[0].data.twoFactorRequired).toBe(true)
  })

  it('should turn off with a current code, audited, and sign in with the password alone again', async () => {
    const id = await makeUser('tat.di@test.vn', 'editor')
    const token = await login(server.url, 'tat.di@test.vn', PASSWORD)
    const { secret } = await enrol(token)
    await letTimePass(id)

    const refused = await post('/two-factor/disable', token, { code: '' })
    expect(refused.status).toBe(400)
    const off = await post('/two-factor/disable', token, { code: currentCode(secret) })
    expect(off.status).toBe(200)
    expect(await audits('two-factor-disable', id)).toHaveLength(1)
    expect((await row(id)).twoFactorState).toEqual({})
    await expect(login(server.url, 'tat.di@test.vn', PASSWORD)).resolves.toEqual(expect.any(String))
  })

  it("should let an admin, and nobody else, reset another account's second step", async () => {
    const id = await makeUser('quen.may@test.vn', 'editor')
    const token = await login(server.url, 'quen.may@test.vn', PASSWORD)
    await enrol(token)

    const byEditor = await request(url(`/api/users/${id}/two-factor/reset`), {
      headers: { authorization: world.actors.editorBql.authorization! },
      method: 'POST',
    })
    expect(byEditor.status).toBe(403)
    const byBbt = await request(url(`/api/users/${id}/two-factor/reset`), {
      headers: { authorization: world.actors.bbt.authorization! },
      method: 'POST',
    })
    expect(byBbt.status).toBe(403)
    expect((await row(id)).twoFactorEnabled).toBe(true)

    const byAdmin = await request(url(`/api/users/${id}/two-factor/reset`), {
      headers: { authorization: world.actors.admin.authorization! },
      method: 'POST',
    })
    expect(byAdmin.status).toBe(200)
    expect((await row(id)).twoFactorEnabled).toBe(false)
    const records = await audits('two-factor-reset', id)
    expect(records).toHaveLength(1)
    expect(records[0].actorEmail).toBe('admin@test.vn')
    await expect(login(server.url, 'quen.may@test.vn', PASSWORD)).resolves.toEqual(
      expect.any(String),
    )
  })

  it('should, with AUTH_2FA=required, let an unenrolled bbt do nothing but enrol, on every door, and leave editors alone', async () => {
    const id = await makeUser('bat.buoc@test.vn', 'bbt')
    process.env.AUTH_2FA = 'required'
    try {
      const token = await login(server.url, 'bat.buoc@test.vn', PASSWORD)
      const self = { ...(await row(id)), collection: 'users' }

      const rest = await request(url('/api/articles'), { token })
      expect(rest.status).toBe(403)
      expect(rest.body.errors[0].message).toMatch(/AUTH_2FA=required/)
      const write = await request(url('/api/organizations'), {
        json: { name: 'Sở Mới', shortName: 'SM' },
        method: 'POST',
        token,
      })
      expect(write.status).toBe(403)
      expect(
        (
          await server.payload.count({
            collection: 'organizations',
            where: { shortName: { equals: 'SM' } },
          })
        ).totalDocs,
      ).toBe(0)
      const gql = await graphql(server.url, '{ Articles { docs { id } } }', {}, token)
      expect(gql.body.data?.Articles ?? null).toBeNull()
      expect(JSON.stringify(gql.body.errors)).toMatch(/AUTH_2FA=required/)
      await expect(
        server.payload.find({ collection: 'articles', overrideAccess: false, user: self }),
      ).rejects.toMatchObject({ status: 403 })
      const extract = await request(url('/api/extract'), {
        json: { text: 'Kế hoạch 1/KH-X' },
        method: 'POST',
        token,
      })
      expect(extract.status).toBe(403)

      // Their own account and the enrolment stay open.
      const me = await request(url('/api/users/me'), { token })
      expect(me.body.user.email).toBe('bat.buoc@test.vn')
      const status = await request(url('/api/users/two-factor'), { token })
      expect(status.body).toEqual(expect.objectContaining({ mustEnroll: true, required: true }))

      // Editors are not asked to enrol.
      const editor = await request(url('/api/articles'), {
        headers: { authorization: world.actors.editorBql.authorization! },
      })
      expect(editor.status).toBe(200)

      await enrol(token)
      expect((await request(url('/api/articles'), { token })).status).toBe(200)
      await expect(
        server.payload.find({
          collection: 'articles',
          overrideAccess: false,
          user: { ...(await row(id)), collection: 'users' },
        }),
      ).resolves.toEqual(expect.objectContaining({ docs: expect.any(Array) }))
    } finally {
      delete process.env.AUTH_2FA
    }
  })

  it('should list own sessions and end one: its token stops working, the other keeps working', async () => {
    const id = await makeUser('phien@test.vn', 'editor')
    const first = await login(server.url, 'phien@test.vn', PASSWORD)
    const second = await login(server.url, 'phien@test.vn', PASSWORD)

    const list = await request(url('/api/users/sessions'), { token: first })
    expect(list.status).toBe(200)
    expect(list.body.docs).toHaveLength(2)
    const current = list.body.docs.filter((session: { current: boolean }) => session.current)
    expect(current).toHaveLength(1)
    const other = list.body.docs.find((session: { current: boolean }) => !session.current)
    expect(other).toEqual(
      expect.objectContaining({ createdAt: expect.any(String), expiresAt: expect.any(String) }),
    )
    expect((await request(url('/api/users/sessions'))).status).toBe(401)

    const ended = await request(url(`/api/users/sessions/${other.id}`), {
      method: 'DELETE',
      token: first,
    })
    expect(ended.status).toBe(200)
    expect((await request(url('/api/users/me'), { token: second })).body.user).toBeNull()
    expect((await request(url(`/api/users/${id}`), { token: second })).status).toBe(403)
    expect((await request(url('/api/users/me'), { token: first })).body.user.email).toBe(
      'phien@test.vn',
    )
    expect(await audits('session-end', id)).toHaveLength(1)

    // Another account's session, or one that is gone: 404, nothing ended.
    const missing = await request(url(`/api/users/sessions/${other.id}`), {
      method: 'DELETE',
      token: first,
    })
    expect(missing.status).toBe(404)
    const foreign = await request(url(`/api/users/sessions/${current[0].id}`), {
      headers: { authorization: world.actors.editorBql.authorization! },
      method: 'DELETE',
    })
    expect(foreign.status).toBe(404)
    expect((await request(url('/api/users/me'), { token: first })).body.user.email).toBe(
      'phien@test.vn',
    )
  })
  it('should refuse a reset to a non-admin and to no one signed in, and answer a bad id with 404, changing nothing', async () => {
    const id = await makeUser('khong.quyen@test.vn', 'bbt')
    const token = await login(server.url, 'khong.quyen@test.vn', PASSWORD)
    await enrol(token)
    const before = await row(id)

    // The account itself is no admin either: it turns off with a code, not a reset.
    const bySelf = await post(`/${id}/two-factor/reset`, token)
    expect(bySelf.status).toBe(403)
    const anonymous = await request(url(`/api/users/${id}/two-factor/reset`), { method: 'POST' })
    expect(anonymous.status).toBe(401)
    // An API client is no staff account: its key does not reach the reset.
    const byApiClient = await request(url(`/api/users/${id}/two-factor/reset`), {
      headers: { authorization: world.actors.clientDrafts.authorization! },
      method: 'POST',
    })
    expect(byApiClient.status).toBe(401)
    const after = await row(id)
    expect(after.twoFactorEnabled).toBe(true)
    expect(after.twoFactorState).toEqual(before.twoFactorState)
    expect(await audits('two-factor-reset', id)).toHaveLength(0)

    for (const bad of ['abc', '999999', "1'%20OR%201=1"]) {
      const answer = await request(url(`/api/users/${bad}/two-factor/reset`), {
        headers: { authorization: world.actors.admin.authorization! },
        method: 'POST',
      })
      expect(answer.status).toBe(404)
      expect(answer.body.errors[0].message).toMatch(/Không có tài khoản/)
    }

    // What the account page's button goes by: the flag, as the admin reads it (access applied).
    const asAdmin = await server.payload.findByID({
      collection: 'users',
      id,
      overrideAccess: false,
      user: world.actors.admin.user,
    })
    expect(asAdmin.twoFactorEnabled).toBe(true)
  })

  describe('where each session was signed in from', () => {
    const CHROME =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 PhienLaMarker/1.0'

    const signIn = async (
      base: string,
      email: string,
      headers: Record<string, string>,
    ): Promise<string> => {
      const answer = await request(`${base}/api/users/login`, {
        headers,
        json: { email, password: PASSWORD },
        method: 'POST',
      })
      expect(answer.status).toBe(200)
      return answer.body.token
    }

    const sessionsOf = async (token: string, base = server.url) => {
      const answer = await request(`${base}/api/users/sessions`, { token })
      expect(answer.status).toBe(200)
      return answer.body.docs as {
        current: boolean
        id: string
        ip: null | string
        userAgent: null | string
      }[]
    }

    it('should list the address and browser of each sign-in, null for sessions from before, the User-Agent cut to 256', async () => {
      const id = await makeUser('noi.dang.nhap@test.vn', 'editor')
      const older = await signIn(server.url, 'noi.dang.nhap@test.vn', { 'user-agent': 'Cu/1.0' })
      // As if that session was started before sign-ins recorded anything.
      await server.payload.db.updateOne({
        collection: 'users',
        data: { sessionDetails: null },
        id,
        returning: false,
      })
      // Without TRUST_PROXY, a client's X-Forwarded-For is not believed.
      const token = await signIn(server.url, 'noi.dang.nhap@test.vn', {
        'user-agent': CHROME,
        'x-forwarded-for': '203.0.113.9',
      })
      const long = await signIn(server.url, 'noi.dang.nhap@test.vn', {
        'user-agent': `Dai/${'x'.repeat(3000)}`,
      })

      const docs = await sessionsOf(token)
      expect(docs).toHaveLength(3)
      const current = docs.find((session) => session.current)!
      expect(current.userAgent).toBe(CHROME)
      expect(current.ip).toMatch(/^(127\.0\.0\.1|::1)$/)
      const others = docs.filter((session) => !session.current)
      expect(others.map((session) => session.userAgent?.length ?? null).sort()).toEqual([256, null])
      const before = others.find((session) => session.userAgent === null)!
      expect(before.ip).toBeNull()
      // The same list as the older session sees it: its own entry is the current one now.
      expect((await sessionsOf(older)).find((session) => session.current)?.ip).toBeNull()
      expect((await sessionsOf(long)).find((session) => session.current)?.userAgent).toMatch(
        /^Dai\/x+$/,
      )

      // GraphQL's loginUser records them too.
      const viaGraphql = await request(url('/api/graphql'), {
        headers: { 'user-agent': 'GraphQLClient/2.0' },
        json: {
          query: `mutation { loginUser(email: "noi.dang.nhap@test.vn", password: "${PASSWORD}") { token } }`,
        },
        method: 'POST',
      })
      const graphqlToken = viaGraphql.body.data.loginUser.token as string
      const graphqlSession = (await sessionsOf(graphqlToken)).find((session) => session.current)!
      expect(graphqlSession).toEqual(
        expect.objectContaining({ ip: expect.any(String), userAgent: 'GraphQLClient/2.0' }),
      )
      await request(url(`/api/users/sessions/${graphqlSession.id}`), {
        method: 'DELETE',
        token: graphqlToken,
      })

      // Ending a session drops what was kept for it.
      const ended = await request(url(`/api/users/sessions/${before.id}`), {
        method: 'DELETE',
        token,
      })
      expect(ended.status).toBe(200)
      expect(Object.keys((await row(id)).sessionDetails ?? {}).sort()).toEqual(
        docs
          .filter((session) => session.userAgent !== null)
          .map((session) => session.id)
          .sort(),
      )
    })

    it('should take the address from X-Forwarded-For only with TRUST_PROXY=1 (one proxy hop)', async () => {
      await makeUser('sau.proxy@test.vn', 'editor')
      process.env.TRUST_PROXY = '1'
      let behind: TestServer | undefined
      try {
        behind = await startServer({
          databaseUri: server.databaseUri,
          rateLimits: {
            apiPerMinute: 100_000,
            forgotPasswordPerMinute: 1000,
            graphqlPerMinute: 100_000,
            loginFailuresPerMinute: 1000,
            staffFactor: 1,
          },
        })
        // The proxy appends the address it saw; a client-written entry before it is not taken.
        const token = await signIn(behind.url, 'sau.proxy@test.vn', {
          'user-agent': CHROME,
          'x-forwarded-for': '198.51.100.1, 203.0.113.9',
        })
        const current = (await sessionsOf(token, behind.url)).find((session) => session.current)
        expect(current?.ip).toBe('203.0.113.9')
      } finally {
        delete process.env.TRUST_PROXY
        await behind?.cleanup()
      }
    })

    it('should keep the address and browser from everyone else: REST, GraphQL and the Local API', async () => {
      const id = await makeUser('rieng.tu@test.vn', 'editor')
      const token = await signIn(server.url, 'rieng.tu@test.vn', { 'user-agent': CHROME })
      // Stored, so the reads below could show it if anything let it through.
      expect(JSON.stringify((await row(id)).sessionDetails)).toContain('PhienLaMarker')

      const leaks = (answer: unknown) => {
        const text = JSON.stringify(answer)
        expect(text).not.toContain('PhienLaMarker')
        expect(text).not.toContain('sessionDetails":{')
      }
      for (const actor of [world.actors.admin, world.actors.bbt]) {
        const one = await request(url(`/api/users/${id}`), {
          headers: { authorization: actor.authorization! },
        })
        expect(one.status).toBe(200)
        expect(one.body.email).toBe('rieng.tu@test.vn')
        expect(one.body).not.toHaveProperty('sessionDetails')
        leaks(one.body)
        const list = await request(url(`/api/users?where[id][equals]=${id}&depth=0`), {
          headers: { authorization: actor.authorization! },
        })
        expect(list.body.docs).toHaveLength(1)
        leaks(list.body)
        const gql = await graphql(
          server.url,
          `{ User(id: ${id}) { email sessionDetails sessions { id createdAt } } Users(where: { id: { equals: ${id} } }) { docs { sessionDetails } } }`,
          {},
          actor.authorization!.replace(/^JWT /, ''),
        )
        expect(gql.body.data?.User?.email).toBe('rieng.tu@test.vn')
        expect(gql.body.data.User.sessionDetails ?? null).toBeNull()
        leaks(gql.body)
        const local = await server.payload.findByID({
          collection: 'users',
          id,
          overrideAccess: false,
          user: actor.user,
        })
        expect(local.email).toBe('rieng.tu@test.vn')
        leaks(local)
      }
      // Nor to the account itself, other than through its sessions list.
      const me = await request(url('/api/users/me'), { token })
      expect(me.body.user.email).toBe('rieng.tu@test.vn')
      leaks(me.body)
      const login = await request(url('/api/users/login'), {
        headers: { 'user-agent': CHROME },
        json: { email: 'rieng.tu@test.vn', password: PASSWORD },
        method: 'POST',
      })
      expect(login.status).toBe(200)
      leaks(login.body)
      // Nobody may write it either.
      const write = await request(url(`/api/users/${id}`), {
        headers: { authorization: world.actors.admin.authorization! },
        json: { sessionDetails: { forged: { ip: '1.2.3.4', userAgent: 'x' } } },
        method: 'PATCH',
      })
      expect(write.status).toBeLessThan(500)
      expect(JSON.stringify((await row(id)).sessionDetails)).not.toContain('forged')
    })
  })
})
