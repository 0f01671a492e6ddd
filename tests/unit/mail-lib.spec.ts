import { parseFrom, parseSmtpUrl, readMailSettings, secureCookies } from '../../src/lib/env/mail'
import {
  articleReturnedMail,
  articleSubmittedMail,
  resetPasswordMail,
} from '../../src/lib/mail/templates'
import { passwordProblem, personalInputs } from '../../src/lib/password/policy'

describe('mail settings', () => {
  it('should read smtp:// and smtps:// with credentials, and refuse other schemes without echoing a password', () => {
    expect(parseSmtpUrl('smtp://127.0.0.1:2525')).toEqual({
      host: '127.0.0.1',
      port: 2525,
      secure: false,
    })
    expect(parseSmtpUrl('smtps://thu%40so:m%E1%BA%ADt@mail.example.gov.vn')).toEqual({
      auth: { pass: 'mật', user: 'thu@so' },
      host: 'mail.example.gov.vn',
      port: 465,
      secure: true,
    })
    expect(() => parseSmtpUrl('http://user:hunter2@mail.example')).toThrow(/SMTP_URL/)
    expect(() => parseSmtpUrl('http://user:hunter2@mail.example')).not.toThrow(/hunter2/)
  })

  it('should read EMAIL_FROM as an address or a named address, and default both', () => {
    expect(parseFrom(undefined)).toEqual({ address: 'no-reply@localhost', name: 'Cổng thông tin' })
    expect(parseFrom('cms@example.gov.vn')).toEqual({
      address: 'cms@example.gov.vn',
      name: 'Cổng thông tin',
    })
    expect(parseFrom('"Cổng TTĐT tỉnh" <cms@example.gov.vn>')).toEqual({
      address: 'cms@example.gov.vn',
      name: 'Cổng TTĐT tỉnh',
    })
    expect(() => parseFrom('not an address')).toThrow(/EMAIL_FROM/)
  })

  it('should write mail to the log when SMTP_URL is unset, and link to SERVER_URL', () => {
    const settings = readMailSettings({ SERVER_URL: 'https://cms.example.gov.vn/' })
    expect(settings.smtp).toBeNull()
    expect(settings.serverUrl).toBe('https://cms.example.gov.vn')
    expect(readMailSettings({ PORT: '4000' }).serverUrl).toBe('http://localhost:4000')
    expect(() => readMailSettings({ MAIL_RETRIES: '-1' })).toThrow(/MAIL_RETRIES/)
  })

  it('should make cookies Secure only when SERVER_URL is https', () => {
    expect(secureCookies({ SERVER_URL: 'https://cms.example.gov.vn' })).toBe(true)
    expect(secureCookies({ SERVER_URL: 'http://localhost:3000' })).toBe(false)
    expect(secureCookies({})).toBe(false)
  })
})

describe('mail templates', () => {
  const args = {
    actor: 'Nguyễn Văn An',
    article: { id: 7, title: 'Tin <b>mới</b> & "nóng"' },
    serverUrl: 'https://cms.example.gov.vn',
  }

  it('should escape what editors wrote in the HTML, and keep it as written in the text', () => {
    const mail = articleSubmittedMail(['bbt@example.com'], args)
    expect(mail.text).toContain('Tin <b>mới</b> & "nóng"')
    expect(mail.html).toContain('Tin &#60;b&#62;mới&#60;/b&#62; &#38; &#34;nóng&#34;')
    expect(mail.html).not.toContain('<b>mới')
    expect(mail.text).toContain('https://cms.example.gov.vn/admin/collections/articles/7')
  })

  it("should quote the board's note line by line", () => {
    const mail = articleReturnedMail('ed@example.com', { ...args, note: 'Một.\nHai.' })
    expect(mail.text).toContain('> Một.\n> Hai.')
    expect(mail.html).toContain('Một.<br>Hai.')
  })

  it('should link the reset page of the admin, NFC', () => {
    const mail = resetPasswordMail('ed@example.com', {
      serverUrl: 'https://cms.example.gov.vn',
      token: 'abc123',
      validMinutes: 60,
    })
    expect(mail.text).toContain('https://cms.example.gov.vn/admin/reset/abc123')
    expect(mail.text).toBe(mail.text.normalize('NFC'))
  })
})

describe('password policy', () => {
  it('should take the name with and without diacritics, and the email in pieces, as personal words', () => {
    expect(personalInputs({ email: 'an.nguyen@so.gov.vn', name: 'Nguyễn Văn An' })).toEqual(
      expect.arrayContaining([
        'nguyễn văn an',
        'nguyenvanan',
        'nguyen',
        'annguyen',
        'an.nguyen@so.gov.vn',
      ]),
    )
  })

  it.each([
    ['abc', 'short'],
    ['12345678901', 'short'],
    ['password1234', 'common'],
    ['aaaaaaaaaaaaaaaa', 'weak'],
    ['NguyenVanAn-1990', 'personal'],
    ['Song-Lo-chay-qua-Tuyen-Quang-1945', null],
    ['mật khẩu là một câu dài', null],
  ])('should judge %s as %s', async (password, problem) => {
    expect(await passwordProblem(password, { email: 'an@so.gov.vn', name: 'Nguyễn Văn An' })).toBe(
      problem,
    )
  })
})
