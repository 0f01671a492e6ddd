import type { Browser, Locator, Page } from 'playwright-core'

import { choose, fieldText, logIn, saveDraft } from './support/admin'
import { launchBrowser, newSession, serverState, step } from './support/browser'
import type { ServerState } from './support/paths'
import { restClient } from './support/rest'
import { makePng } from './support/png'

/**
 * One article's whole life in the admin, in the order people do it: a BQLKKT editor writes and
 * submits it, the Sở Nội vụ editor cannot see it, the board returns it with a note, the editor
 * fixes and resubmits it, the board approves it, and a frontend reads it over GraphQL and REST.
 */
describe('the editorial workflow in the admin', () => {
  let browser: Browser
  let server: ServerState
  let articleId = ''
  const title = 'Hội nghị triển khai Kế hoạch cải cách hành chính năm 2024'
  const fixedTitle = `${title} (đã bổ sung)`
  const note = 'Đề nghị bổ sung kết quả năm 2023 vào phần mở đầu.'
  const imageAlt = 'Toàn cảnh hội nghị tại hội trường Ban Quản lý'
  const imageCaption = 'Hội nghị triển khai kế hoạch cải cách hành chính năm 2024'

  const session = async () => newSession(browser, server.baseUrl)
  /** REST calls as a person with their own token, outside the browser. */
  const { api, tokenOf } = restClient(() => server)

  /**
   * Clicks one of the queue's decisions. Payload locks an article for 5 minutes whenever someone
   * opens it, so the editor's last visit may still hold it: then the queue says so and the board
   * insists with "Vẫn thực hiện". Either way the decision must end up done.
   */
  const decide = async (queue: Locator, action: string, done: string) => {
    await queue.getByRole('button', { name: action }).click()
    const status = queue.getByRole('status')
    const locked = status.getByText(/đang được mở để sửa ở máy khác/)
    await status.getByText(done).or(locked).first().waitFor()
    if ((await locked.count()) > 0) {
      await queue.getByRole('button', { name: 'Vẫn thực hiện' }).click()
    }
    await status.getByText(done).waitFor()
  }

  /** Later flows build on the editor's article; without it they would only time out. */
  const requireArticle = () => {
    if (!articleId) {
      throw new Error("the editor's article was not created (see the first failure)")
    }
  }

  beforeAll(async () => {
    server = serverState()
    browser = await launchBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it('should let a BQLKKT editor write an illustrated article, see its links and submit it', async () => {
    const { context, page } = await session()

    await step(page, 'editor-login-page', async () => {
      await page.goto('/admin')
      await page.getByRole('button', { name: 'Đăng nhập' }).waitFor()
      expect(await page.getByText('Mật khẩu').count()).toBeGreaterThan(0)
      expect(await page.getByText('Quên mật khẩu?').count()).toBe(1)
    })

    await step(page, 'editor-dashboard', async () => {
      await logIn(page, 'editor.bqlkkt@example.com', server.password)
      const section = page.getByRole('region', { name: 'Tin bài của đơn vị' })
      await section.waitFor()
      expect(await section.innerText()).toContain('Ban Quản lý Khu kinh tế tỉnh')
    })

    await step(page, 'editor-writes-article', async () => {
      await page.goto('/admin/collections/articles/create')
      await page.getByRole('textbox', { name: /^Tiêu đề \*/ }).fill(title)
      await page
        .getByLabel(/Tóm tắt \(sapo\)/)
        .fill('Ban Quản lý Khu kinh tế tỉnh triển khai nhiệm vụ cải cách hành chính năm 2024.')
      const body = page.locator('.rich-text-lexical [contenteditable="true"]').first()
      await body.click()
      await page.keyboard.type('## Nhiệm vụ trọng tâm')
      await page.keyboard.press('Enter')
      await page.keyboard.type(
        'Sáng 10/01/2024, ông Nguyễn Văn Bình, Giám đốc Sở Nội vụ, dự hội nghị triển khai Kế hoạch số 12/KH-BQLKKT ngày 05/01/2024 về cải cách hành chính năm 2024.',
      )
      await page.keyboard.press('Enter')
      await page.keyboard.type('- Rà soát, đơn giản hóa thủ tục hành chính')
      await page.keyboard.press('Enter')
      await page.keyboard.type('Đẩy mạnh dịch vụ công trực tuyến')
      await page.keyboard.press('Enter')
      await page.keyboard.press('Enter')
      await body.locator('h2', { hasText: 'Nhiệm vụ trọng tâm' }).waitFor()
      expect(await body.locator('ul > li').count()).toBe(2)
    })

    await step(page, 'editor-uploads-image', async () => {
      await page.keyboard.type('/')
      await page
        .getByRole('listbox', { name: 'Slash menu' })
        .getByRole('option', { name: 'Tải lên' })
        .click()
      const library = page
        .locator('dialog, .drawer')
        .filter({ hasText: 'Thư viện ảnh, tệp' })
        .last()
      // Payload's own aria-label here reads "Thêm mới: [object Object]", so find the visible words.
      await library.getByText('Tạo mới', { exact: true }).first().click()
      await page
        .locator('input[type="file"]')
        .last()
        .setInputFiles({
          buffer: makePng(160, 90),
          mimeType: 'image/png',
          name: `${server.uploadPrefix}-hoi-nghi.png`,
        })
      // In drawers Payload's labels point at another id (field-alt-2), so go by the field's name.
      const upload = page.locator('.drawer--is-open').last()
      await upload.getByText('Mô tả ảnh (alt)').waitFor()
      await upload.locator('input[name="alt"]').fill(imageAlt)
      await upload.locator('input[name="caption"]').fill(imageCaption)
      await upload.getByRole('button', { name: 'Lưu', exact: true }).click()
      await page
        .locator('.rich-text-lexical')
        .locator(`[data-filename^="${server.uploadPrefix}-hoi-nghi"]`)
        .waitFor()
    })

    await step(page, 'editor-saves-draft', async () => {
      await saveDraft(page)
      await page.waitForURL(/\/admin\/collections\/articles\/\d+/)
      articleId = /articles\/(\d+)/.exec(page.url())![1]!
      expect(await page.getByText('Trạng thái: Bản nháp').count()).toBeGreaterThan(0)
    })

    await step(page, 'editor-sees-links', async () => {
      await page.reload()
      await page.getByRole('button', { name: 'Liên kết', exact: true }).click()
      await page.locator('#field-people').getByText('Nguyễn Văn Bình').waitFor()
      expect(await fieldText(page, 'plans')).toContain('12/KH-BQLKKT')
      expect(await fieldText(page, 'organizations')).toContain('Sở Nội vụ')
    })

    await step(page, 'editor-has-no-publish-button', async () => {
      await page.getByRole('button', { name: 'Lưu bản nháp' }).waitFor()
      expect(await page.getByRole('button', { name: /Xuất bản/ }).count()).toBe(0)
    })

    const preview = await context.newPage()
    await step(preview, 'editor-previews-article', async () => {
      const href = await page.locator('#preview-button').getAttribute('href')
      await preview.goto(href!)
      await preview.getByRole('heading', { level: 1, name: title }).waitFor()
      expect(
        await preview.getByRole('heading', { level: 2, name: 'Nhiệm vụ trọng tâm' }).count(),
      ).toBe(1)
      expect(
        await preview
          .getByRole('listitem')
          .filter({ hasText: 'Đẩy mạnh dịch vụ công trực tuyến' })
          .count(),
      ).toBe(1)
      expect(await preview.getByRole('img', { name: imageAlt }).count()).toBe(1)
      expect(await preview.locator('figcaption').innerText()).toBe(imageCaption)
      const people = preview.locator('section', { hasText: 'Nhân sự được nhắc đến' })
      expect(await people.innerText()).toContain('Nguyễn Văn Bình')
      const plans = preview.locator('section', { hasText: 'Kế hoạch được dẫn' })
      expect(await plans.innerText()).toContain('12/KH-BQLKKT ngày 05/01/2024')
    })
    await preview.close()

    await step(page, 'editor-submits', async () => {
      // Returning and publishing are the board's: an editor is not even offered them.
      expect(await choose(page, 'reviewState', 'Chờ duyệt')).toEqual(['Bản nháp', 'Chờ duyệt'])
      await saveDraft(page)
      await page.reload()
      await page.locator('#field-reviewState .rs__single-value', { hasText: 'Chờ duyệt' }).waitFor()
    })

    await step(page, 'editor-list', async () => {
      await page.locator('.step-nav').getByRole('link', { name: 'Tin bài' }).click()
      const row = page.getByRole('row').filter({ hasText: title })
      // Relationship cells fill in after the row appears; exact, because the row's lock icon has a
      // tooltip "editor.bqlkkt@example.com đang chỉnh sửa" too.
      await row.getByText('editor.bqlkkt@example.com', { exact: true }).waitFor()
      const cells = await row.innerText()
      expect(cells).toContain('Chờ duyệt')
      expect(cells).toContain('Ban Quản lý Khu kinh tế tỉnh')
      const headers = await page.locator('thead').innerText()
      for (const column of ['Tiêu đề', 'Trạng thái duyệt', 'Người tạo bài', 'Ngày cập nhật']) {
        expect(headers).toContain(column)
      }
    })
    await context.close()
  })

  it('should keep the draft away from the Sở Nội vụ editor: not listed, not found, not opened', async () => {
    requireArticle()
    const { context, page } = await session()
    await logIn(page, 'editor.snv@example.com', server.password)

    await step(page, 'snv-dashboard', async () => {
      const section = page.getByRole('region', { name: 'Tin bài của đơn vị' })
      await section.waitFor()
      expect(await section.innerText()).toContain('Sở Nội vụ')
      expect(await section.innerText()).not.toContain(title)
    })

    await step(page, 'snv-list', async () => {
      await page.goto('/admin/collections/articles')
      await page.getByRole('heading', { name: 'Tin bài', exact: true }).waitFor()
      await page.waitForLoadState('networkidle')
      expect(await page.getByText(title).count()).toBe(0)
    })

    await step(page, 'snv-search', async () => {
      await page.getByPlaceholder(/^Tìm với/).fill('cải cách hành chính năm 2024')
      await page.waitForURL(/search=/)
      await page.getByText('Không có kết quả.').waitFor()
      expect(await page.getByText(title).count()).toBe(0)
    })

    await step(page, 'snv-opens-url', async () => {
      await page.goto(`/admin/collections/articles/${articleId}`)
      await page
        .getByText(`Tài liệu có ID ${articleId} không thể tìm thấy`, { exact: false })
        .waitFor()
      expect(await page.getByText('bạn có thể không có quyền truy cập vào nó').count()).toBe(1)
      expect(await page.getByText(title).count()).toBe(0)
      expect(await page.getByRole('textbox', { name: /^Tiêu đề \*/ }).count()).toBe(0)
    })

    await step(page, 'snv-opens-preview', async () => {
      const response = await page.goto(`/preview/articles/${articleId}`)
      expect(response?.status()).toBe(404)
      await page.getByRole('heading', { name: 'Không tìm thấy bài' }).waitFor()
      expect(await page.getByText(title).count()).toBe(0)
    })
    await context.close()
  })

  it('should let the board return it with a note, the editor fix and resubmit it, and the board approve it', async () => {
    requireArticle()
    const board = await session()
    const editor = await session()

    await step(board.page, 'board-queue', async () => {
      await logIn(board.page, 'bbt@example.com', server.password)
      const queue = board.page.getByRole('region', { name: /^Chờ duyệt/ })
      await queue.getByRole('link', { name: title }).waitFor()
      expect(await queue.innerText()).toContain('Ban Quản lý Khu kinh tế tỉnh')
    })

    await step(board.page, 'board-returns', async () => {
      const queue = board.page.getByRole('region', { name: /^Chờ duyệt/ })
      await queue.getByRole('button', { name: `Trả lại: ${title}` }).click()
      await queue.getByLabel('Ý kiến trả lại').fill(note)
      await decide(queue, 'Gửi trả lại', `Đã trả lại kèm ý kiến: ${title}`)
      await queue.getByText('Không có bài nào chờ duyệt.').waitFor()
    })

    await step(editor.page, 'editor-reads-note', async () => {
      await logIn(editor.page, 'editor.bqlkkt@example.com', server.password)
      const row = editor.page
        .getByRole('region', { name: 'Tin bài của đơn vị' })
        .getByRole('row')
        .filter({ hasText: title })
      await row.waitFor()
      expect(await row.innerText()).toContain('Trả lại')
      expect(await row.innerText()).toContain(note)
    })

    await step(editor.page, 'editor-fixes-and-resubmits', async () => {
      await editor.page.goto(`/admin/collections/articles/${articleId}`)
      expect(await editor.page.locator('#field-reviewNote').inputValue()).toBe(note)
      await editor.page.getByRole('textbox', { name: /^Tiêu đề \*/ }).fill(fixedTitle)
      // The admin reopens the tab last used (Liên kết); the summary is under Nội dung.
      await editor.page.getByRole('button', { name: 'Nội dung', exact: true }).click()
      await editor.page
        .getByLabel(/Tóm tắt \(sapo\)/)
        .fill(
          'Năm 2023, Ban đã hoàn thành 100% nhiệm vụ; năm 2024 tiếp tục triển khai cải cách hành chính.',
        )
      // The returned article's own state stays visible; the editor can only send it back.
      expect(await choose(editor.page, 'reviewState', 'Chờ duyệt')).toEqual([
        'Bản nháp',
        'Chờ duyệt',
        'Trả lại',
      ])
      await saveDraft(editor.page)
      await editor.page.reload()
      await editor.page
        .locator('#field-reviewState .rs__single-value', { hasText: 'Chờ duyệt' })
        .waitFor()
    })

    await step(board.page, 'board-approves', async () => {
      await board.page.goto('/admin')
      const queue = board.page.getByRole('region', { name: /^Chờ duyệt/ })
      await queue.getByRole('link', { name: fixedTitle }).waitFor()
      await decide(queue, `Duyệt và xuất bản: ${fixedTitle}`, `Đã duyệt và xuất bản: ${fixedTitle}`)
      await queue.getByText('Không có bài nào chờ duyệt.').waitFor()
    })

    await step(board.page, 'board-sees-published', async () => {
      await board.page.goto(`/admin/collections/articles/${articleId}`)
      await board.page.getByText('Trạng thái: Đã xuất bản').first().waitFor()
      await board.page
        .locator('#field-reviewState .rs__single-value', { hasText: 'Đã xuất bản' })
        .waitFor()
    })
    await board.context.close()
    await editor.context.close()
  })

  it('should serve the published article with its people and plans to a frontend over GraphQL and REST', async () => {
    type Served = {
      _status: string
      people: { name: string }[]
      plans: { issuedOn: string; number: string }[]
      title: string
    }
    requireArticle()
    // An anonymous browser, as a portal frontend: no cookie, no token.
    const { context, page } = await session()
    const graphql = await step(page, 'frontend-graphql', async () => {
      await page.goto('/api/health')
      const answer = await page.evaluate(async (id) => {
        const response = await fetch('/api/graphql', {
          body: JSON.stringify({
            query: `query Article($id: Int!) {
              Article(id: $id) { title _status people { name } plans { number issuedOn } }
            }`,
            variables: { id },
          }),
          headers: { 'content-type': 'application/json' },
          method: 'POST',
        })
        return { body: await response.json(), status: response.status }
      }, Number(articleId))
      await page.setContent(
        `<meta charset="utf-8"><pre style="font: 15px/1.5 sans-serif">${JSON.stringify(answer, null, 2).replace(/</g, '&lt;')}</pre>`,
      )
      return answer as { body: { data?: { Article: Served }; errors?: unknown }; status: number }
    })
    expect(graphql.status).toBe(200)
    expect(graphql.body.errors).toBeUndefined()
    const article = graphql.body.data!.Article
    expect(article.title).toBe(fixedTitle)
    expect(article._status).toBe('published')
    expect(article.people.map((person) => person.name)).toContain('Nguyễn Văn Bình')
    expect(article.plans.map((plan) => plan.number)).toContain('12/KH-BQLKKT')

    const rest = await step(page, 'frontend-rest', async () => {
      const response = await page.goto(`/api/articles/${articleId}?depth=1`)
      return { body: (await response!.json()) as Served, status: response!.status() }
    })
    expect(rest.status).toBe(200)
    expect(rest.body.title).toBe(article.title)
    expect(rest.body.people.map((person) => person.name).sort()).toEqual(
      article.people.map((person) => person.name).sort(),
    )
    expect(rest.body.plans.map((plan) => [plan.number, plan.issuedOn])).toEqual(
      article.plans.map((plan) => [plan.number, plan.issuedOn]),
    )
    await context.close()
  })

  it("should stop an editor's save from silently overwriting a change saved after the form was opened", async () => {
    const editorToken = await tokenOf('editor.bqlkkt@example.com')
    const boardToken = await tokenOf('bbt@example.com')
    const me = (await api('/api/users/me', { token: editorToken })).body.user
    const created = await api('/api/articles?draft=true', {
      body: {
        department: me.department?.id ?? me.department,
        title: 'Thông báo lịch tiếp công dân tháng 12',
      },
      method: 'POST',
      token: editorToken,
    })
    expect(created.status).toBe(201)
    const id = created.body.doc.id as number
    const titleBox = (page: Page) => page.getByRole('textbox', { name: /^Tiêu đề \*/ })

    const { context, page } = await session()
    await step(page, 'editor-opens-article', async () => {
      await logIn(page, 'editor.bqlkkt@example.com', server.password)
      await page.goto(`/admin/collections/articles/${id}`)
      await titleBox(page).waitFor()
    })

    // Meanwhile the board corrects the title from elsewhere (overriding the editor's lock, as the
    // review queue's "Vẫn thực hiện" does).
    const corrected = 'Thông báo lịch tiếp công dân tháng 12 năm 2026'
    const boardSave = await api(`/api/articles/${id}?draft=true&overrideLock=true`, {
      body: { title: corrected },
      method: 'PATCH',
      token: boardToken,
    })
    expect(boardSave.status).toBe(200)

    await step(page, 'editor-save-refused', async () => {
      await titleBox(page).fill('Thông báo lịch tiếp công dân (bản của biên tập viên)')
      const answered = page.waitForResponse(
        (response) =>
          response.url().includes(`/api/articles/${id}`) && response.request().method() === 'PATCH',
      )
      await page.getByRole('button', { name: 'Lưu bản nháp' }).click()
      expect((await answered).status()).toBe(409)
      await page
        .getByText(/đã được người khác lưu sau khi bạn mở/)
        .first()
        .waitFor()
    })
    // Nothing of the editor's version was written: the board's title stands.
    expect(
      (await api(`/api/articles/${id}?draft=true&depth=0`, { token: boardToken })).body.title,
    ).toBe(corrected)

    await step(page, 'editor-reloads-and-saves-twice', async () => {
      await page.reload()
      await expect(titleBox(page).inputValue()).resolves.toBe(corrected)
      await titleBox(page).fill(`${corrected} (đã xem lại)`)
      await saveDraft(page)
      // The saved form holds the new version, so saving again is not mistaken for a conflict.
      await titleBox(page).fill(`${corrected} (đã xem lại lần 2)`)
      await saveDraft(page)
    })
    expect(
      (await api(`/api/articles/${id}?draft=true&depth=0`, { token: boardToken })).body.title,
    ).toBe(`${corrected} (đã xem lại lần 2)`)
    await context.close()
  })
})
