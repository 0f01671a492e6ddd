import type { AddressInfo } from 'node:net'
import type { ParsedMail } from 'mailparser'

import { simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

import type { Actor } from '../helpers/doors'
import { login, request } from '../helpers/http'
import type { TestServer } from '../helpers/startServer'
import { startServer } from '../helpers/startServer'
import type { World } from '../helpers/world'
import { buildWorld, PASSWORD } from '../helpers/world'
import { waitFor } from '../helpers/waitFor'

// Fixtures and read-backs are system work (overrideAccess: true); the review steps and the
// password reset go through REST as the people who make them. Mail is received by a real SMTP
// server (smtp-server) and parsed with mailparser.

const onDrizzle = process.env.TEST_DATABASE === 'mongodb' ? describe.skip : describe
const SERVER_URL = 'https://cms.portal.test'
const NEW_PASSWORD = 'Mat-khau-moi-hoa-phuong-do-2026'

type Received = ParsedMail & { envelopeTo: string[] }

/**
 * A real SMTP server on `port` (0: an ephemeral one) that keeps every message it accepts. It offers
 * STARTTLS with its own self-signed certificate, as a test or office server would. `refuse` makes
 * it answer every recipient with 550.
 */
const startSmtp = async (port: number, state: { refuse: boolean; received: Received[] }) => {
  const server = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((parsed) => {
          state.received.push({
            ...parsed,
            envelopeTo: session.envelope.rcptTo.map((to) => to.address),
          } as Received)
          callback()
        })
        .catch(callback)
    },
    onRcptTo: (_address, _session, callback) => {
      if (state.refuse) {
        const refusal = new Error('Mailbox unavailable, refused by policy') as Error & {
          responseCode: number
        }
        refusal.responseCode = 550
        callback(refusal)
        return
      }
      callback()
    },
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    port: (server.server.address() as AddressInfo).port,
  }
}

const SETTINGS: Record<string, string> = {
  EMAIL_FROM: 'Cổng thông tin tỉnh <cms@portal.test>',
  MAIL_RETRIES: '6',
  MAIL_RETRY_DELAY_MS: '200',
  SERVER_URL,
}
const saved: Record<string, string | undefined> = {}

onDrizzle('mail', () => {
  const smtpState = { refuse: false, received: [] as Received[] }
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  let server: TestServer
  let world: World
  let editor: Actor
  let bbt: Actor

  beforeAll(async () => {
    smtp = await startSmtp(0, smtpState)
    for (const [name, value] of Object.entries({
      ...SETTINGS,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    })) {
      saved[name] = process.env[name]
      process.env[name] = value
    }
    server = await startServer({ jobs: true })
    world = await buildWorld(server.payload, server.url)
    editor = world.actors.editorBql
    bbt = world.actors.bbt
    // A second board member: a submission mails every one.
    await server.payload.create({
      collection: 'users',
      data: { email: 'bbt.hai@test.vn', name: 'Trần Thị Hai', password: PASSWORD, roles: ['bbt'] },
      overrideAccess: true,
    })
  })

  afterAll(async () => {
    await server?.cleanup()
    await smtp?.close()
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) {
        delete process.env[name]
      } else {
        process.env[name] = value
      }
    }
  })

  const mailsTo = (address: string) =>
    smtpState.received.filter((mail) => mail.envelopeTo.includes(address))

  const write = async (actor: Actor, method: 'PATCH' | 'POST', path: string, json: object) => {
    const res = await request(`${server.url}/api/articles${path}`, {
      headers: { authorization: actor.authorization! },
      json,
      method,
    })
    expect([res.status, res.body?.errors]).toEqual([method === 'POST' ? 201 : 200, undefined])
    return res.body.doc as { id: number; title: string }
  }

  const draftBy = (actor: Actor, title: string) =>
    write(actor, 'POST', '?depth=0', { department: world.orgs.bql, title })

  it('should mail every board member when an editor submits, with the title and a link to the admin', async () => {
    const article = await draftBy(editor, 'Hội nghị xúc tiến đầu tư năm 2026')
    await write(editor, 'PATCH', `/${article.id}?depth=0`, { reviewState: 'submitted' })

    const [first, second] = await waitFor('the two submission mails', () => {
      const got = [mailsTo('bbt@test.vn'), mailsTo('bbt.hai@test.vn')]
      return got.every((list) => list.length > 0) ? got.map((list) => list[0]!) : undefined
    })
    for (const mail of [first!, second!]) {
      expect(mail.subject).toBe('[Chờ duyệt] Hội nghị xúc tiến đầu tư năm 2026')
      expect(mail.from?.value[0]).toEqual({
        address: 'cms@portal.test',
        name: 'Cổng thông tin tỉnh',
      })
      expect(mail.text).toContain(
        'ed.bql@test.vn đã gửi bài "Hội nghị xúc tiến đầu tư năm 2026" chờ duyệt',
      )
      expect(mail.text).toContain(`${SERVER_URL}/admin/collections/articles/${article.id}`)
      expect(mail.html).toContain(`href="${SERVER_URL}/admin/collections/articles/${article.id}"`)
    }
    // One message per person: no board member sees the others' addresses.
    expect(first!.to).toEqual(expect.objectContaining({ text: 'bbt@test.vn' }))
    // Nobody is mailed about their own step, and the editor got nothing for submitting.
    expect(mailsTo('ed.bql@test.vn')).toHaveLength(0)
  })

  it("should mail the author the board's note on a return, and tell them of the publish", async () => {
    const article = await draftBy(editor, 'Tuyển dụng công chức cấp xã')
    await write(editor, 'PATCH', `/${article.id}?depth=0`, { reviewState: 'submitted' })
    const note = 'Đề nghị bổ sung số hiệu văn bản và ngày ban hành.\nXem lại đoạn hai.'
    await write(bbt, 'PATCH', `/${article.id}?depth=0`, {
      reviewNote: note,
      reviewState: 'returned',
    })

    const returned = await waitFor('the return mail', () =>
      mailsTo('ed.bql@test.vn').find((mail) => mail.subject?.startsWith('[Trả lại]')),
    )
    expect(returned.subject).toBe('[Trả lại] Tuyển dụng công chức cấp xã')
    expect(returned.text).toContain('Ban Biên tập (bbt@test.vn) đã trả lại bài')
    expect(returned.text).toContain('> Đề nghị bổ sung số hiệu văn bản và ngày ban hành.')
    expect(returned.text).toContain('> Xem lại đoạn hai.')
    expect(returned.html).toContain(
      'Đề nghị bổ sung số hiệu văn bản và ngày ban hành.<br>Xem lại đoạn hai.',
    )
    expect(returned.text).toContain(`${SERVER_URL}/admin/collections/articles/${article.id}`)

    await write(bbt, 'PATCH', `/${article.id}?depth=0`, { _status: 'published' })
    const published = await waitFor('the publish mail', () =>
      mailsTo('ed.bql@test.vn').find((mail) => mail.subject?.startsWith('[Đã xuất bản]')),
    )
    expect(published.subject).toBe('[Đã xuất bản] Tuyển dụng công chức cấp xã')
    expect(published.text).toContain('đã được bbt@test.vn xuất bản')
    expect(published.text).toContain(`${SERVER_URL}/admin/collections/articles/${article.id}`)
  })

  it('should not mail the board member who publishes their own article', async () => {
    const before = smtpState.received.length
    const article = await draftBy(bbt, 'Thông báo lịch tiếp công dân')
    await write(bbt, 'PATCH', `/${article.id}?depth=0`, { _status: 'published' })
    // A mail that is coming arrives within a few job runs (every second).
    await new Promise((resolve) => setTimeout(resolve, 2500))
    expect(smtpState.received.slice(before)).toEqual([])
  })

  it('should mail a working reset link: forgot-password, reset-password with its token, then sign in', async () => {
    const forgot = await request(`${server.url}/api/users/forgot-password`, {
      json: { email: 'ed.bql@test.vn' },
      method: 'POST',
    })
    expect(forgot.status).toBe(200)
    const mail = await waitFor('the reset mail', () =>
      mailsTo('ed.bql@test.vn').find((got) => got.subject === 'Đặt lại mật khẩu'),
    )
    expect(mail.text).toContain('Có yêu cầu đặt lại mật khẩu cho tài khoản của bạn')
    const link = /https:\/\/cms\.portal\.test\/admin\/reset\/([A-Za-z0-9]+)/.exec(mail.text ?? '')
    expect(link).not.toBeNull()
    expect(mail.html).toContain(`href="${link![0]}"`)

    const reset = await request(`${server.url}/api/users/reset-password`, {
      json: { password: NEW_PASSWORD, token: link![1] },
      method: 'POST',
    })
    expect([reset.status, reset.body?.errors]).toEqual([200, undefined])
    // The reset ended the editor's sessions; later tests act on the new one.
    editor = {
      ...editor,
      authorization: `JWT ${await login(server.url, 'ed.bql@test.vn', NEW_PASSWORD)}`,
    }
    await expect(login(server.url, 'ed.bql@test.vn', PASSWORD)).rejects.toThrow(/401/)
    // A link works once.
    const again = await request(`${server.url}/api/users/reset-password`, {
      json: { password: `${NEW_PASSWORD}-lan-hai`, token: link![1] },
      method: 'POST',
    })
    expect(again.status).toBe(403)

    // The request and the reset are in the audit log, without the password or the token.
    const { docs } = await server.payload.find({
      collection: 'audit-log',
      overrideAccess: true,
      pagination: false,
      where: { action: { in: ['password-reset-request', 'password-reset'] } },
    })
    expect(docs.map((doc) => [doc.action, doc.actorEmail]).sort()).toEqual([
      ['password-reset', 'ed.bql@test.vn'],
      ['password-reset-request', 'ed.bql@test.vn'],
    ])
    expect(JSON.stringify(docs)).not.toContain(NEW_PASSWORD)
    expect(JSON.stringify(docs)).not.toContain(link![1])
  })

  it('should save at once while the SMTP server is down, and deliver when it comes back', async () => {
    const port = smtp.port
    await smtp.close()
    const article = await draftBy(editor, 'Lịch cắt điện tuần tới')
    const started = Date.now()
    await write(editor, 'PATCH', `/${article.id}?depth=0`, { reviewState: 'submitted' })
    expect(Date.now() - started).toBeLessThan(3000)
    const forgotStarted = Date.now()
    const forgot = await request(`${server.url}/api/users/forgot-password`, {
      json: { email: 'bbt.hai@test.vn' },
      method: 'POST',
    })
    expect(forgot.status).toBe(200)
    expect(Date.now() - forgotStarted).toBeLessThan(3000)

    // The queue tries, fails and keeps the jobs for a retry.
    await waitFor('a failed attempt', async () => {
      const { docs } = await server.payload.find({
        collection: 'payload-jobs',
        overrideAccess: true,
        pagination: false,
        where: { and: [{ queue: { equals: 'mail' } }, { totalTried: { greater_than: 0 } }] },
      })
      return docs.some((job) => !job.completedAt && !job.hasError) || undefined
    })
    const subject = '[Chờ duyệt] Lịch cắt điện tuần tới'
    expect(smtpState.received.some((mail) => mail.subject === subject)).toBe(false)

    smtp = await startSmtp(port, smtpState)
    await waitFor('the submission mails after the server came back', () =>
      ['bbt@test.vn', 'bbt.hai@test.vn'].every((to) =>
        mailsTo(to).some((mail) => mail.subject === subject),
      ),
    )
    await waitFor('the reset mail after the server came back', () =>
      mailsTo('bbt.hai@test.vn').some((mail) => mail.subject === 'Đặt lại mật khẩu'),
    )
  })

  it('should log a refused delivery without the message or the reset token, and retry it', async () => {
    // Every line the server logs meanwhile, at every level, kept as the logger got it.
    const logger = server.payload.logger as unknown as Record<string, (...args: unknown[]) => void>
    const lines: string[] = []
    const originals = new Map<string, (...args: unknown[]) => void>()
    for (const level of ['debug', 'error', 'info', 'warn']) {
      originals.set(level, logger[level]!)
      logger[level] = (...args: unknown[]) => {
        lines.push(`${level} ${JSON.stringify(args)}`)
      }
    }
    try {
      smtpState.refuse = true
      const forgot = await request(`${server.url}/api/users/forgot-password`, {
        json: { email: 'admin@test.vn' },
        method: 'POST',
      })
      expect(forgot.status).toBe(200)
      await waitFor('a logged refusal', () =>
        lines.find((line) => line.includes('mail delivery failed') && line.includes('550')),
      )
      const user = await server.payload.db.findOne<{ id: number; resetPasswordToken?: string }>({
        collection: 'users',
        where: { email: { equals: 'admin@test.vn' } },
      })
      const token = user?.resetPasswordToken
      expect(token).toEqual(expect.any(String))
      const refusal = lines.find((line) => line.includes('mail delivery failed'))!
      expect(refusal).toContain('admin@test.vn')
      for (const line of lines) {
        expect(line).not.toContain(token)
        expect(line).not.toContain('Có yêu cầu đặt lại mật khẩu')
      }
      // Payload keeps the job's error in the queue: without the token either.
      const { docs } = await server.payload.find({
        collection: 'payload-jobs',
        overrideAccess: true,
        pagination: false,
        where: { queue: { equals: 'mail' } },
      })
      expect(JSON.stringify(docs)).not.toContain(token)

      smtpState.refuse = false
      await waitFor('the reset mail once the server accepts', () =>
        mailsTo('admin@test.vn').some((mail) => mail.text?.includes(token!)),
      )
    } finally {
      smtpState.refuse = false
      for (const [level, original] of originals) {
        logger[level] = original
      }
    }
  })

  it('should set the session cookie Secure when SERVER_URL is https', async () => {
    const res = await fetch(`${server.url}/api/users/login`, {
      body: JSON.stringify({ email: 'bbt@test.vn', password: PASSWORD }),
      headers: { 'content-type': 'application/json' },
      method: 'POST',
    })
    expect(res.status).toBe(200)
    const cookie = res.headers.getSetCookie().find((value) => value.startsWith('payload-token='))
    expect(cookie).toMatch(/;\s*Secure/i)
  })

  it('should record sign-ins and failed sign-ins in the audit log, never the password', async () => {
    const wrong = 'Sai-mat-khau-rat-dai-2026'
    const failed = await request(`${server.url}/api/users/login`, {
      json: { email: 'bbt.hai@test.vn', password: wrong },
      method: 'POST',
    })
    expect(failed.status).toBe(401)
    await login(server.url, 'bbt.hai@test.vn', PASSWORD)
    const { docs } = await server.payload.find({
      collection: 'audit-log',
      overrideAccess: true,
      pagination: false,
      where: {
        and: [
          { actorEmail: { equals: 'bbt.hai@test.vn' } },
          { action: { in: ['login', 'failed-login'] } },
        ],
      },
    })
    expect(docs.map((doc) => doc.action)).toEqual(expect.arrayContaining(['failed-login', 'login']))
    expect(JSON.stringify(docs)).not.toContain(wrong)
    expect(JSON.stringify(docs)).not.toContain(PASSWORD)
  })
})
