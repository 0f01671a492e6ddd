import { fold } from './fold'

/**
 * A URL slug for Vietnamese text: tones stripped, đ → d, words joined by hyphens
 * ("Kiểm tra công tác" → "kiem-tra-cong-tac"). Payload's default slugify drops these letters instead.
 */
export const slugify = (value: string): string =>
  fold(value)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200)
    .replace(/-+$/, '')
