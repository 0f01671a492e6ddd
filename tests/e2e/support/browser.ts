import type { Browser, BrowserContext, Page } from 'playwright-core'

import fs from 'node:fs'
import path from 'node:path'
import { chromium } from 'playwright-core'

import type { ServerState } from './paths'
import { ARTIFACTS, STATE_FILE } from './paths'

/** The server globalSetup started. */
export const serverState = (): ServerState =>
  JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as ServerState

/** The system Chromium, headless; the suite never downloads a browser. */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  })

/**
 * A fresh browser profile, as a person on their own computer: no cookies, Vietnamese locale. The
 * editor's guide passes a smaller viewport so its screenshots look like an office screen.
 */
export const newSession = async (
  browser: Browser,
  baseUrl: string,
  viewport: { height: number; width: number } = { height: 1000, width: 1400 },
): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await browser.newContext({
    baseURL: baseUrl,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport,
  })
  // The server is slow to render on 2 cores; every wait is generous.
  context.setDefaultTimeout(60_000)
  context.setDefaultNavigationTimeout(120_000)
  const page = await context.newPage()
  return { context, page }
}

let stepNumber = 0

/**
 * One step a person takes. Saves a screenshot of how the page looks afterwards; when the step
 * fails, saves one of the failing page and prints its path.
 */
export const step = async <T>(page: Page, name: string, action: () => Promise<T>): Promise<T> => {
  stepNumber += 1
  const file = (suffix = '') =>
    path.join(ARTIFACTS, `${String(stepNumber).padStart(2, '0')}-${name}${suffix}.png`)
  try {
    const result = await action()
    await page.screenshot({ fullPage: true, path: file() })
    return result
  } catch (error) {
    const failed = file('-FAILED')
    await page.screenshot({ fullPage: true, path: failed }).catch(() => undefined)
    process.stderr.write(`\ne2e step "${name}" failed; screenshot: ${failed}\n`)
    throw error
  }
}
