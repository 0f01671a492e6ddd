import type { Browser, Page } from 'playwright-core'

import { logIn } from './support/admin'
import { launchBrowser, newSession, serverState, step } from './support/browser'
import type { ServerState } from './support/paths'
import { restClient } from './support/rest'

/**
 * An editor searches the admin's lists the way Vietnamese editors type: without tones, in lower
 * case, document numbers included, and finds the records written with them.
 */
describe('admin list search without diacritics', () => {
  let browser: Browser
  let server: ServerState
  const found = 'Nguyễn Văn Thành'
  const other = 'Trần Thị Hoà'

  /** REST calls as the board, outside the browser (setting up what the editor looks for). */
  const { api, tokenOf } = restClient(() => server)

  /** Types into the list's search box and waits for the list the server answers. */
  const searchList = async (page: Page, collection: string, text: string) => {
    await page.goto(`/admin/collections/${collection}`)
    const box = page.locator('#search-filter-input')
    await box.waitFor()
    await box.fill(text)
    await page.waitForURL((url) => url.searchParams.get('search') === text)
    await page.waitForLoadState('networkidle')
    return page.locator('.table table, .collection-list__no-results').first()
  }

  beforeAll(async () => {
    server = serverState()
    browser = await launchBrowser()
    const token = await tokenOf('bbt@example.com')
    const bql = await api('/api/organizations?where[shortName][equals]=BQLKKT&depth=0', { token })
    const department = bql.body.docs[0].id
    for (const name of [found, other]) {
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

  it('should find "Nguyễn Văn …" in the People list when the editor types "nguyen van"', async () => {
    const { context, page } = await session()
    await logIn(page, 'editor.bqlkkt@example.com', server.password)
    await step(page, 'search-people-without-tones', async () => {
      const list = await searchList(page, 'people', 'nguyen van')
      await list.getByText(found).waitFor()
      expect(await list.getByText(other).count()).toBe(0)
    })
    await step(page, 'search-people-upper-case', async () => {
      const list = await searchList(page, 'people', 'TRAN THI HOA')
      await list.getByText(other).waitFor()
      expect(await list.getByText(found).count()).toBe(0)
    })
    await context.close()
  })

  it('should find a plan by its number typed in lower case', async () => {
    const { context, page } = await session()
    await logIn(page, 'editor.bqlkkt@example.com', server.password)
    await step(page, 'search-plans-lower-case-number', async () => {
      const list = await searchList(page, 'plans', '82/kh-bqlkkt')
      await list.getByText('82/KH-BQLKKT').first().waitFor()
      expect(await list.getByText('83/KH-BQLKKT').count()).toBe(0)
    })
    await step(page, 'search-articles-without-tones', async () => {
      const list = await searchList(page, 'articles', 'cai cach hanh chinh')
      await list
        .getByText(/cải cách hành chính/i)
        .first()
        .waitFor()
    })
    await context.close()
  })

  const session = async () => newSession(browser, server.baseUrl)
})
