import type { Browser, Locator, Page } from 'playwright-core'

import { choose, logIn, saveDraft } from './support/admin'
import { launchBrowser, newSession, serverState, step } from './support/browser'
import { GUIDE_VIEWPORT, guideShot } from './support/guide'
import type { ServerState } from './support/paths'
import { restClient } from './support/rest'
import { makePng } from './support/png'

/**
 * The editor's guide (docs/huong-dan-bien-tap.md), walked in the real admin: each step a civil
 * servant takes, checked for what they should see, and pictured at an office screen's size into
 * docs/img/. A picture is only saved after its step's checks passed, so the guide never shows a
 * screen that did not work.
 */
describe("the editor's guide, step by step", () => {
  let browser: Browser
  let server: ServerState
  let articleId = ''
  const title = 'Khu kinh tế tỉnh đẩy mạnh thu hút đầu tư năm 2025'
  const note = 'Đề nghị ghi rõ số dự án đã cấp phép trong 6 tháng đầu năm.'
  const reply = 'Đã bổ sung: 12 dự án được cấp phép, tổng vốn 3.200 tỷ đồng.'
  const topic = 'Xúc tiến đầu tư'
  const person = 'Nguyễn Văn Hùng'
  const otherPerson = 'Trần Thị Mai'
  const imageAlt = 'Toàn cảnh Khu kinh tế nhìn từ trên cao'
  let imageName = ''

  const session = () => newSession(browser, server.baseUrl, GUIDE_VIEWPORT)

  /** REST calls outside the browser, to set up what the board keeps (topics, people). */
  const { api, tokenOf } = restClient(() => server)

  /** The board's queue on the dashboard. */
  const queueOf = (page: Page): Locator => page.getByRole('region', { name: /^Chờ duyệt/ })

  /** The editor's department list on the dashboard. */
  const departmentListOf = (page: Page): Locator =>
    page.getByRole('region', { name: 'Tin bài của đơn vị' })

  const requireArticle = () => {
    if (!articleId) {
      throw new Error("the editor's article was not created (see the first failure)")
    }
  }

  beforeAll(async () => {
    server = serverState()
    browser = await launchBrowser()
    imageName = `${server.uploadPrefix}-khu-kinh-te.png`
    const token = await tokenOf('bbt@example.com')
    const topicMade = await api('/api/topics', { body: { name: topic }, method: 'POST', token })
    expect(topicMade.status).toBe(201)
    const bql = await api('/api/organizations?where[shortName][equals]=BQLKKT&depth=0', { token })
    const department = bql.body.docs[0].id
    for (const name of [person, otherPerson]) {
      const created = await api('/api/people', {
        body: { _status: 'published', department, name },
        method: 'POST',
        token,
      })
      expect(created.status).toBe(201)
    }
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('should show the sign-in page, the forgotten-password form and the password change', async () => {
    const { context, page } = await session()
    await step(page, 'guide-sign-in', async () => {
      await page.goto('/admin/login')
      await page.getByRole('button', { name: 'Đăng nhập' }).waitFor()
      await page.getByLabel('Email').fill('editor.bqlkkt@example.com')
      expect(await page.getByText('Quên mật khẩu?').count()).toBe(1)
      await guideShot(page, 'dang-nhap')
    })
    await step(page, 'guide-forgot-password', async () => {
      await page.getByText('Quên mật khẩu?').click()
      await page.waitForURL(/\/admin\/forgot/)
      await page.getByRole('heading', { name: 'Quên mật khẩu' }).waitFor()
      expect(await page.getByLabel('Email').count()).toBe(1)
      await guideShot(page, 'quen-mat-khau')
    })
    await step(page, 'guide-change-password', async () => {
      await logIn(page, 'editor.bqlkkt@example.com', server.password)
      await page.goto('/admin/account')
      await page.getByRole('button', { name: 'Đổi mật khẩu' }).click()
      await page.getByLabel('Mật khẩu mới').waitFor()
      expect(await page.getByLabel('Xác nhận mật khẩu').count()).toBe(1)
      await guideShot(page, 'doi-mat-khau')
    })
    await context.close()
  })

  it('should let the editor upload an image, write an article with it and submit it', async () => {
    const { context, page } = await session()
    await step(page, 'guide-dashboard', async () => {
      await logIn(page, 'editor.bqlkkt@example.com', server.password)
      const list = departmentListOf(page)
      await list.waitFor()
      expect(await list.innerText()).toContain('Ban Quản lý Khu kinh tế tỉnh')
      await guideShot(page, 'trang-chu')
    })

    await step(page, 'guide-upload-image', async () => {
      await page.goto('/admin/collections/media/create')
      await page.locator('input[type="file"]').setInputFiles({
        buffer: makePng(640, 360),
        mimeType: 'image/png',
        name: imageName,
      })
      await page.locator('input[name="alt"]').fill(imageAlt)
      await page.locator('input[name="caption"]').fill('Khu kinh tế tỉnh, tháng 6/2025')
      await page.getByRole('button', { name: 'Lưu', exact: true }).click()
      await page.waitForURL(/\/admin\/collections\/media\/\d+/)
      await page
        .getByText(/đã được tạo thành công/)
        .first()
        .waitFor()
      await page.waitForLoadState('networkidle')
      expect(await page.locator('input[name="alt"]').inputValue()).toBe(imageAlt)
      await guideShot(page, 'hinh-anh')
    })

    await step(page, 'guide-write-article', async () => {
      await page.goto('/admin/collections/articles/create')
      await page.getByRole('textbox', { name: /^Tiêu đề \*/ }).fill(title)
      await page
        .getByLabel(/Tóm tắt \(sapo\)/)
        .fill('Sáu tháng đầu năm, Khu kinh tế tỉnh thu hút thêm nhiều dự án đầu tư mới.')
      // The hero image is picked from the library the editor just uploaded to.
      const hero = page.locator('#field-heroImage')
      await hero.getByRole('button', { name: 'Chọn từ thư viện' }).click()
      const library = page.locator('.drawer--is-open').last()
      await library.getByText(imageName).first().click()
      await hero.getByText(imageName).waitFor()
      const body = page.locator('.rich-text-lexical [contenteditable="true"]').first()
      await body.click()
      await page.keyboard.type(
        'Sáng 02/7/2025, ông Nguyễn Văn Hùng, Phó Trưởng Ban Quản lý Khu kinh tế tỉnh, cho biết sáu tháng đầu năm Khu kinh tế đã thu hút thêm nhiều dự án.',
      )
      // The topic is a list the board keeps; the editor only picks from it.
      const topics = page.locator('#field-topics')
      await topics.locator('.rs__control').click()
      await page.getByRole('option', { name: topic, exact: true }).click()
      await topics.locator('.rs__multi-value').filter({ hasText: topic }).waitFor()
      await page.getByRole('textbox', { name: /^Tiêu đề \*/ }).scrollIntoViewIfNeeded()
      await guideShot(page, 'viet-bai')
    })

    await step(page, 'guide-save-draft', async () => {
      await saveDraft(page)
      await page.waitForURL(/\/admin\/collections\/articles\/\d+/)
      articleId = /articles\/(\d+)/.exec(page.url())![1]!
      expect(await page.getByText('Trạng thái: Bản nháp').count()).toBeGreaterThan(0)
    })

    await step(page, 'guide-links', async () => {
      await page.reload()
      await page.getByRole('button', { name: 'Liên kết', exact: true }).click()
      const people = page.locator('#field-people')
      await people.getByText(person).waitFor()
      await guideShot(page, 'lien-ket')
    })

    await step(page, 'guide-submit', async () => {
      expect(await choose(page, 'reviewState', 'Chờ duyệt')).toEqual(['Bản nháp', 'Chờ duyệt'])
      await saveDraft(page)
      await page.reload()
      await page.locator('#field-reviewState .rs__single-value', { hasText: 'Chờ duyệt' }).waitFor()
      expect(await page.getByRole('button', { name: /Xuất bản/ }).count()).toBe(0)
      await guideShot(page, 'gui-duyet')
    })
    await context.close()
  })

  it('should let the board return it with a note, and the editor read the note and reply', async () => {
    requireArticle()
    const board = await session()
    await step(board.page, 'guide-board-returns', async () => {
      await logIn(board.page, 'bbt@example.com', server.password)
      const queue = queueOf(board.page)
      await queue.getByRole('link', { name: title }).waitFor()
      await queue.getByRole('button', { name: `Trả lại: ${title}` }).click()
      await queue.getByLabel('Ý kiến trả lại').fill(note)
      await guideShot(board.page, 'bbt-tra-lai', queue)
      await queue.getByRole('button', { name: 'Gửi trả lại' }).click()
      // The editor's visit may still hold Payload's lock on the article: the board insists.
      const status = queue.getByRole('status')
      const done = status.getByText(`Đã trả lại kèm ý kiến: ${title}`)
      const locked = status.getByText(/đang được mở để sửa ở máy khác/)
      await done.or(locked).first().waitFor()
      if ((await locked.count()) > 0) {
        await queue.getByRole('button', { name: 'Vẫn thực hiện' }).click()
      }
      await done.waitFor()
    })
    await board.context.close()

    const { context, page } = await session()
    await step(page, 'guide-editor-reads-note-on-dashboard', async () => {
      await logIn(page, 'editor.bqlkkt@example.com', server.password)
      const list = departmentListOf(page)
      const row = list.getByRole('row').filter({ hasText: title })
      await row.waitFor()
      expect(await row.innerText()).toContain('Trả lại')
      expect(await row.innerText()).toContain(note)
      await guideShot(page, 'y-kien-bbt', list)
    })

    const thread = page.locator('#field-reviewThread')
    await step(page, 'guide-editor-reads-thread', async () => {
      await page.goto(`/admin/collections/articles/${articleId}`)
      await page.getByRole('button', { name: 'Trao đổi biên tập', exact: true }).click()
      await thread.getByText(note).first().waitFor()
      await guideShot(page, 'trao-doi-bien-tap')
    })

    await step(page, 'guide-editor-replies', async () => {
      await page.locator('#field-reviewReply').fill(reply)
      await saveDraft(page)
      await page.reload()
      await page.getByRole('button', { name: 'Trao đổi biên tập', exact: true }).click()
      await thread.getByText(reply).first().waitFor()
      // Oldest first: the board's note, then the reply.
      const notes = await thread
        .locator('textarea')
        .evaluateAll((boxes) => boxes.map((box) => (box as HTMLTextAreaElement).value))
      expect(notes).toEqual([note, reply])
      expect(await page.locator('#field-reviewReply').inputValue()).toBe('')
      await guideShot(page, 'tra-loi', thread)
    })
    await context.close()
  })

  it('should find people by typing without tones', async () => {
    const { context, page } = await session()
    await step(page, 'guide-search', async () => {
      await logIn(page, 'editor.bqlkkt@example.com', server.password)
      await page.goto('/admin/collections/people')
      const box = page.locator('#search-filter-input')
      await box.waitFor()
      await box.fill('nguyen van')
      await page.waitForURL((url) => url.searchParams.get('search') === 'nguyen van')
      await page.waitForLoadState('networkidle')
      const table = page.locator('.table table')
      await table.getByText(person).waitFor()
      expect(await table.getByText(otherPerson).count()).toBe(0)
      const names = await table.locator('tbody td.cell-name').allInnerTexts()
      expect(names.length).toBeGreaterThan(0)
      for (const name of names) {
        expect(name).toContain('Nguyễn Văn')
      }
      await guideShot(page, 'tim-kiem')
    })
    await context.close()
  })
})
