import type { Browser } from 'playwright-core'

import path from 'node:path'

import { currentCode, PERIOD_SECONDS } from '../../src/lib/twoFactor'
import { logIn } from './support/admin'
import { launchBrowser, newSession, serverState, step } from './support/browser'
import type { ServerState } from './support/paths'
import { restClient } from './support/rest'

/** The editor's guide shows these: how setup looks, and the login asking for the code. */
const GUIDE_IMAGES = path.resolve(process.cwd(), 'docs/img')
const guideImage = (name: string) => path.join(GUIDE_IMAGES, `xac-thuc-hai-buoc-${name}.png`)

/**
 * A board member turns on two-step sign-in on the admin's "Bảo mật đăng nhập" page (scanning is replaced by reading the key
 * the page shows and computing the code as an authenticator app would), signs out, and signs in
 * again with password and code.
 */
describe('two-step sign-in in the admin', () => {
  let browser: Browser
  let server: ServerState
  let userId: number
  const email = 'hai.buoc.e2e@example.com'
  const password = 'Ha-Giang-mua-tam-giac-mach-2026'

  beforeAll(async () => {
    server = serverState()
    browser = await launchBrowser()
    const { api, tokenOf } = restClient(() => server)
    const created = await api('/api/users', {
      body: { email, name: 'Lê Thị Hải', password, roles: ['bbt'] },
      method: 'POST',
      token: await tokenOf('admin@example.com'),
    })
    expect(created.status).toBe(201)
    userId = created.body.doc.id
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('should enrol on the security page, then sign in with password and code', async () => {
    const { context, page } = await newSession(browser, server.baseUrl)
    try {
      await step(page, 'tfa-login-password-only', () => logIn(page, email, password))

      const secret = await step(page, 'tfa-setup', async () => {
        await page.goto('/admin/bao-mat')
        await page.getByRole('button', { name: 'Thiết lập xác thực hai bước' }).click()
        const shown = page.getByTestId('two-factor-secret')
        await shown.waitFor()
        await page.getByRole('img', { name: 'Mã QR xác thực hai bước' }).waitFor()
        await page.getByTestId('two-factor-setup').screenshot({ path: guideImage('thiet-lap') })
        return (await shown.innerText()).trim()
      })
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/)

      const enrolledStep = Math.floor(Date.now() / (PERIOD_SECONDS * 1000))
      await step(page, 'tfa-confirm', async () => {
        await page.locator('#two-factor-code').fill(currentCode(secret))
        await page.getByRole('button', { name: 'Xác nhận' }).click()
        await page.getByTestId('recovery-codes').waitFor()
        await page.getByTestId('two-factor-on').waitFor()
      })
      const codes = await page.getByTestId('recovery-codes').locator('li').allInnerTexts()
      expect(codes).toHaveLength(10)
      await page.getByTestId('two-factor-panel').screenshot({ path: guideImage('ma-khoi-phuc') })
      await page.getByTestId('sessions-panel').getByText('Phiên này').waitFor()

      await step(page, 'tfa-logout', async () => {
        await page.goto('/admin/logout')
        await page.waitForURL((url) => url.pathname.endsWith('/login'))
      })

      await step(page, 'tfa-code-prompt', async () => {
        await page.getByLabel('Email').fill(email)
        await page.getByLabel('Mật khẩu').fill(password)
        await page.getByRole('button', { name: 'Đăng nhập' }).click()
        await page.getByText('nhập mã 6 số từ ứng dụng xác thực').waitFor()
        await page.getByLabel('Mã xác thực (6 số)').waitFor()
        await page.screenshot({ path: guideImage('nhap-ma') })
      })
      // Still on the login page: the password alone did not sign in.
      expect(new URL(page.url()).pathname).toBe('/admin/login')

      await step(page, 'tfa-wrong-code', async () => {
        const code = currentCode(secret, (enrolledStep + 1) * PERIOD_SECONDS * 1000)
        await page.getByLabel('Mã xác thực (6 số)').fill(code === '000000' ? '111111' : '000000')
        await page.getByRole('button', { name: 'Đăng nhập' }).click()
        await page.getByText('Mã không đúng').waitFor()
      })

      await step(page, 'tfa-login-with-code', async () => {
        // The next period's code: the one used at enrolment may not be used twice.
        const fresh = currentCode(
          secret,
          Math.max(Date.now(), (enrolledStep + 1) * PERIOD_SECONDS * 1000),
        )
        await page.getByLabel('Mã xác thực (6 số)').fill(fresh)
        await page.getByRole('button', { name: 'Đăng nhập' }).click()
        await page.waitForURL((url) => !url.pathname.endsWith('/login'))
        await page.waitForLoadState('networkidle')
      })
      expect(new URL(page.url()).pathname).toBe('/admin')
      // Signed in as that account, enrolled, on a session of its own.
      await step(page, 'tfa-signed-in', async () => {
        await page.goto('/admin/bao-mat')
        await page.getByText(email).first().waitFor()
        await page.getByTestId('two-factor-on').waitFor()
        await page.getByTestId('sessions-panel').getByText('Phiên này').waitFor()
      })
      // Where each sign-in came from: this browser's address and User-Agent, as the server saw them.
      const panel = page.getByTestId('sessions-panel')
      await panel.locator('th', { hasText: 'Địa chỉ IP' }).waitFor()
      await panel.locator('th', { hasText: 'Trình duyệt' }).waitFor()
      const current = panel.getByTestId('session-row').filter({ hasText: 'Phiên này' })
      expect(await current.getByTestId('session-ip').innerText()).toMatch(/^(127\.0\.0\.1|::1)$/)
      const userAgent = await page.evaluate(() => navigator.userAgent)
      expect(await current.getByTestId('session-browser').getAttribute('title')).toBe(userAgent)
      expect((await current.getByTestId('session-browser').innerText()).trim()).toMatch(/^Chrome/)
      await panel.screenshot({ path: guideImage('phien-dang-nhap') })
      const status = await page.evaluate(async () =>
        (await fetch('/api/users/two-factor', { credentials: 'include' })).json(),
      )
      expect(status).toEqual(expect.objectContaining({ enabled: true, recoveryCodesLeft: 10 }))
    } finally {
      await context.close()
    }
  })
  it('should show the security page in the dark theme too', async () => {
    const { context, page } = await newSession(browser, server.baseUrl)
    try {
      await context.addCookies([{ name: 'payload-theme', url: server.baseUrl, value: 'dark' }])
      await logIn(page, 'bbt@example.com', server.password)
      await step(page, 'tfa-dark-theme', async () => {
        await page.goto('/admin/bao-mat')
        await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached' })
        await page.getByRole('button', { name: 'Thiết lập xác thực hai bước' }).waitFor()
        await page.getByTestId('sessions-panel').getByText('Phiên này').waitFor()
      })
      // The panels take the theme's colours: light text on the dark background, not black on black.
      const colours = await page.getByTestId('sessions-panel').evaluate((element) => {
        const style = getComputedStyle(element)
        return { background: style.backgroundColor, text: style.color }
      })
      const brightness = (rgb: string) =>
        (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((sum, part) => sum + Number(part), 0) / 3
      expect(brightness(colours.text) - brightness(colours.background)).toBeGreaterThan(100)
    } finally {
      await context.close()
    }
  })

  it("should let an admin, and no one else, reset another account's two-step sign-in from its page", async () => {
    const { api, tokenOf } = restClient(() => server)
    const adminToken = await tokenOf('admin@example.com')
    const enrolled = await api(`/api/users/${userId}`, { token: adminToken })
    expect(enrolled.body.twoFactorEnabled).toBe(true)

    // The board reads the account but may not reset it: no button.
    const board = await newSession(browser, server.baseUrl)
    try {
      await logIn(board.page, 'bbt@example.com', server.password)
      await step(board.page, 'tfa-reset-not-for-board', async () => {
        await board.page.goto(`/admin/collections/users/${userId}`)
        await board.page.getByText(email).first().waitFor()
        await board.page.waitForLoadState('networkidle')
      })
      expect(await board.page.locator('#reset-two-factor').count()).toBe(0)
    } finally {
      await board.context.close()
    }

    const { context, page } = await newSession(browser, server.baseUrl)
    try {
      await logIn(page, 'admin@example.com', server.password)
      // An account without two-step sign-in: nothing to reset, no button.
      const bbt = await api('/api/users?where[email][equals]=bbt@example.com', {
        token: adminToken,
      })
      await step(page, 'tfa-reset-not-enrolled', async () => {
        await page.goto(`/admin/collections/users/${bbt.body.docs[0].id}`)
        await page.getByText('bbt@example.com').first().waitFor()
        await page.waitForLoadState('networkidle')
      })
      expect(await page.locator('#reset-two-factor').count()).toBe(0)

      await step(page, 'tfa-reset-confirm', async () => {
        await page.goto(`/admin/collections/users/${userId}`)
        await page.getByRole('button', { name: 'Đặt lại xác thực hai bước' }).click()
        await page.getByText('Đặt lại xác thực hai bước?').waitFor()
        await page.screenshot({ path: guideImage('dat-lai') })
      })
      // Cancelling changes nothing.
      await page.getByRole('button', { name: 'Hủy' }).click()
      expect((await api(`/api/users/${userId}`, { token: adminToken })).body.twoFactorEnabled).toBe(
        true,
      )

      await step(page, 'tfa-reset-done', async () => {
        await page.getByRole('button', { name: 'Đặt lại xác thực hai bước' }).click()
        const answered = page.waitForResponse((response) =>
          response.url().endsWith(`/api/users/${userId}/two-factor/reset`),
        )
        await page.getByRole('button', { name: 'Đặt lại', exact: true }).click()
        expect((await answered).status()).toBe(200)
        await page.getByTestId('reset-two-factor-done').waitFor()
        await page.getByText(`Đã tắt xác thực hai bước của ${email}`).waitFor()
      })
      expect((await api(`/api/users/${userId}`, { token: adminToken })).body.twoFactorEnabled).toBe(
        false,
      )
      // The password alone signs in again.
      await expect(tokenOf(email, password)).resolves.toEqual(expect.any(String))
    } finally {
      await context.close()
    }
  })
})
