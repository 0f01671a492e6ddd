import type { Locator, Page } from 'playwright-core'

import fs from 'node:fs'
import path from 'node:path'

import { compressScreenshot } from './png'

/** Where the editor's guide (docs/huong-dan-bien-tap.md) finds its pictures. */
export const GUIDE_IMAGES = path.resolve(process.cwd(), 'docs/img')

/** An ordinary office screen; every picture of the guide is taken at this size. */
export const GUIDE_VIEWPORT = { height: 800, width: 1280 }

/**
 * Saves a picture for the guide as docs/img/<name>.png: the visible screen, or only `target`
 * when given (cropped to what the paragraph talks about).
 */
export const guideShot = async (page: Page, name: string, target?: Locator): Promise<string> => {
  fs.mkdirSync(GUIDE_IMAGES, { recursive: true })
  const options = { animations: 'disabled', caret: 'hide', scale: 'css' } as const
  // Let fonts and late renders settle, so the picture shows what a person sees.
  await page.evaluate(() => document.fonts.ready)
  const raw = target ? await target.screenshot(options) : await page.screenshot(options)
  const file = path.join(GUIDE_IMAGES, `${name}.png`)
  fs.writeFileSync(file, compressScreenshot(raw))
  return file
}
