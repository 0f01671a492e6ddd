import type { Page } from 'playwright-core'

/** Signs in through the admin's own login form, as a person would. */
export const logIn = async (page: Page, email: string, password: string) => {
  await page.goto('/admin/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Mật khẩu').fill(password)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await page.waitForURL((url) => !url.pathname.endsWith('/login'))
  await page.waitForLoadState('networkidle')
}

/**
 * Picks a value in one of Payload's select fields (react-select), by the option's label, and
 * returns the labels the field offered.
 */
export const choose = async (page: Page, fieldName: string, option: string): Promise<string[]> => {
  const field = page.locator(`#field-${fieldName}`)
  await field.locator('.rs__control').click()
  const options = page.getByRole('option')
  await options.first().waitFor()
  const offered = await options.allInnerTexts()
  await page.getByRole('option', { name: option, exact: true }).click()
  await field.locator('.rs__single-value').filter({ hasText: option }).waitFor()
  return offered.map((label) => label.trim())
}

/**
 * Clicks "Lưu bản nháp" and waits until this save is answered and Payload confirms it: "Tin bài đã
 * được tạo thành công." the first time, "Bản nháp đã được lưu thành công." afterwards.
 */
export const saveDraft = async (page: Page) => {
  // Not an autosave's answer (…&autosave=true), which may come in between.
  const answered = page.waitForResponse(
    (response) =>
      /\/api\/articles(\/\d+)?\?/.test(response.url()) &&
      !response.url().includes('autosave=true') &&
      ['PATCH', 'POST'].includes(response.request().method()),
  )
  await page.getByRole('button', { name: 'Lưu bản nháp' }).click()
  const response = await answered
  if (!response.ok()) {
    throw new Error(`saving the draft failed: ${response.status()} ${await response.text()}`)
  }
  await page
    .getByText(/^(Tin bài đã được tạo thành công|Bản nháp đã được lưu thành công)\.$/)
    .first()
    .waitFor()
  await page.waitForLoadState('networkidle')
}

/** The text a field shows, e.g. the chips of a relationship field. */
export const fieldText = async (page: Page, fieldName: string): Promise<string> =>
  page.locator(`#field-${fieldName}`).innerText()

/** The answer to the next autosave of article `id` (Payload's PATCH …?autosave=true). */
export const nextAutosave = (page: Page, id: number | string) =>
  page.waitForResponse(
    (response) =>
      response.url().includes(`/api/articles/${id}?`) &&
      response.url().includes('autosave=true') &&
      response.request().method() === 'PATCH',
    // The admin autosaves 10 s after the last change; the server is slow on 2 cores.
    { timeout: 90_000 },
  )
